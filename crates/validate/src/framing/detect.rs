//! Deciding an input's layout (lines, documents or a batch) from its first bytes.

use super::scan::Scan;
use super::{BYTE_ORDER_MARK, Layout};

/// Decides the layout from the start of an input (`None` while only whitespace was seen).
pub fn detect(start: &[u8], at_eof: bool) -> Option<Layout> {
    let first = start.iter().position(|b| !b.is_ascii_whitespace())?;
    let body = start[first..]
        .strip_prefix(BYTE_ORDER_MARK)
        .unwrap_or(&start[first..]);
    if body.first() == Some(&b'[') {
        return Some(Layout::Batch);
    }
    // Newline-delimited when the first document ends on its first line.
    let mut scan = Scan::default();
    for (i, &b) in start[first..].iter().enumerate() {
        if b == b'\n' {
            return Some(if scan.depth == 0 && i > 0 {
                Layout::Lines
            } else {
                Layout::Documents
            });
        }
        scan.step(b);
        if scan.depth == 0 && scan.started && !scan.in_string {
            // The first document is complete: lines if only whitespace follows up to a newline.
            let rest = &start[first + i + 1..];
            return match rest.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r')) {
                Some(j) if rest[j] == b'\n' => Some(Layout::Lines),
                Some(_) => Some(Layout::Documents),
                None if at_eof => Some(Layout::Documents),
                None => None,
            };
        }
    }
    at_eof.then_some(Layout::Documents)
}
