//! Decoding errors: where (a JSON pointer) and which rule failed, in words a partner understands.
//!
//! serde reports errors as plain messages. To name the member that failed, the generated
//! decoders record the rule at the innermost failure ([`fail`]) and each enclosing object adds
//! its member name on the way out ([`within`]); [`DecodeError::from_json`] assembles the pointer.
//! Nothing is recorded on the success path.

use std::cell::RefCell;
use std::fmt;

/// The rule an event broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// The input is not well-formed JSON (or is nested too deeply).
    Syntax,
    /// A value has the wrong JSON type (e.g. a number where a string is expected).
    Type,
    /// A required member is missing.
    Required,
    /// A member appears twice in one object.
    Duplicate,
    /// A value must equal a fixed constant (`specversion`, `type`, `source`, `datacontenttype`).
    Const,
    /// An `id` is not a KSUID.
    Ksuid,
    /// A value is not a GUID (8-4-4-4-12 hexadecimal digits).
    Guid,
    /// A value is not an RFC 3339 UTC date-time.
    DateTime,
    /// A value is not a string of decimal digits.
    Digits,
    /// A value is not one of the allowed values.
    AllowedValues,
    /// An extension attribute has a name CloudEvents does not allow.
    ExtensionName,
    /// An extension attribute has a value that is not a string, integer or boolean.
    ExtensionValue,
    /// `data_base64` was sent: these events carry JSON `data`.
    DataBase64,
    /// `subject` does not equal the payload member it is derived from.
    Subject,
    /// The `type` names no family this catalog knows.
    UnknownFamily,
    /// The `type` names a known family at a version this catalog does not know.
    UnknownVersion,
    /// The input is empty.
    Empty,
    /// Arrays and objects nest deeper than [`MAX_DEPTH`](crate::nesting::MAX_DEPTH).
    Depth,
    /// An event is larger than the maximum event size a reader accepts.
    TooLarge,
    /// A member the version does not declare (accepted by readers; reported in strict mode).
    UndeclaredMember,
}

impl Rule {
    /// A stable kebab-case name for machine-readable output.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Syntax => "syntax",
            Rule::Type => "type",
            Rule::Required => "required",
            Rule::Duplicate => "duplicate",
            Rule::Const => "const",
            Rule::Ksuid => "ksuid",
            Rule::Guid => "guid",
            Rule::DateTime => "date-time",
            Rule::Digits => "digits",
            Rule::AllowedValues => "allowed-values",
            Rule::ExtensionName => "extension-name",
            Rule::ExtensionValue => "extension-value",
            Rule::DataBase64 => "data-base64",
            Rule::Subject => "subject",
            Rule::UnknownFamily => "unknown-family",
            Rule::UnknownVersion => "unknown-version",
            Rule::Empty => "empty",
            Rule::Depth => "depth",
            Rule::TooLarge => "too-large",
            Rule::UndeclaredMember => "undeclared-member",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Serialized as its [`code`](Rule::code).
impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// A problem as machine-readable output gives it: the JSON pointer of the member at fault
/// (`""` for the whole event), the rule's [`code`](Rule::code) and the sentence, serialized as
/// `{"pointer":…,"rule":…,"message":…}` in that order. The one JSON form of a problem: the
/// receiver's `400` answers and `vcc-events validate --format json` flatten it into theirs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem<'a> {
    /// The JSON pointer of the member at fault (`""` for the whole event).
    pub pointer: &'a str,
    /// The rule that failed.
    pub rule: Rule,
    /// The sentence that explains it.
    pub message: &'a str,
}

/// Why an event could not be decoded: where, which rule, and a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pointer: String,
    rule: Rule,
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

impl DecodeError {
    /// An error at `pointer` (a JSON pointer, `""` for the whole document).
    pub fn new(pointer: impl Into<String>, rule: Rule, message: impl Into<String>) -> Self {
        DecodeError {
            pointer: pointer.into(),
            rule,
            message: message.into(),
            line: None,
            column: None,
        }
    }

    /// The JSON pointer of the member that failed (`""` for the whole document).
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The rule that failed.
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// The sentence that explains the failure.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The pointer, rule and message, as machine-readable output gives them.
    pub fn problem(&self) -> Problem<'_> {
        Problem {
            pointer: &self.pointer,
            rule: self.rule,
            message: &self.message,
        }
    }

    /// The line (1-based) of a syntax error, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The column (1-based) of a syntax error, when known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// Puts `prefix` (a JSON pointer) in front of the pointer: used for batch items and for
    /// payloads decoded on their own.
    pub fn prefixed(mut self, prefix: &str) -> Self {
        self.pointer.insert_str(0, prefix);
        self
    }

    /// Moves a syntax error's line and column by the position of a fragment in its document.
    pub(crate) fn shifted(mut self, line: usize, column: usize) -> Self {
        if let Some(l) = self.line {
            if l == 1 {
                self.column = self.column.map(|c| c + column - 1);
            }
            self.line = Some(l + line - 1);
        }
        self
    }

    /// Turns a serde_json error into a decode error, with the pointer and rule recorded by
    /// the generated decoders while the error travelled up.
    pub fn from_json(error: serde_json::Error) -> Self {
        let pending = take_pending();
        let syntax = matches!(
            error.classify(),
            serde_json::error::Category::Syntax
                | serde_json::error::Category::Eof
                | serde_json::error::Category::Io
        );
        let (line, column) = (error.line(), error.column());
        let own_message = strip_position(&error.to_string()).to_owned();
        let (pointer, rule, message) = match pending {
            Some(p) if !syntax => (p.pointer(), p.rule, p.message),
            Some(p) => (p.pointer(), Rule::Syntax, own_message),
            None => (
                String::new(),
                if syntax { Rule::Syntax } else { Rule::Type },
                own_message,
            ),
        };
        let mut e = DecodeError::new(pointer, rule, message);
        if syntax && line > 0 {
            e.line = Some(line);
            e.column = Some(column);
        }
        e
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = vcc_events_pointer::display(&self.pointer);
        write!(f, "{pointer}: {}", self.message)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// serde_json appends " at line L column C" to every message; the pointer says more.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i)
            if message[i + 9..]
                .split(" column ")
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) =>
        {
            &message[..i]
        }
        _ => message,
    }
}

/// One step of a JSON pointer.
enum Segment {
    Key(&'static str),
    Owned(String),
    Index(usize),
}

/// The rule and message of the innermost failure, and the path walked out of it so far
/// (innermost segment first).
struct Pending {
    rule: Rule,
    message: String,
    segments: Vec<Segment>,
}

impl Pending {
    fn pointer(&self) -> String {
        let mut out = String::new();
        for segment in self.segments.iter().rev() {
            out.push('/');
            match segment {
                Segment::Key(k) => escape_into(&mut out, k),
                Segment::Owned(k) => escape_into(&mut out, k),
                Segment::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }
}

pub(crate) use vcc_events_pointer::escape_into;

thread_local! {
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
}

fn take_pending() -> Option<Pending> {
    PENDING.with(|p| p.borrow_mut().take())
}

/// Runs one decode with the error channel to itself: a failure left over from a decode that
/// did not go through [`DecodeError::from_json`] is forgotten first, and the failure of this
/// one becomes a [`DecodeError`]. Every entry point of the decoder goes through here.
pub(crate) fn scoped<T>(
    decode: impl FnOnce() -> Result<T, serde_json::Error>,
) -> Result<T, DecodeError> {
    PENDING.with(|p| *p.borrow_mut() = None);
    decode().map_err(DecodeError::from_json)
}

/// Records that `rule` failed here (the innermost value) and returns the serde error to
/// propagate.
pub fn fail<E: serde::de::Error>(rule: Rule, message: impl Into<String>) -> E {
    let message = message.into();
    let error = E::custom(&message);
    PENDING.with(|p| {
        *p.borrow_mut() = Some(Pending {
            rule,
            message,
            segments: Vec::new(),
        })
    });
    error
}

/// Records that `rule` failed at member `key` of the object being decoded (e.g. a missing
/// required member).
pub fn fail_at<E: serde::de::Error>(
    key: &'static str,
    rule: Rule,
    message: impl Into<String>,
) -> E {
    let error = fail(rule, message);
    push(Segment::Key(key));
    error
}

/// Records that `rule` failed at a member whose name is only known at run time.
pub fn fail_at_owned<E: serde::de::Error>(key: &str, rule: Rule, message: impl Into<String>) -> E {
    let error = fail(rule, message);
    push(Segment::Owned(key.to_owned()));
    error
}

/// Records that `rule` failed inside the value of member `key`, at `steps` below it (outermost
/// first).
pub(crate) fn fail_below<E: serde::de::Error>(
    key: &str,
    steps: &[crate::nesting::Step],
    rule: Rule,
    message: impl Into<String>,
) -> E {
    let error = fail(rule, message);
    for step in steps.iter().rev() {
        push(match step {
            crate::nesting::Step::Member(name) => Segment::Owned(name.clone()),
            crate::nesting::Step::Index(index) => Segment::Index(*index),
        });
    }
    push(Segment::Owned(key.to_owned()));
    error
}

fn push(segment: Segment) {
    PENDING.with(|p| {
        if let Some(p) = p.borrow_mut().as_mut() {
            p.segments.push(segment)
        }
    })
}

/// Adds member `key` to the path of an error that comes out of decoding that member's value.
/// An error serde raised on its own (a wrong JSON type, say) is recorded here first.
pub fn within<T, E: serde::de::Error>(key: &'static str, result: Result<T, E>) -> Result<T, E> {
    result.inspect_err(|e| {
        ensure_pending(e);
        push(Segment::Key(key));
    })
}

/// [`within`] for a member whose name is only known at run time.
pub fn within_owned<T, E: serde::de::Error>(key: &str, result: Result<T, E>) -> Result<T, E> {
    result.inspect_err(|e| {
        ensure_pending(e);
        push(Segment::Owned(key.to_owned()));
    })
}

/// [`within`] for an array element.
pub(crate) fn within_index<T, E: serde::de::Error>(
    index: usize,
    result: Result<T, E>,
) -> Result<T, E> {
    result.inspect_err(|e| {
        ensure_pending(e);
        push(Segment::Index(index));
    })
}

fn ensure_pending<E: fmt::Display>(error: &E) {
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = Some(Pending {
                rule: Rule::Type,
                message: strip_position(&error.to_string()).to_owned(),
                segments: Vec::new(),
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_serde_json_position_suffix() {
        assert_eq!(strip_position("oops at line 1 column 20"), "oops");
        assert_eq!(strip_position("at line one"), "at line one");
    }

    #[test]
    fn root_errors_display_as_root() {
        let e = DecodeError::new("", Rule::Empty, "the input is empty");
        assert_eq!(e.to_string(), "(root): the input is empty");
    }

    #[test]
    fn a_problem_serializes_pointer_rule_code_and_message_in_that_order() {
        let e = DecodeError::new("/data/id", Rule::AllowedValues, "not one of them");
        assert_eq!(
            serde_json::to_string(&e.problem()).unwrap(),
            r#"{"pointer":"/data/id","rule":"allowed-values","message":"not one of them"}"#
        );
    }
}
