//! The declared event families, one file per entity (`channels`, `agents`), and the shapes
//! several families share.

mod agents;
mod channels;

pub use agents::agent_presencechanged;
pub use channels::{
    channel, channel_alerted, channel_connected, channel_connectionfailed, channel_ended,
    channel_held, channel_parked, channel_resumed, channel_retrieved, channel_unparked,
    channel_wrapstarted,
};
