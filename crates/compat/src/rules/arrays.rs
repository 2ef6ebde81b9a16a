//! Arrays: `prefixItems`, `items` (also the draft-7 list form with `additionalItems`),
//! `unevaluatedItems` and `contains`. Item bounds are in [`bounds`](super::bounds).

use serde_json::{Map, Value};

use super::types::both_accept;
use crate::change::{Breaks, ChangeKind};
use crate::json::{Path, contains_ref, opt_eq};
use crate::walk::{Inherit, TRUE, Walker};

/// Keywords that describe the items of an array.
const ITEM_KEYWORDS: &[&str] = &[
    "prefixItems",
    "items",
    "additionalItems",
    "unevaluatedItems",
];

/// The items of an array as a tuple: schemas by position, then one for the rest.
struct Tuple<'v> {
    prefix: &'v [Value],
    prefix_keyword: &'static str,
    rest: Option<&'v Value>,
    rest_keyword: &'static str,
}

fn tuple(m: &Map<String, Value>) -> Result<Tuple<'_>, ()> {
    let mut t = match m.get("prefixItems") {
        Some(Value::Array(p)) => match m.get("items") {
            Some(Value::Array(_)) => return Err(()),
            rest => Tuple {
                prefix: p,
                prefix_keyword: "prefixItems",
                rest,
                rest_keyword: "items",
            },
        },
        Some(_) => return Err(()),
        None => match m.get("items") {
            Some(Value::Array(p)) => Tuple {
                prefix: p,
                prefix_keyword: "items",
                rest: m.get("additionalItems"),
                rest_keyword: "additionalItems",
            },
            rest => Tuple {
                prefix: &[],
                prefix_keyword: "prefixItems",
                rest,
                rest_keyword: "items",
            },
        },
    };
    if t.rest.is_none()
        && let Some(u) = m.get("unevaluatedItems")
    {
        t.rest = Some(u);
        t.rest_keyword = "unevaluatedItems";
    }
    Ok(t)
}

impl Walker<'_> {
    /// Compares the array keywords.
    pub(crate) fn check_array(
        &mut self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        path: &Path,
    ) {
        if !both_accept(o, n, "array") {
            return;
        }
        self.check_items(o, n, path);
        self.check_contains(o, n, path);
    }

    fn check_items(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, path: &Path) {
        let unchanged = ITEM_KEYWORDS
            .iter()
            .all(|k| opt_eq(o.get(*k), n.get(*k)) && !o.get(*k).is_some_and(contains_ref));
        if unchanged {
            return;
        }
        let what = path.what();
        let (Ok(to), Ok(tn)) = (tuple(o), tuple(n)) else {
            if ITEM_KEYWORDS.iter().all(|k| opt_eq(o.get(*k), n.get(*k))) {
                return;
            }
            self.undecidable(
                path,
                format!("The item schemas of {what} changed, but are not well-formed."),
            );
            return;
        };
        let len = to.prefix.len().max(tn.prefix.len());
        for i in 0..len {
            let a = to.prefix.get(i).or(to.rest).unwrap_or(&TRUE);
            let b = tn.prefix.get(i).or(tn.rest).unwrap_or(&TRUE);
            let p = if i < tn.prefix.len() {
                path.child2(tn.prefix_keyword, i.to_string())
            } else {
                path.child2(to.prefix_keyword, i.to_string())
            };
            self.compare(a, b, &p, Inherit::NONE);
        }
        if to.rest.is_some() || tn.rest.is_some() {
            let keyword = if tn.rest.is_some() {
                tn.rest_keyword
            } else {
                to.rest_keyword
            };
            self.compare(
                to.rest.unwrap_or(&TRUE),
                tn.rest.unwrap_or(&TRUE),
                &path.child(keyword),
                Inherit::NONE,
            );
        }
        // `unevaluatedItems` next to `items` is not interpreted.
        for m in [o, n] {
            if m.contains_key("unevaluatedItems")
                && (m.contains_key("items") || m.contains_key("prefixItems"))
                && !self.same(
                    "unevaluatedItems",
                    o.get("unevaluatedItems"),
                    n.get("unevaluatedItems"),
                )
            {
                self.undecidable(
                    &path.child("unevaluatedItems"),
                    format!("`unevaluatedItems` of {what} changed next to `items`; the checker cannot decide its effect."),
                );
                break;
            }
        }
    }

    /// The position of an item every array of the `producer` side has (by `minItems`) whose
    /// schema there only allows values the `reader` side's `contains` accepts, if that
    /// `contains` asks for one match. `added`: the reader is the new schema.
    fn guaranteed_item(
        &mut self,
        producer: &Map<String, Value>,
        reader: &Map<String, Value>,
        contains: &Value,
        path: &Path,
        added: bool,
    ) -> Option<usize> {
        if reader
            .get("minContains")
            .is_some_and(|m| m.as_u64() != Some(1))
        {
            return None;
        }
        let min_items = usize::try_from(producer.get("minItems")?.as_u64()?).ok()?;
        let t = tuple(producer).ok()?;
        (0..min_items.min(t.prefix.len() + 1)).find(|&i| {
            let item = t.prefix.get(i).or(t.rest).unwrap_or(&TRUE);
            if added {
                !self
                    .probe(false, |w| w.compare(item, contains, path, Inherit::NONE))
                    .backward()
            } else {
                !self
                    .probe(false, |w| w.compare(contains, item, path, Inherit::NONE))
                    .forward()
            }
        })
    }

    fn check_contains(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, path: &Path) {
        let p = path.child("contains");
        let what = path.what();
        match (o.get("contains"), n.get("contains")) {
            (None, None) => {}
            (None, Some(c)) => match self.guaranteed_item(o, n, c, &p, true) {
                Some(i) => self.emit(
                    &p,
                    ChangeKind::ContainsAdded,
                    Breaks::None,
                    format!("{what} must now contain a matching item; item {i} of every array older producers send already matches."),
                ),
                None => self.emit(
                    &p,
                    ChangeKind::ContainsAdded,
                    Breaks::Backward,
                    format!("{what} must now contain a matching item; older producers may send arrays without one."),
                ),
            },
            (Some(c), None) => match self.guaranteed_item(n, o, c, &p, false) {
                Some(i) => self.emit(
                    &p,
                    ChangeKind::ContainsRemoved,
                    Breaks::None,
                    format!("{what} no longer has to contain a matching item; item {i} of every array newer producers send still matches."),
                ),
                None => self.emit(
                    &p,
                    ChangeKind::ContainsRemoved,
                    Breaks::Forward,
                    format!("{what} no longer has to contain a matching item; older readers reject arrays without one."),
                ),
            },
            (Some(a), Some(b)) => self.compare(a, b, &p, Inherit::NONE),
        }
    }
}
