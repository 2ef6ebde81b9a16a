//! Editing an instance: a value set, or a member or item removed, at a path of steps.

use serde_json::{Map, Value};

/// One step into an instance: a member or an item.
#[derive(Debug, Clone)]
pub(super) enum Step {
    /// The member of that name.
    Member(String),
    /// The item at that index.
    Item(usize),
}

/// `base` with `value` at `path`, creating the objects and arrays on the way.
pub(super) fn set_at(base: &Value, path: &[Step], value: Value) -> Option<Value> {
    let mut out = base.clone();
    let mut cur = &mut out;
    for step in path {
        cur = match step {
            Step::Member(k) => {
                if !cur.is_object() {
                    *cur = Value::Object(Map::new());
                }
                cur.as_object_mut()?.entry(k.clone()).or_insert(Value::Null)
            }
            Step::Item(i) => {
                if !cur.is_array() {
                    *cur = Value::Array(Vec::new());
                }
                let a = cur.as_array_mut()?;
                while a.len() <= *i {
                    a.push(a.first().cloned().unwrap_or(Value::Null));
                }
                a.get_mut(*i)?
            }
        };
    }
    *cur = value;
    Some(out)
}

/// `base` without the member or item at `path`, if it is there.
pub(super) fn remove_at(base: &Value, path: &[Step]) -> Option<Value> {
    let (last, init) = path.split_last()?;
    let mut out = base.clone();
    let mut cur = &mut out;
    for step in init {
        cur = match step {
            Step::Member(k) => cur.as_object_mut()?.get_mut(k)?,
            Step::Item(i) => cur.as_array_mut()?.get_mut(*i)?,
        };
    }
    match last {
        Step::Member(k) => cur.as_object_mut()?.remove(k).map(|_| ())?,
        Step::Item(i) => {
            let a = cur.as_array_mut()?;
            (*i < a.len()).then(|| a.remove(*i))?;
        }
    }
    Some(out)
}
