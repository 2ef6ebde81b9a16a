//! Reading input files: JSON Schemas from a file or standard input (`-`), with a size limit,
//! and errors that name the input (and the line and column of a syntax error).

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use serde_json::Value;
use vcc_events_compat::Document;

/// The default largest input read, in bytes (16 MiB).
pub(crate) const DEFAULT_MAX_INPUT_SIZE: u64 = 16 << 20;

/// Why an input cannot be used.
#[derive(Debug)]
pub(crate) struct InputError {
    name: String,
    problem: Problem,
}

#[derive(Debug)]
enum Problem {
    Read(io::Error),
    TooLarge(u64),
    Syntax(serde_json::Error),
    NotASchema(&'static str),
    /// Valid JSON of the wrong shape: where (a JSON pointer) and what was expected.
    Shape {
        pointer: String,
        expected: String,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        match &self.problem {
            Problem::Read(e) => write!(f, "cannot read {name}: {e}"),
            Problem::TooLarge(limit) => write!(
                f,
                "{name} is larger than {limit} bytes (the limit; see --max-size)"
            ),
            Problem::Syntax(e) => write!(
                f,
                "{name} is not valid JSON: {} (line {}, column {})",
                syntax_message(e),
                e.line(),
                e.column()
            ),
            Problem::NotASchema(found) => write!(
                f,
                "{name} is not a JSON Schema: a schema is an object or a boolean, found {found}"
            ),
            Problem::Shape { pointer, expected } => {
                let at = vcc_events_pointer::display(pointer);
                write!(f, "{name} at {at}: expected {expected}")
            }
        }
    }
}

impl std::error::Error for InputError {}

/// The message of a JSON error without serde_json's own " at line L column C" suffix.
fn syntax_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// Whether the path means standard input.
pub(crate) fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name of an input for messages: `<stdin>` for `-`, otherwise the path with control
/// characters escaped, so that a file name cannot forge a line of output.
pub(crate) fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        return "<stdin>".to_owned();
    }
    path.display()
        .to_string()
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// Reads the text of an input, at most `limit` bytes.
fn read_text(path: &Path, limit: u64) -> Result<String, InputError> {
    let error = |problem| InputError {
        name: display_name(path),
        problem,
    };
    let mut bytes = Vec::new();
    let read = if is_stdin(path) {
        io::stdin().lock().take(limit + 1).read_to_end(&mut bytes)
    } else {
        File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| error(Problem::Read(e)))?;
    if bytes.len() as u64 > limit {
        return Err(error(Problem::TooLarge(limit)));
    }
    String::from_utf8(bytes).map_err(|e| {
        error(Problem::Read(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        )))
    })
}

impl InputError {
    /// The input at `path` is JSON but not of the expected shape: at `pointer`, `expected`
    /// (e.g. "an array") was expected.
    pub(crate) fn shape(path: &Path, pointer: String, expected: impl Into<String>) -> Self {
        Self {
            name: display_name(path),
            problem: Problem::Shape {
                pointer,
                expected: expected.into(),
            },
        }
    }
}

/// Reads a JSON document from a file or standard input (`-`), at most `limit` bytes.
pub(crate) fn read_json(path: &Path, limit: u64) -> Result<Value, InputError> {
    let text = read_text(path, limit)?;
    serde_json::from_str(&text).map_err(|e| InputError {
        name: display_name(path),
        problem: Problem::Syntax(e),
    })
}

/// Reads a JSON Schema (an object or a boolean) from a file or standard input (`-`), keeping
/// the exact text of its numbers.
pub(crate) fn read_schema(path: &Path, limit: u64) -> Result<Document, InputError> {
    let text = read_text(path, limit)?;
    let error = |problem| InputError {
        name: display_name(path),
        problem,
    };
    let document = Document::parse(&text).map_err(|e| error(Problem::Syntax(e)))?;
    let found = match document.value() {
        Value::Object(_) | Value::Bool(_) => return Ok(document),
        Value::Null => "null",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
    };
    Err(error(Problem::NotASchema(found)))
}
