//! What the code the macros generate (`#[family]`, `#[shapes]`, [`catalog!`](crate::catalog!))
//! calls, and nothing else: re-exports of the crate's internal items, not a public API. Nothing
//! here is versioned; only generated code names it.

pub use serde;
pub use serde_json;

pub use crate::build::missing_member;
pub use crate::catalog::{split_type, unknown_family, unknown_version};
pub use crate::concat::{concat, concat_len, utf8};
pub use crate::de::{Bytes, List, Text, member_name};
pub use crate::decode::family as decode_family;
pub use crate::envelope::read::RawEvent;
pub use crate::envelope::spec::can_state_meaning;
pub use crate::error::{fail, fail_at, fail_at_owned, within, within_owned};
pub use crate::extra::Recorder;
pub use crate::member::{Member, describe_step, member_key};
pub use crate::undeclared::walk::{extra as undeclared_extra, member as undeclared_member};
