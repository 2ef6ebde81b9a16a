//! The answers a delivery gets, as the platform reads them: 2xx means stored, anything else
//! means "retry".

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use vcc_events::DecodeError;

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
                let mut body = json!({
                    "error": "invalid-event",
                    "rule": e.rule().code(),
                    "pointer": e.pointer(),
                    "message": e.message(),
                });
                if let (Some(line), Some(column)) = (e.line(), e.column()) {
                    body["line"] = json!(line);
                    body["column"] = json!(column);
                }
                body
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
}
