//! Regular expressions compared by the strings they match.
//!
//! A JSON Schema `pattern` accepts a string when the expression matches somewhere in it. For
//! expressions without look-around or back-references, that set of strings is a regular
//! language: each pattern becomes a DFA (with `regex-automata`), and a breadth-first walk of
//! the product of the two DFAs with a UTF-8 automaton finds the shortest string that one
//! pattern accepts and the other rejects, or proves there is none. Both the DFAs and the
//! product walk are bounded; beyond the bounds, or for a pattern the translation does not
//! cover, the answer is [`Inclusion::Unknown`].

use std::collections::{HashMap, VecDeque};

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::util::{start, syntax};
use regex_automata::{Anchored, MatchKind};

/// Largest DFA built for one pattern, in bytes.
const DFA_SIZE_LIMIT: usize = 4 << 20;
/// Most states of the product visited before giving up.
const MAX_PRODUCT_STATES: usize = 50_000;

/// Whether every string one pattern accepts is accepted by another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Inclusion {
    /// Every string accepted by the first is accepted by the second.
    Included,
    /// A string the first accepts and the second rejects (the shortest one).
    Witness(String),
    /// Not decided, and why.
    Unknown(String),
}

/// A compiled pattern.
pub(crate) struct Pattern {
    dfa: dense::DFA<Vec<u32>>,
    start: StateID,
}

impl Pattern {
    /// Compiles an ECMA-262 pattern (as JSON Schema uses them), or says why it cannot.
    pub(crate) fn new(pattern: &str) -> Result<Self, String> {
        let translated = translate(pattern)?;
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .start_kind(StartKind::Anchored)
                    .match_kind(MatchKind::All)
                    .unicode_word_boundary(false)
                    .dfa_size_limit(Some(DFA_SIZE_LIMIT))
                    .determinize_size_limit(Some(DFA_SIZE_LIMIT)),
            )
            .syntax(syntax::Config::new().unicode(true).utf8(true))
            .build(&format!(r"(?s:.*)(?:{translated})(?s:.*)\z"))
            .map_err(|e| {
                if e.to_string().contains("exceeded") {
                    format!("the automaton of `{pattern}` exceeds the size bound")
                } else {
                    format!("`{pattern}` uses a construct the checker does not translate")
                }
            })?;
        let start = dfa
            .start_state(&start::Config::new().anchored(Anchored::Yes))
            .map_err(|_| format!("`{pattern}` has no anchored start"))?;
        Ok(Self { dfa, start })
    }

    fn accepts_at_end(&self, state: StateID) -> bool {
        self.dfa.is_match_state(self.dfa.next_eoi_state(state))
    }
}

/// A state of the product: the two DFAs' states (`None` once the second can never match)
/// and the UTF-8 automaton's.
type Node = (StateID, Option<StateID>, u8);

/// For each state reached, the state and byte it was reached from.
type Parents = HashMap<Node, Option<(Node, u8)>>;

/// Whether every string `a` accepts is accepted by `b` (`b: None` accepts nothing, which
/// turns the search into finding a string `a` accepts).
pub(crate) fn included(a: &Pattern, b: Option<&Pattern>) -> Inclusion {
    let start = (a.start, b.map(|p| p.start), 0u8);
    let mut parent: Parents = HashMap::new();
    parent.insert(start, None);
    let mut queue = VecDeque::from([start]);
    let order = byte_order();
    while let Some(node) = queue.pop_front() {
        let (sa, sb, u) = node;
        if u == 0
            && a.accepts_at_end(sa)
            && !sb.is_some_and(|sb| b.is_some_and(|p| p.accepts_at_end(sb)))
        {
            return Inclusion::Witness(rebuild(&parent, node));
        }
        for &byte in &order {
            let Some(nu) = utf8_next(u, byte) else {
                continue;
            };
            let na = a.dfa.next_state(sa, byte);
            if a.dfa.is_dead_state(na) {
                continue;
            }
            let nb = match (sb, b) {
                (Some(s), Some(p)) => {
                    let n = p.dfa.next_state(s, byte);
                    // Once `b` can never match, only `a` matters.
                    (!p.dfa.is_dead_state(n)).then_some(n)
                }
                _ => None,
            };
            let next = (na, nb, nu);
            if parent.contains_key(&next) {
                continue;
            }
            if parent.len() >= MAX_PRODUCT_STATES {
                return Inclusion::Unknown(
                    "comparing the patterns exceeds the size bound".to_owned(),
                );
            }
            parent.insert(next, Some((node, byte)));
            queue.push_back(next);
        }
    }
    Inclusion::Included
}

fn rebuild(parent: &Parents, mut node: Node) -> String {
    let mut bytes = Vec::new();
    while let Some(Some((prev, byte))) = parent.get(&node) {
        bytes.push(*byte);
        node = *prev;
    }
    bytes.reverse();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Bytes in the order tried: letters and digits first, so that witnesses read well.
fn byte_order() -> Vec<u8> {
    let mut order: Vec<u8> = (b'a'..=b'z')
        .chain(b'0'..=b'9')
        .chain(b'A'..=b'Z')
        .collect();
    order.extend((0u8..=255).filter(|b| !b.is_ascii_alphanumeric() && (0x20..0x7f).contains(b)));
    order.extend((0u8..=255).filter(|b| !(0x20..0x7f).contains(b)));
    order
}

/// One step of the UTF-8 automaton: state 0 is a character boundary; `None` for a byte
/// that cannot follow.
fn utf8_next(state: u8, b: u8) -> Option<u8> {
    match (state, b) {
        (0, 0x00..=0x7f) => Some(0),
        (0, 0xc2..=0xdf) => Some(1),
        (0, 0xe0) => Some(2),
        (0, 0xe1..=0xec | 0xee..=0xef) => Some(3),
        (0, 0xed) => Some(4),
        (0, 0xf0) => Some(5),
        (0, 0xf1..=0xf3) => Some(6),
        (0, 0xf4) => Some(7),
        (1, 0x80..=0xbf) => Some(0),
        (2, 0xa0..=0xbf) | (3, 0x80..=0xbf) | (4, 0x80..=0x9f) => Some(1),
        (5, 0x90..=0xbf) | (6, 0x80..=0xbf) | (7, 0x80..=0x8f) => Some(3),
        _ => None,
    }
}

/// Rewrites an ECMA-262 pattern into the syntax of `regex-automata` with the same meaning,
/// or says which construct it cannot rewrite (look-around, back-references, word
/// boundaries, property escapes).
fn translate(p: &str) -> Result<String, String> {
    const WS: &str = r"\t\n\x0B\x0C\r \u{A0}\u{1680}\u{2000}-\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}\u{FEFF}";
    let unsupported = |what: &str| Err(format!("`{p}` uses {what}, which has no automaton"));
    let mut out = String::new();
    let mut chars = p.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    return unsupported("a trailing backslash");
                };
                match e {
                    'd' => out.push_str("[0-9]"),
                    'D' => out.push_str("[^0-9]"),
                    'w' => out.push_str("[0-9A-Za-z_]"),
                    'W' => out.push_str("[^0-9A-Za-z_]"),
                    's' => out.push_str(&format!("[{WS}]")),
                    'S' => out.push_str(&format!("[^{WS}]")),
                    'b' if in_class => out.push_str(r"\x08"),
                    'b' | 'B' => return unsupported("a word boundary"),
                    '1'..='9' | 'k' => return unsupported("a back-reference"),
                    'p' | 'P' => return unsupported("a property escape"),
                    'c' => return unsupported("a control escape"),
                    '0' => out.push_str(r"\x00"),
                    'n' | 'r' | 't' | 'f' => {
                        out.push('\\');
                        out.push(e);
                    }
                    'v' => out.push_str(r"\x0B"),
                    'x' => out.push_str(r"\x"),
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                        let code = u32::from_str_radix(&hex, 16)
                            .ok()
                            .filter(|_| hex.len() == 4)
                            .and_then(char::from_u32);
                        match code {
                            Some(ch) => out.push_str(&format!(r"\u{{{:X}}}", u32::from(ch))),
                            None => return unsupported("a surrogate or malformed `\\u` escape"),
                        }
                    }
                    e if e.is_ascii_alphanumeric() => return unsupported("an unknown escape"),
                    e => push_literal(&mut out, e),
                }
            }
            '[' if in_class => out.push_str(r"\["),
            '[' => {
                if chars.peek() == Some(&']') {
                    return unsupported("an empty class");
                }
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                    if chars.peek() == Some(&']') {
                        return unsupported("an empty negated class");
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '&' | '~' if in_class => push_literal(&mut out, c),
            '-' if in_class && chars.peek() == Some(&'-') => push_literal(&mut out, c),
            '.' if !in_class => out.push_str(r"[^\n\r\u{2028}\u{2029}]"),
            '(' if !in_class && chars.peek() == Some(&'?') => {
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with("?=")
                    || rest.starts_with("?!")
                    || rest.starts_with("?<=")
                    || rest.starts_with("?<!")
                {
                    return unsupported("look-around");
                }
                out.push('(');
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_punctuation() {
        out.push('\\');
    }
    out.push(c);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compare(a: &str, b: &str) -> Inclusion {
        match (Pattern::new(a), Pattern::new(b)) {
            (Ok(a), Ok(b)) => included(&a, Some(&b)),
            (Err(e), _) | (_, Err(e)) => Inclusion::Unknown(e),
        }
    }

    #[test]
    fn tighter_patterns_are_included_in_looser_ones() {
        assert_eq!(compare("^[a-c]+$", "^[a-z]+$"), Inclusion::Included);
        assert_eq!(compare("^[0-9]{3}$", r"^\d+$"), Inclusion::Included);
        assert_eq!(compare("abc", "b"), Inclusion::Included);
        assert_eq!(compare("^a", "^a|^b"), Inclusion::Included);
    }

    #[test]
    fn a_witness_is_the_shortest_string_told_apart() {
        assert_eq!(
            compare("^[a-z]+$", "^[a-c]+$"),
            Inclusion::Witness("d".to_owned())
        );
        assert_eq!(
            compare(r"^\d+$", "^[0-9]{3}$"),
            Inclusion::Witness("0".to_owned())
        );
        assert_eq!(compare("b", "abc"), Inclusion::Witness("b".to_owned()));
        assert_eq!(compare("^é$", "^e$"), Inclusion::Witness("é".to_owned()));
    }

    #[test]
    fn ecma_classes_are_ascii() {
        // ECMA `\d` is `[0-9]`: an Arabic-Indic digit does not match it.
        assert_eq!(compare("^[0-9]$", r"^\d$"), Inclusion::Included);
        assert_eq!(compare(r"^\d$", "^[0-9]$"), Inclusion::Included);
        assert_eq!(compare("^.$", r"^[^\n]$"), Inclusion::Included);
        assert!(matches!(compare(r"^[^\n]$", "^.$"), Inclusion::Witness(w) if w == "\r"));
    }

    #[test]
    fn constructs_without_an_automaton_are_unknown() {
        for p in [r"(a)\1", "a(?=b)", r"\bword", r"\p{L}"] {
            assert!(Pattern::new(p).is_err(), "{p}");
        }
    }

    #[test]
    fn large_automata_are_unknown() {
        let huge = "^[a-z]{1,500}[0-9]{1,500}[A-Z]{1,500}$";
        let result = match (Pattern::new(huge), Pattern::new("^[a-z]+$")) {
            (Ok(a), Ok(b)) => included(&a, Some(&b)),
            (Err(e), _) | (_, Err(e)) => Inclusion::Unknown(e),
        };
        assert!(
            matches!(result, Inclusion::Unknown(_) | Inclusion::Witness(_)),
            "{result:?}"
        );
    }
}
