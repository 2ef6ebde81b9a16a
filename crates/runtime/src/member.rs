//! How a path into a shared shape is followed at compile time: the [`Member`] trait that
//! `#[shapes]` implements for each field, keyed by [`member_key`] of the field's name.

/// A member of a shape declared with `#[shapes]`, found by [`member_key`] of its Rust field
/// name: how a family whose `subject` path, or a `#[describe]` path, leads into a shared shape
/// learns the member's type and wire name at compile time.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no member of that name, or is not a shared struct",
    label = "not a field of a struct declared with `#[shapes]`",
    note = "a path into a shared shape names, step by step, the Rust fields of structs declared with `#[shapes]`: see the declaration of `{Self}`"
)]
pub trait Member<const KEY: u64> {
    /// The field's Rust type.
    type Type;
    /// The type of the member's value: the field's type without `Option` and `Vec`. A
    /// `#[describe]` path goes on from here.
    type Value;
    /// The member's wire name as a JSON pointer reference token (escaped).
    const TOKEN: &'static str;
    /// The member's wire name.
    const NAME: &'static str;
    /// Whether the member must be present (it is not an `Option`).
    const REQUIRED: bool;
}

/// The wire name of the member `KEY` of `T`: a step of a `#[describe]` path. A call spanned at
/// the path makes a wrong step a compile error there.
pub const fn describe_step<T: Member<KEY>, const KEY: u64>() -> &'static str {
    T::NAME
}

/// The key of a field name in [`Member`]: FNV-1a, 64 bits. The macros emit calls of it, so the
/// key is computed in one place.
pub const fn member_key(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}
