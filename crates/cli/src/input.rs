//! Reading input files: JSON documents and JSON Schemas, with errors that name the file
//! (and the line and column of a syntax error).

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Why an input file cannot be used.
#[derive(Debug)]
pub(crate) struct InputError {
    path: PathBuf,
    problem: Problem,
}

#[derive(Debug)]
enum Problem {
    Read(std::io::Error),
    Syntax(serde_json::Error),
    NotASchema(&'static str),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.problem {
            Problem::Read(e) => write!(f, "cannot read {path}: {e}"),
            Problem::Syntax(e) => write!(
                f,
                "{path} is not valid JSON: {} (line {}, column {})",
                syntax_message(e),
                e.line(),
                e.column()
            ),
            Problem::NotASchema(found) => write!(
                f,
                "{path} is not a JSON Schema: a schema is an object or a boolean, found {found}"
            ),
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

/// Reads a JSON document.
pub(crate) fn read_json(path: &Path) -> Result<Value, InputError> {
    let error = |problem| InputError {
        path: path.to_owned(),
        problem,
    };
    let text = fs::read_to_string(path).map_err(|e| error(Problem::Read(e)))?;
    serde_json::from_str(&text).map_err(|e| error(Problem::Syntax(e)))
}

/// Reads a JSON Schema: a JSON document that is an object or a boolean.
pub(crate) fn read_schema(path: &Path) -> Result<Value, InputError> {
    let value = read_json(path)?;
    let found = match &value {
        Value::Object(_) | Value::Bool(_) => return Ok(value),
        Value::Null => "null",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
    };
    Err(InputError {
        path: path.to_owned(),
        problem: Problem::NotASchema(found),
    })
}
