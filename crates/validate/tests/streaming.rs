//! Streaming validation: layouts, line numbers, input order, and verdicts that do not depend
//! on chunk size or thread count.

use vcc_events_runtime::Rule;
use vcc_events_validate::{Options, Report, Summary, validate_bytes};

const SEED: &str = include_str!("../../catalog/events/channel.parked.v0.json");

fn line() -> String {
    vcc_events_runtime::minify_json(SEED)
}

fn options(chunk_size: usize, threads: usize) -> Options {
    Options {
        strict: false,
        threads,
        chunk_size,
        ..Options::default()
    }
}

#[test]
fn a_bad_line_in_the_middle_is_the_only_report() {
    let bad = line().replace("\"agent\"", "\"boss\"");
    let input = format!("{}\n{}\n{bad}\n\n{}\n", line(), line(), line());
    let (summary, reports) = validate_bytes(input.as_bytes(), &Options::default());
    assert_eq!(
        summary,
        Summary {
            valid: 3,
            invalid: 1
        }
    );
    assert_eq!(reports.len(), 1);
    assert_eq!(
        (reports[0].line, reports[0].pointer.as_str()),
        (3, "/data/channel/party/role")
    );
}

#[test]
fn a_line_that_is_not_json_does_not_swallow_the_next_lines() {
    let input = format!("{}\n{{\"specversion\":\n{}\n", line(), line());
    let (summary, reports) = validate_bytes(input.as_bytes(), &Options::default());
    assert_eq!(
        summary,
        Summary {
            valid: 2,
            invalid: 1
        }
    );
    assert_eq!((reports[0].line, reports[0].rule), (2, Rule::Syntax));
}

#[test]
fn a_pretty_printed_event_is_one_event() {
    let (summary, reports) = validate_bytes(SEED.as_bytes(), &Options::default());
    assert_eq!(
        (summary, reports),
        (
            Summary {
                valid: 1,
                invalid: 0
            },
            vec![]
        )
    );
}

#[test]
fn a_batch_reports_the_index_and_line_of_each_bad_event() {
    let bad = SEED.replace("\"1544\"", "\"x\"");
    let input = format!("[\n{SEED},\n{bad}\n]\n");
    let (summary, reports) = validate_bytes(input.as_bytes(), &Options::default());
    assert_eq!(
        summary,
        Summary {
            valid: 1,
            invalid: 1
        }
    );
    // `[` on line 1, the first event, then a line with the comma.
    let start_of_second = 1 + SEED.trim_end().lines().count() + 2;
    assert_eq!(reports[0].pointer, "/1/data/channel/party/agentId");
    assert_eq!(reports[0].line, start_of_second);
}

#[test]
fn a_broken_batch_reports_where_it_broke() {
    let input = format!("[{} {}]", line(), line());
    let (summary, reports) = validate_bytes(input.as_bytes(), &Options::default());
    assert_eq!(summary.valid, 1);
    assert!(
        reports
            .iter()
            .any(|r| r.rule == Rule::Syntax && r.message.contains("expected `,`")),
        "{reports:?}"
    );
}

#[test]
fn empty_input_is_one_invalid_event() {
    let (summary, reports) = validate_bytes(b" \n ", &Options::default());
    assert_eq!(
        summary,
        Summary {
            valid: 0,
            invalid: 1
        }
    );
    assert_eq!(reports[0].rule, Rule::Empty);
}

#[test]
fn deep_nesting_is_a_clear_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let input = format!("{}\n{deep}\n{}\n", line(), line());
    let (summary, reports) = validate_bytes(input.as_bytes(), &Options::default());
    assert_eq!(
        summary,
        Summary {
            valid: 2,
            invalid: 1
        }
    );
    assert_eq!(reports[0].line, 2);
}

#[test]
fn invalid_utf8_is_a_clear_error() {
    let mut input = line().into_bytes();
    input.push(b'\n');
    let mut bad = line().replace("1544", "15\u{fffd}4").into_bytes();
    let at = bad
        .iter()
        .position(|&b| b == 0xef)
        .expect("replacement char");
    bad[at] = 0xff;
    input.extend(bad);
    input.push(b'\n');
    let (summary, reports) = validate_bytes(&input, &Options::default());
    assert_eq!(
        summary,
        Summary {
            valid: 1,
            invalid: 1
        }
    );
    assert_eq!(reports[0].line, 2);
}

#[test]
fn strict_mode_reports_undeclared_members() {
    let extra = line().replacen("{", "{\"traceparent\":\"00-abc\",", 1);
    let (summary, reports) = validate_bytes(
        extra.as_bytes(),
        &Options {
            strict: true,
            ..Options::default()
        },
    );
    assert_eq!(summary.invalid, 1);
    assert_eq!(reports[0].rule, Rule::UndeclaredMember);
    assert_eq!(reports[0].pointer, "/traceparent");
    let (lenient, _) = validate_bytes(extra.as_bytes(), &Options::default());
    assert_eq!(lenient.valid, 1);
}

#[test]
fn verdicts_do_not_depend_on_chunk_size_or_threads() {
    let mut input = String::new();
    for i in 0..200 {
        let event = match i % 7 {
            3 => line().replace("\"agent\"", "\"nobody\""),
            5 => "{\"broken\":".to_owned(),
            _ => line(),
        };
        input.push_str(&event);
        input.push('\n');
    }
    let reference: (Summary, Vec<Report>) = validate_bytes(input.as_bytes(), &options(1 << 20, 1));
    for (chunk, threads) in [(1024, 1), (1024, 2), (1500, 3), (4096, 2), (100_000, 4)] {
        assert_eq!(
            validate_bytes(input.as_bytes(), &options(chunk, threads)),
            reference,
            "chunk {chunk}, threads {threads}"
        );
    }
    assert_eq!(
        reference.0,
        Summary {
            valid: 143,
            invalid: 57
        }
    );
}

/// The fastest of five runs validating `input` (one event) in chunks of 64 KiB (the fastest,
/// so that a busy machine does not decide the outcome).
fn seconds_to_validate(input: &[u8]) -> f64 {
    let options = Options {
        chunk_size: 64 << 10,
        max_event_size: 1 << 30,
        ..Options::default()
    };
    (0..5)
        .map(|_| {
            let started = std::time::Instant::now();
            let (summary, _) = validate_bytes(input, &options);
            assert_eq!(summary.valid + summary.invalid, 1);
            started.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// The seed event with a string of `bytes` bytes added to its payload.
fn padded_event(bytes: usize, pretty: bool) -> Vec<u8> {
    let event = if pretty { SEED.to_owned() } else { line() };
    event
        .replacen(
            "\"data\": {",
            &format!("\"data\": {{\n\"padding\": \"{}\",", "x".repeat(bytes)),
            1,
        )
        .replacen(
            "\"data\":{",
            &format!("\"data\":{{\"padding\":\"{}\",", "x".repeat(bytes)),
            1,
        )
        .into_bytes()
}

#[test]
fn time_is_linear_in_the_size_of_one_event() {
    for pretty in [false, true] {
        let small = seconds_to_validate(&padded_event(1 << 20, pretty));
        let large = seconds_to_validate(&padded_event(8 << 20, pretty));
        // Eight times the bytes: eight times the time, not sixty-four.
        assert!(
            large < 24.0 * small,
            "pretty: {pretty}; 1 MiB: {small:.3} s, 8 MiB: {large:.3} s"
        );
    }
}

#[test]
fn an_event_over_the_maximum_size_is_reported_at_its_line_and_skipped() {
    let big = String::from_utf8(padded_event(4000, false)).expect("UTF-8");
    let options = Options {
        max_event_size: 4096,
        chunk_size: 1024,
        ..Options::default()
    };
    let input = format!("{}\n{big}\n{}\n", line(), line());
    let (summary, reports) = validate_bytes(input.as_bytes(), &options);
    assert_eq!(
        summary,
        Summary {
            valid: 2,
            invalid: 1
        }
    );
    assert_eq!(
        (
            reports[0].line,
            reports[0].rule,
            reports[0].pointer.as_str()
        ),
        (2, Rule::TooLarge, "")
    );
    let batch = format!("[{},\n{big},\n{}]", line(), line());
    let (summary, reports) = validate_bytes(batch.as_bytes(), &options);
    assert_eq!((summary.valid, summary.invalid), (2, 1));
    assert_eq!(
        (
            reports[0].line,
            reports[0].rule,
            reports[0].pointer.as_str()
        ),
        (2, Rule::TooLarge, "/1")
    );
}

#[test]
fn a_byte_order_mark_before_a_pretty_printed_event_is_one_invalid_event() {
    let input = format!("\u{feff}{SEED}");
    let (summary, reports) = validate_bytes(input.as_bytes(), &Options::default());
    assert_eq!(
        summary,
        Summary {
            valid: 0,
            invalid: 1
        }
    );
    assert!(
        reports[0].message.contains("byte order mark"),
        "{reports:?}"
    );
}

#[test]
fn reports_are_the_same_whatever_the_events_per_chunk() {
    // More events than one chunk takes: the reports still come out in input order.
    let input = "{}\n".repeat(20_000);
    let (summary, reports) = validate_bytes(input.as_bytes(), &options(1 << 20, 3));
    assert_eq!(summary.invalid, 20_000);
    assert!(reports.iter().enumerate().all(|(i, r)| r.line == i + 1));
}

fn strict() -> Options {
    Options {
        strict: true,
        ..Options::default()
    }
}

#[test]
fn strict_mode_reports_an_undeclared_member_nested_as_deep_as_the_decoder_accepts() {
    // The deepest nesting the decoder accepts in an undeclared payload member.
    let deepest = (1..200)
        .rev()
        .map(|depth| {
            let value = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            line().replacen("\"data\":{", &format!("\"data\":{{\"deep\":{value},"), 1)
        })
        .find(|event| vcc_events::AnyEvent::from_slice(event.as_bytes()).is_ok())
        .expect("some nesting decodes");
    let (summary, reports) = validate_bytes(deepest.as_bytes(), &strict());
    assert_eq!(summary.invalid, 1, "{reports:?}");
    assert_eq!(
        (reports[0].rule, reports[0].pointer.as_str()),
        (Rule::UndeclaredMember, "/data/deep")
    );
}

#[test]
fn strict_mode_reports_an_undeclared_member_holding_a_lone_surrogate() {
    let event = line().replacen("\"data\":{", "\"data\":{\"odd\":\"\\ud800\",", 1);
    let (summary, reports) = validate_bytes(event.as_bytes(), &strict());
    assert_eq!(summary.invalid, 1, "{reports:?}");
    assert_eq!(reports[0].pointer, "/data/odd");
}

#[test]
fn strict_mode_reports_an_extension_attribute_holding_a_lone_surrogate() {
    let event = line().replacen("{", "{\"odd\":\"\\udc00\",", 1);
    let (summary, reports) = validate_bytes(event.as_bytes(), &strict());
    assert_eq!(summary.invalid, 1, "{reports:?}");
    assert_eq!(reports[0].pointer, "/odd");
}

#[test]
fn an_event_many_chunks_long_between_small_ones_is_judged_like_the_others() {
    let big = String::from_utf8(padded_event(100_000, false)).expect("UTF-8");
    let bad = line().replace("\"agent\"", "\"nobody\"");
    let input = format!("{}\n{big}\n{bad}\n{big}\n{}\n", line(), line());
    for threads in [1, 3] {
        let (summary, reports) = validate_bytes(input.as_bytes(), &options(1024, threads));
        assert_eq!(
            summary,
            Summary {
                valid: 4,
                invalid: 1
            }
        );
        assert_eq!(reports[0].line, 3);
    }
}

#[test]
fn events_larger_than_a_chunk_among_small_bad_ones_keep_their_order_with_a_slow_reader_of_reports()
{
    // Buffers grown for the large events go back to the pool cut down, and every queue fills
    // while the reports are read slowly: nothing is lost or reordered.
    let big = String::from_utf8(padded_event(5000, false)).expect("UTF-8");
    let bad = line().replace("\"agent\"", "\"nobody\"");
    let mut input = String::new();
    for i in 0..60 {
        input.push_str(if i % 2 == 0 { &big } else { &bad });
        input.push('\n');
    }
    let options = options(1024, 2);
    let mut lines = Vec::new();
    let summary = vcc_events_validate::validate(
        input.as_bytes(),
        &options,
        |report| {
            std::thread::sleep(std::time::Duration::from_millis(2));
            lines.push(report.line);
        },
        |_| {},
    )
    .expect("reads");
    assert_eq!(
        summary,
        Summary {
            valid: 30,
            invalid: 30
        }
    );
    assert_eq!(lines, (1..=30).map(|i| 2 * i).collect::<Vec<_>>());
}
