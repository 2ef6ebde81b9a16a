//! The receiver's log of refused deliveries: one line on stderr per answer that is not a 2xx
//! (its status and JSON body, which never hold a secret), at most ten a second.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// The most lines written in one second; the rest are counted and the count is written with
/// the next line shown.
const LINES_PER_SECOND: u32 = 10;

/// The most bytes of an answer's body a line shows.
const MAX_SHOWN: usize = 16 << 10;

/// Which refusals the log shows.
#[derive(Debug)]
pub(crate) struct Refusals {
    window: Mutex<Window>,
}

#[derive(Debug)]
struct Window {
    started: Instant,
    shown: u32,
    hidden: u64,
}

impl Refusals {
    /// An empty log.
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Refusals {
            window: Mutex::new(Window {
                started: Instant::now(),
                shown: 0,
                hidden: 0,
            }),
        })
    }

    /// The line to write for a refusal at `now`, or `None` when this second's lines are used.
    fn line(&self, now: Instant, status: u16, body: &[u8]) -> Option<String> {
        let mut window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        if now.duration_since(window.started) >= Duration::from_secs(1) {
            window.started = now;
            window.shown = 0;
        }
        if window.shown >= LINES_PER_SECOND {
            window.hidden += 1;
            return None;
        }
        window.shown += 1;
        let hidden = std::mem::take(&mut window.hidden);
        let body = String::from_utf8_lossy(&body[..body.len().min(MAX_SHOWN)]);
        Some(if hidden > 0 {
            format!("({hidden} refusals not shown) refused: {status} {body}")
        } else {
            format!("refused: {status} {body}")
        })
    }
}

/// Middleware: passes every answer on, and logs those that are not 2xx.
pub(crate) async fn log(
    State(refusals): State<Arc<Refusals>>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    if response.status().is_success() {
        return response;
    }
    let (parts, body) = response.into_parts();
    // The answers are the receiver's own, small and whole: reading one cannot fail or grow.
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    if let Some(line) = refusals.line(Instant::now(), parts.status.as_u16(), &body) {
        // A closed stderr must not fail the delivery.
        let _ = writeln!(std::io::stderr(), "{line}");
    }
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_one_line_with_its_status_and_answer() {
        let refusals = Refusals::new();
        let line = refusals.line(Instant::now(), 401, br#"{"error":"unauthorized"}"#);
        assert_eq!(
            line.as_deref(),
            Some(r#"refused: 401 {"error":"unauthorized"}"#)
        );
    }

    #[test]
    fn a_line_shows_at_most_16_kib_of_an_answer() {
        let refusals = Refusals::new();
        let line = refusals
            .line(Instant::now(), 400, &[b'x'; 20 << 10])
            .unwrap();
        assert_eq!(line.len(), "refused: 400 ".len() + MAX_SHOWN);
    }

    #[test]
    fn beyond_ten_a_second_refusals_are_counted_and_the_count_comes_with_the_next_line() {
        let refusals = Refusals::new();
        let start = Instant::now();
        let shown = (0..25)
            .filter(|_| refusals.line(start, 400, b"{}").is_some())
            .count();
        assert_eq!(shown, 10);
        let next = refusals.line(start + Duration::from_secs(1), 400, b"{}");
        assert_eq!(
            next.as_deref(),
            Some("(15 refusals not shown) refused: 400 {}")
        );
    }
}
