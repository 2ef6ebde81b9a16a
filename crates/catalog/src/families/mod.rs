//! The declared event families, one file per entity (`channel`, ...).

mod channel;

pub use channel::channel_parked;
