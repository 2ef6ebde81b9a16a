//! Streaming validation: layouts, line numbers, input order, and verdicts that do not depend
//! on chunk size or thread count.

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
    assert_eq!((reports[0].line, reports[0].rule), (2, "syntax"));
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
            .any(|r| r.rule == "syntax" && r.message.contains("expected `,`")),
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
    assert_eq!(reports[0].rule, "empty");
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
    assert_eq!(reports[0].rule, "undeclared-member");
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
