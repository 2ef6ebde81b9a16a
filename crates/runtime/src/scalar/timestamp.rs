//! [`Timestamp`]: RFC 3339 UTC date-times, kept byte for byte.

use super::inline::InlineStr;
use super::{ScalarError, quote, scalar_impls};
use crate::Rule;
use crate::describe::{Describe, ScalarShape, Shape};

/// An RFC 3339 date-time in UTC: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of 1 to 9
/// digits, then `Z` (e.g. `2022-08-30T14:34:36.6134321Z`).
///
/// The text is kept as sent: re-encoding gives back the same digits (`time` carries 7
/// fractional digits, `data.timestamp` 3), which a parsed-and-reformatted instant would not.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(InlineStr<30>);

impl Timestamp {
    /// Checks and copies a date-time given as bytes.
    pub fn parse_bytes(s: &[u8]) -> Result<Self, ScalarError> {
        match check(s) {
            Ok(()) => Ok(Timestamp(InlineStr::new(s))),
            Err(why) => Err(ScalarError {
                rule: Rule::DateTime,
                message: format!("{} is not an RFC 3339 UTC date-time: {why}", quote(s)),
            }),
        }
    }

    /// The date-time as sent.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Seconds and nanoseconds since 1970-01-01T00:00:00Z (a leap second counts as the next
    /// second's start).
    pub fn unix(&self) -> (i64, u32) {
        let b = self.as_str().as_bytes();
        let year = num(&b[0..4]) as i64;
        let month = num(&b[5..7]);
        let day = num(&b[8..10]) as i64;
        let secs =
            num(&b[11..13]) as i64 * 3600 + num(&b[14..16]) as i64 * 60 + num(&b[17..19]) as i64;
        let mut nanos = 0u32;
        if b[19] == b'.' {
            let digits = &b[20..b.len() - 1];
            nanos = num(digits) * 10u32.pow(9 - digits.len() as u32);
        }
        (days_from_civil(year, month, day) * 86_400 + secs, nanos)
    }
}

scalar_impls!(Timestamp, "an RFC 3339 UTC date-time");

fn num(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn check(b: &[u8]) -> Result<(), &'static str> {
    const SHAPE: &str =
        "expected YYYY-MM-DDTHH:MM:SS, an optional fraction of 1 to 9 digits, then Z";
    if b.len() < 20 || b.len() > 30 {
        return Err(SHAPE);
    }
    let digits_at = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let fixed = digits_at(0..4)
        && b[4] == b'-'
        && digits_at(5..7)
        && b[7] == b'-'
        && digits_at(8..10)
        && b[10] == b'T'
        && digits_at(11..13)
        && b[13] == b':'
        && digits_at(14..16)
        && b[16] == b':'
        && digits_at(17..19);
    if !fixed || b[b.len() - 1] != b'Z' {
        return Err(SHAPE);
    }
    match &b[19..b.len() - 1] {
        [] => {}
        [b'.', fraction @ ..]
            if !fraction.is_empty() && fraction.iter().all(u8::is_ascii_digit) => {}
        _ => return Err(SHAPE),
    }
    let (year, month, day) = (num(&b[0..4]), num(&b[5..7]), num(&b[8..10]));
    let (hour, minute, second) = (num(&b[11..13]), num(&b[14..16]), num(&b[17..19]));
    if !(1..=12).contains(&month) {
        return Err("the month must be 01 to 12");
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err("the day does not exist in that month");
    }
    if hour > 23 || minute > 59 {
        return Err("the time of day is out of range");
    }
    if second > 60 || (second == 60 && (hour, minute) != (23, 59)) {
        return Err("the second is out of range (60 only as a leap second at 23:59)");
    }
    Ok(())
}

impl Describe for Timestamp {
    fn describe() -> Shape {
        static SHAPE: ScalarShape = ScalarShape {
            name: "Timestamp",
            json_type: "string",
            format: Some("date-time"),
            pattern: Some(
                "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$",
            ),
            summary: "RFC 3339 UTC date-time",
            code_only_rule: None,
        };
        Shape::Scalar(&SHAPE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_seven_fractional_digits() {
        let t = Timestamp::parse("2022-08-30T14:34:36.6134321Z").unwrap();
        assert_eq!(t.as_str(), "2022-08-30T14:34:36.6134321Z");
    }

    #[test]
    fn converts_to_unix_time() {
        let t = Timestamp::parse("2022-08-30T14:34:36.088Z").unwrap();
        assert_eq!(t.unix(), (1_661_870_076, 88_000_000));
        assert_eq!(
            Timestamp::parse("1970-01-01T00:00:00Z").unwrap().unix(),
            (0, 0)
        );
    }

    #[test]
    fn rejects_offsets_other_than_z() {
        assert!(Timestamp::parse("2022-08-30T14:34:36+02:00").is_err());
        assert!(Timestamp::parse("2022-08-30T14:34:36.088").is_err());
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Timestamp::parse("2023-02-29T00:00:00Z").is_err());
        assert!(Timestamp::parse("2024-02-29T00:00:00Z").is_ok());
        assert!(Timestamp::parse("2022-13-01T00:00:00Z").is_err());
        assert!(Timestamp::parse("2022-01-01T24:00:00Z").is_err());
    }

    #[test]
    fn accepts_a_leap_second_only_at_the_end_of_a_day() {
        assert!(Timestamp::parse("2016-12-31T23:59:60Z").is_ok());
        assert!(Timestamp::parse("2016-12-31T22:59:60Z").is_err());
    }

    #[test]
    fn rejects_more_than_nine_fractional_digits() {
        assert!(Timestamp::parse("2022-08-30T14:34:36.1234567891Z").is_err());
    }
}
