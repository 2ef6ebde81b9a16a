//! The answers a delivery gets, as the platform reads them: 2xx means stored, anything else
//! means "retry".

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};
use vcc_events::DecodeError;
use vcc_events::Problem;

use crate::store::StoreError;
use crate::verify::SignatureError;

/// The outcome of one delivery.
#[derive(Debug)]
pub enum Answer {
    /// 200: a new event, appended and synced.
    Stored,
    /// 200: an event with this `source` and `id` is stored already; nothing was written.
    Duplicate,
    /// 401: the signature is missing or wrong, or the body is not the signed one.
    Unauthorized(SignatureError),
    /// 400: the body is not a valid event of the catalog.
    Invalid(DecodeError),
    /// 400: the body could not be read to its end.
    Unreadable,
    /// 413: the body is larger than the limit (in bytes).
    TooLarge(usize),
    /// 503: the event could not be stored now; the platform will retry.
    Unavailable(StoreError),
}

impl Answer {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Stored | Self::Duplicate => StatusCode::OK,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Invalid(_) | Self::Unreadable => StatusCode::BAD_REQUEST,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The JSON body: `{"status":…}` for a 200, `{"error":…,"message":…}` and what else
    /// locates the problem otherwise.
    pub fn body(&self) -> Value {
        match self {
            Self::Stored => json!({ "status": "stored" }),
            Self::Duplicate => json!({ "status": "duplicate" }),
            Self::Unauthorized(e) => json!({
                "error": "unauthorized",
                "problem": e.code(),
                "message": e.to_string(),
            }),
            Self::Invalid(e) => {
                let at = e.line().zip(e.column());
                json!(InvalidBody {
                    error: "invalid-event",
                    problem: e.problem(),
                    line: at.map(|(line, _)| line),
                    column: at.map(|(_, column)| column),
                })
            }
            Self::Unreadable => json!({
                "error": "unreadable-body",
                "message": "the body could not be read to its end",
            }),
            Self::TooLarge(limit) => json!({
                "error": "too-large",
                "limit": limit,
                "message": format!("the body is larger than {limit} bytes"),
            }),
            Self::Unavailable(e) => json!({
                "error": "unavailable",
                "message": e.to_string(),
            }),
        }
    }
}

/// The body of [`Answer::Invalid`]: the problem as machine-readable output gives it, and the
/// line and column of a syntax error (both or neither).
#[derive(Serialize)]
struct InvalidBody<'a> {
    error: &'static str,
    #[serde(flatten)]
    problem: Problem<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

/// The body of [`Answer::Stored`], as [`Answer::body`] writes it.
const STORED: &[u8] = br#"{"status":"stored"}"#;
/// The body of [`Answer::Duplicate`], as [`Answer::body`] writes it.
const DUPLICATE: &[u8] = br#"{"status":"duplicate"}"#;

/// A 200 with a fixed JSON body: nothing built or serialized per request.
fn ok(body: &'static [u8]) -> Response {
    let mut response = Response::new(Body::from(body));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        match self {
            Self::Stored => return ok(STORED),
            Self::Duplicate => return ok(DUPLICATE),
            _ => {}
        }
        let mut response = (self.status(), axum::Json(self.body())).into_response();
        if matches!(self, Self::Unavailable(_)) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_bodies_are_the_json_bodies() {
        for (answer, fixed) in [(Answer::Stored, STORED), (Answer::Duplicate, DUPLICATE)] {
            let parsed: Value = serde_json::from_slice(fixed).unwrap();
            assert_eq!(parsed, answer.body());
            assert_eq!(answer.status(), StatusCode::OK);
        }
    }

    #[test]
    fn an_invalid_event_answers_the_problem_and_a_syntax_error_its_position() {
        use vcc_events::Rule;
        let rule = DecodeError::new("/data", Rule::Type, "expected an object");
        assert_eq!(
            Answer::Invalid(rule).body(),
            json!({"error": "invalid-event", "pointer": "/data", "rule": "type",
                   "message": "expected an object"})
        );
        let syntax = vcc_events::AnyEvent::from_slice(b"{\n  nope").unwrap_err();
        let body = Answer::Invalid(syntax.clone()).body();
        assert_eq!(body["rule"], "syntax");
        assert_eq!(body["line"], json!(syntax.line().unwrap()));
        assert_eq!(body["column"], json!(syntax.column().unwrap()));
    }
}
