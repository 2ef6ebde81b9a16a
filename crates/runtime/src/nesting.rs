//! The nesting limit: an event holds at most [`MAX_DEPTH`] arrays and objects inside one
//! another, its own object included: the most `serde_json` reads with its default recursion
//! limit, and about what JSON Schema validators and most parsers partners use accept. A
//! "valid" verdict on deeper input would not hold downstream.
//!
//! Declared members are read by `serde_json`, which enforces the limit itself; the values of
//! members a version does not declare are kept as raw text, which it does not look into, so
//! they are checked here: each object being decoded knows its level (`Level`), and a kept
//! value may only nest as deep as the levels left.

use std::cell::Cell;

/// The most arrays and objects an event may nest, its own object included.
pub const MAX_DEPTH: u32 = 127;

thread_local! {
    /// How many objects are being decoded, one inside another, on this thread.
    static LEVEL: Cell<u32> = const { Cell::new(0) };
}

/// The level of an object being decoded: entered when its decoding starts, left when it ends
/// (also on an early return or an unwind).
#[derive(Debug)]
pub(crate) struct Level(u32);

impl Level {
    /// Enters one more level.
    pub(crate) fn enter() -> Level {
        Level(LEVEL.with(|level| {
            let inner = level.get() + 1;
            level.set(inner);
            inner
        }))
    }

    /// The containers around a member of this object: this object and those enclosing it.
    pub(crate) fn depth(&self) -> u32 {
        self.0
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        LEVEL.with(|level| level.set(self.0 - 1));
    }
}

/// Runs `decode` as if `levels` objects enclosed what it decodes: for a part of an event
/// decoded on its own (a `data` read raw first sits inside the event's object).
pub(crate) fn within_levels<T>(levels: u32, decode: impl FnOnce() -> T) -> T {
    /// Puts the outer level back when dropped, on an unwind too.
    struct Restore(u32);
    impl Drop for Restore {
        fn drop(&mut self) {
            LEVEL.with(|level| level.set(self.0));
        }
    }
    let _restore = Restore(LEVEL.with(|level| level.replace(levels)));
    decode()
}

/// One step into a JSON value: a member name or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// A member of an object.
    Member(String),
    /// An element of an array.
    Index(usize),
}

/// Whether the JSON text `value` nests at most `budget` arrays and objects; if not, the path
/// (outermost step first) to the first container past the budget. `value` is well-formed JSON
/// (serde_json has read it).
pub(crate) fn check(value: &str, budget: u32) -> Result<(), Vec<Step>> {
    let bytes = value.as_bytes();
    // Fast path: fewer brackets than the budget (scalars, and every ordinary value).
    let brackets = bytes.iter().filter(|b| matches!(b, b'[' | b'{')).count();
    if brackets as u64 <= u64::from(budget) {
        return Ok(());
    }
    /// An open container: an array and the index of its current element, or an object and
    /// the name of its current member.
    enum Frame {
        Array(usize),
        Object(Option<String>),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i);
                let mut next = end;
                while next < bytes.len() && bytes[next].is_ascii_whitespace() {
                    next += 1;
                }
                if next < bytes.len()
                    && bytes[next] == b':'
                    && let Some(Frame::Object(name)) = stack.last_mut()
                {
                    *name = serde_json::from_str::<String>(&value[i..end]).ok();
                }
                i = end;
                continue;
            }
            open @ (b'[' | b'{') => {
                if stack.len() as u64 + 1 > u64::from(budget) {
                    return Err(stack
                        .iter()
                        .map(|frame| match frame {
                            Frame::Array(index) => Step::Index(*index),
                            Frame::Object(name) => Step::Member(name.clone().unwrap_or_default()),
                        })
                        .collect());
                }
                stack.push(if open == b'[' {
                    Frame::Array(0)
                } else {
                    Frame::Object(None)
                });
            }
            b']' | b'}' => {
                stack.pop();
            }
            b',' => {
                if let Some(Frame::Array(index)) = stack.last_mut() {
                    *index += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// The index just past the string that starts at `start` (a `"`).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        "[".repeat(depth) + &"]".repeat(depth)
    }

    #[test]
    fn scalars_and_shallow_values_pass() {
        assert_eq!(check("1", 0), Ok(()));
        assert_eq!(check(&nested(3), 3), Ok(()));
        assert_eq!(check(r#"{"a":"[[[[{{{{"}"#, 1), Ok(()));
    }

    #[test]
    fn the_path_leads_to_the_first_container_past_the_budget() {
        assert_eq!(check(&nested(4), 3), Err(vec![Step::Index(0); 3]));
        let value = r#"{"a":1,"b":[0,{"c":[[]]}]}"#;
        assert_eq!(check(value, 5), Ok(()));
        assert_eq!(
            check(value, 4),
            Err(vec![
                Step::Member("b".into()),
                Step::Index(1),
                Step::Member("c".into()),
                Step::Index(0)
            ])
        );
        assert_eq!(
            check(value, 3),
            Err(vec![
                Step::Member("b".into()),
                Step::Index(1),
                Step::Member("c".into())
            ])
        );
        assert_eq!(check(value, 0), Err(vec![]));
    }

    #[test]
    fn member_names_are_read_unescaped() {
        let value = r#"{"a\/b":[[]]}"#;
        assert_eq!(
            check(value, 2),
            Err(vec![Step::Member("a/b".into()), Step::Index(0)])
        );
    }

    #[test]
    fn a_part_decoded_on_its_own_gets_its_level_and_gives_it_back() {
        let outer = Level::enter();
        let inner = within_levels(1, || Level::enter().depth());
        assert_eq!(inner, 2);
        assert_eq!(Level::enter().depth(), outer.depth() + 1);
    }

    #[test]
    fn levels_nest_and_unwind() {
        let outer = Level::enter();
        {
            let inner = Level::enter();
            assert_eq!(inner.depth(), outer.depth() + 1);
        }
        let again = Level::enter();
        assert_eq!(again.depth(), outer.depth() + 1);
    }
}
