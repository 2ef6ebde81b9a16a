//! Following strings and nesting byte by byte, to find where a JSON document ends without
//! parsing it.

/// Tracks strings and nesting, byte by byte.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Scan {
    pub(super) depth: usize,
    pub(super) in_string: bool,
    escaped: bool,
    pub(super) started: bool,
}

impl Scan {
    pub(super) fn step(&mut self, b: u8) {
        if self.in_string {
            match b {
                _ if self.escaped => self.escaped = false,
                b'\\' => self.escaped = true,
                b'"' => self.in_string = false,
                _ => {}
            }
            return;
        }
        match b {
            b'"' => {
                self.in_string = true;
                self.started = true;
            }
            b'{' | b'[' => {
                self.depth += 1;
                self.started = true;
            }
            b'}' | b']' => self.depth = self.depth.saturating_sub(1),
            // A byte order mark before a document does not start it.
            0xEF | 0xBB | 0xBF if !self.started => {}
            b if !b.is_ascii_whitespace() => self.started = true,
            _ => {}
        }
    }

    /// Outside any string and container, after the document started.
    pub(super) fn at_top(&self) -> bool {
        self.depth == 0 && !self.in_string && self.started
    }
}
