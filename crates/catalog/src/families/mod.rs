//! The declared event families, one file per entity (`channel`, `agent`).

mod agent;
mod channel;

pub use agent::agent_presencechanged;
pub use channel::{
    channel_alerted, channel_connected, channel_connectionfailed, channel_ended, channel_held,
    channel_parked, channel_resumed, channel_retrieved, channel_unparked, channel_wrapstarted,
};
