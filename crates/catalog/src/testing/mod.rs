//! Generators of valid events for partners' own tests (feature `testing`), derived from the
//! declarations: [`strategy`] holds `proptest` strategies for every event version and for any
//! event; [`ksuid`], [`timestamp`], [`guid`] and [`envelope`] write ids, date-times and events
//! in the platform's forms.
//!
//! ```
//! use proptest::test_runner::TestRunner;
//! use vcc_events::testing::strategy;
//!
//! // In a test, `proptest! { #[test] fn f(event in strategy::event::<...>()) { ... } }`.
//! let mut runner = TestRunner::default();
//! runner
//!     .run(&strategy::event::<vcc_events::channel_parked::v0::Data>(), |event| {
//!         assert_eq!(event.subject, event.data.channel.channel_id);
//!         Ok(())
//!     })
//!     .unwrap();
//! ```

pub mod strategy;

use serde_json::Value;

use crate::VersionInfo;

/// The KSUID epoch (2014-05-13T16:53:20Z) in seconds since the Unix epoch.
pub const KSUID_EPOCH: u64 = 1_400_000_000;

/// A KSUID whose timestamp part is `unix_secs` (seconds since the Unix epoch, from the KSUID
/// epoch on; earlier or later than the 32 bits can hold is clamped) followed by `payload`.
pub fn ksuid(unix_secs: u64, payload: [u8; 16]) -> String {
    let secs = unix_secs
        .saturating_sub(KSUID_EPOCH)
        .min(u64::from(u32::MAX)) as u32;
    let mut number = [0u8; 20];
    number[..4].copy_from_slice(&secs.to_be_bytes());
    number[4..].copy_from_slice(&payload);
    crate::Ksuid::from_bytes(number).as_str().to_owned()
}

/// The seed event's documented example (`channel.parked.v0`), as the platform shows it
/// (indented): the event tests start from.
pub const SEED_EXAMPLE: &str = include_str!("../../events/channel.parked.v0.json");

/// The `id` of [`SEED_EXAMPLE`].
pub const SEED_ID: &str = "2aRffDVJbosbADf1Kw2VY2Qub3Z";

/// [`SEED_EXAMPLE`] with `id` in place of its own: another event, the same in all else.
pub fn seed_with_id(id: &str) -> String {
    SEED_EXAMPLE.replace(SEED_ID, id)
}

/// The `n`th of a series of distinct KSUIDs whose timestamp is [`SEED_ID`]'s; they sort (as
/// text) in the order of `n`.
pub fn nth_ksuid(n: u64) -> String {
    let secs = ksuid_unix_secs(SEED_ID).unwrap_or(KSUID_EPOCH);
    let mut payload = [0u8; 16];
    payload[8..].copy_from_slice(&n.to_be_bytes());
    ksuid(secs, payload)
}

/// The seconds since the Unix epoch that a KSUID's timestamp part holds; `None` if `text` is
/// not 27 base62 characters of at most 20 bytes.
pub fn ksuid_unix_secs(text: &str) -> Option<u64> {
    let bytes = crate::Ksuid::parse(text).ok()?.to_bytes();
    let secs = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    Some(KSUID_EPOCH + u64::from(secs))
}

/// An RFC 3339 UTC date-time for `unix_secs` and `nanos` with exactly `digits` fractional
/// digits (0 to 9; truncated, not rounded), e.g. `2022-08-30T14:34:36.6134321Z` for 7.
pub fn timestamp(unix_secs: i64, nanos: u32, digits: u32) -> String {
    let days = unix_secs.div_euclid(86_400);
    let secs = unix_secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let mut text = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
    let digits = digits.min(9);
    if digits > 0 {
        let fraction = nanos.min(999_999_999) / 10u32.pow(9 - digits);
        text.push_str(&format!(".{fraction:0width$}", width = digits as usize));
    }
    text.push('Z');
    text
}

/// The JSON text of an event of the version `info` around the payload text `data`, members in
/// the platform's order; `subject` is the payload member it must equal.
pub fn envelope(info: &VersionInfo, id: &str, time: &str, data: &str) -> String {
    let subject = subject_of(info, data);
    format!(
        r#"{{"specversion":"1.0","type":{},"id":{},"source":{},"subject":{},"time":{},"datacontenttype":"application/json","data":{data}}}"#,
        quoted(info.event_type),
        quoted(id),
        quoted(info.source),
        subject,
        quoted(time),
    )
}

/// The JSON text of the payload member `subject` must equal.
fn subject_of(info: &VersionInfo, data: &str) -> String {
    let pointer = info
        .subject_pointer
        .strip_prefix("/data")
        .unwrap_or(info.subject_pointer);
    serde_json::from_str::<Value>(data)
        .ok()
        .and_then(|data| data.pointer(pointer).map(Value::to_string))
        .unwrap_or_else(|| "null".to_owned())
}

pub(crate) fn quoted(text: &str) -> String {
    Value::from(text).to_string()
}

/// A GUID's text: 8-4-4-4-12 hexadecimal digits, in either case.
pub fn guid(bytes: [u8; 16], upper: bool) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let text = format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    );
    if upper { text.to_uppercase() } else { text }
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nth_ksuids_are_distinct_valid_in_order_and_share_the_seeds_time() {
        let ids: Vec<String> = [0, 1, 61, 62, 1 << 40].map(nth_ksuid).to_vec();
        for pair in ids.windows(2) {
            assert!(pair[0] < pair[1], "{pair:?}");
        }
        for id in &ids {
            assert!(crate::Ksuid::parse(id).is_ok(), "{id}");
            assert_eq!(ksuid_unix_secs(id), ksuid_unix_secs(SEED_ID));
        }
        assert!(seed_with_id(&ids[0]).contains(&ids[0]));
    }
    use crate::{Ksuid, Timestamp};

    #[test]
    fn a_ksuid_holds_its_seconds_and_is_valid_at_both_ends() {
        let id = ksuid(1_661_870_076, [7; 16]);
        assert_eq!(ksuid_unix_secs(&id), Some(1_661_870_076));
        assert!(Ksuid::parse_bytes(id.as_bytes()).is_ok());
        assert_eq!(ksuid(u64::MAX, [0xff; 16]), Ksuid::MAX);
        assert_eq!(ksuid(0, [0; 16]), "0".repeat(27));
        assert_eq!(
            ksuid_unix_secs(Ksuid::MAX),
            Some(KSUID_EPOCH + u64::from(u32::MAX))
        );
        assert_eq!(ksuid_unix_secs("zzzzzzzzzzzzzzzzzzzzzzzzzzz"), None);
    }

    #[test]
    fn a_timestamp_has_the_digits_asked_for_and_reads_back() {
        let text = timestamp(1_661_870_076, 613_432_199, 7);
        assert_eq!(text, "2022-08-30T14:34:36.6134321Z");
        assert_eq!(
            timestamp(1_661_870_076, 88_000_000, 3),
            "2022-08-30T14:34:36.088Z"
        );
        assert_eq!(timestamp(951_782_400, 0, 0), "2000-02-29T00:00:00Z");
        let parsed = Timestamp::parse_bytes(text.as_bytes()).unwrap();
        assert_eq!(parsed.unix(), (1_661_870_076, 613_432_100));
    }
}
