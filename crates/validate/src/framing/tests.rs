//! The splitter's specification: layouts, line numbers, batch errors, and events that do not
//! depend on the pieces the input arrives in or on the maximum size.

use super::*;

fn frames(input: &str, layout: Layout) -> Vec<(String, usize, Option<usize>)> {
    let mut splitter = Splitter::new(layout);
    let mut out = Vec::new();
    let mut frames = Vec::new();
    let _ = splitter.split(input.as_bytes(), true, &mut frames);
    for f in frames {
        out.push((input[f.start..f.end].to_owned(), f.line, f.index));
    }
    out
}

/// Each event found (its text, `None` when too large; its line; its index) and the message
/// of a broken batch.
type Fed = (Vec<(Option<String>, usize, Option<usize>)>, Option<String>);

/// Feeds `input` in pieces of `step` bytes, as the reader does, and lists what was found:
/// each event's text (`None` when too large), line and index, and the broken message.
fn fed(input: &[u8], layout: Layout, step: usize, max: usize) -> Fed {
    fed_in_calls_of(input, layout, step, max, usize::MAX)
}

/// [`fed`], finding at most `max_frames` events per call.
fn fed_in_calls_of(
    input: &[u8],
    layout: Layout,
    step: usize,
    max: usize,
    max_frames: usize,
) -> Fed {
    let mut splitter = Splitter::new(layout)
        .with_max_event_size(max)
        .with_max_frames(max_frames);
    let mut buffer = Vec::new();
    let mut found = Vec::new();
    let mut offset = 0;
    let mut full = false;
    loop {
        if !full {
            let end = (offset + step).min(input.len());
            buffer.extend_from_slice(&input[offset..end]);
            offset = end;
        }
        let at_eof = offset == input.len();
        let mut frames = Vec::new();
        let result = splitter.split(&buffer, at_eof, &mut frames);
        full = frames.len() >= max_frames;
        for f in frames {
            let text = (!f.too_large)
                .then(|| String::from_utf8_lossy(&buffer[f.start..f.end]).into_owned());
            found.push((text, f.line, f.index));
        }
        match result {
            Ok(consumed) => {
                buffer.drain(..consumed);
            }
            Err(broken) => return (found, Some(broken.message)),
        }
        if at_eof && !full {
            return (found, None);
        }
    }
}

#[test]
fn detects_layouts() {
    assert_eq!(detect(b"  [{}]", true), Some(Layout::Batch));
    assert_eq!(detect(b"{\"a\":1}\n{\"a\":2}\n", true), Some(Layout::Lines));
    assert_eq!(detect(b"{\n  \"a\": 1\n}\n", true), Some(Layout::Documents));
    assert_eq!(detect(b"{\"a\":1}", true), Some(Layout::Documents));
    assert_eq!(detect(b"   \n ", true), None);
}

#[test]
fn a_byte_order_mark_does_not_change_the_layout() {
    assert_eq!(
        detect(b"\xEF\xBB\xBF{\"a\":1}\n{}\n", true),
        Some(Layout::Lines)
    );
    assert_eq!(detect(b"\xEF\xBB\xBF[{}]", true), Some(Layout::Batch));
}

#[test]
fn lines_skip_blank_lines_and_keep_line_numbers() {
    let got = frames("{\"a\":1}\n\n{\"a\":\n{\"b\":2}", Layout::Lines);
    assert_eq!(
        got,
        vec![
            ("{\"a\":1}".into(), 1, None),
            ("{\"a\":".into(), 3, None),
            ("{\"b\":2}".into(), 4, None)
        ]
    );
}

#[test]
fn documents_span_lines_and_ignore_brackets_in_strings() {
    let got = frames("{\n \"a\": \"}\"\n}\n{\"b\": [1]}", Layout::Documents);
    assert_eq!(
        got,
        vec![
            ("{\n \"a\": \"}\"\n}".into(), 1, None),
            ("{\"b\": [1]}".into(), 4, None)
        ]
    );
}

#[test]
fn a_byte_order_mark_belongs_to_the_document_it_precedes() {
    let got = frames("\u{feff}{\n \"a\": 1\n}\n{}", Layout::Documents);
    assert_eq!(
        got,
        vec![
            ("\u{feff}{\n \"a\": 1\n}".into(), 1, None),
            ("{}".into(), 4, None)
        ]
    );
}

#[test]
fn batches_split_into_elements_with_their_index() {
    let got = frames("[\n {\"a\":\"]\"},\n {\"b\":1}\n]", Layout::Batch);
    assert_eq!(
        got,
        vec![
            ("{\"a\":\"]\"}".into(), 2, Some(0)),
            ("{\"b\":1}".into(), 3, Some(1))
        ]
    );
}

#[test]
fn a_broken_batch_is_reported() {
    let mut splitter = Splitter::new(Layout::Batch);
    let mut frames = Vec::new();
    let e = splitter
        .split(b"[{\"a\":1} {\"b\":2}]", true, &mut frames)
        .unwrap_err();
    assert!(e.message.contains("expected `,`"), "{e:?}");
}

#[test]
fn a_comma_after_the_last_event_of_a_batch_is_a_trailing_comma() {
    let (found, broken) = fed(b"[{\"a\":1},\n]", Layout::Batch, 100, 1 << 20);
    assert_eq!(found, vec![(Some("{\"a\":1}".into()), 1, Some(0))]);
    let broken = broken.expect("the batch is broken");
    assert!(broken.starts_with("trailing comma"), "{broken}");
}

#[test]
fn chunks_carry_unfinished_events_over() {
    let input = b"{\"a\":1}\n{\"bb\":2}\n";
    let mut splitter = Splitter::new(Layout::Lines);
    let mut frames = Vec::new();
    let consumed = splitter.split(&input[..12], false, &mut frames).unwrap();
    assert_eq!((frames.len(), consumed), (1, 8));
    frames.clear();
    let consumed = splitter.split(&input[8..], true, &mut frames).unwrap();
    assert_eq!(
        frames,
        vec![Frame {
            start: 0,
            end: 8,
            line: 2,
            index: None,
            too_large: false,
        }]
    );
    assert_eq!(consumed, 9);
}

#[test]
fn events_are_the_same_whatever_the_pieces_the_input_arrives_in() {
    let inputs: [(&[u8], Layout); 3] = [
        (b"{\"a\":\"x\\\"}\"}\n\n12\n{\"b\":[1,2]}\n", Layout::Lines),
        (
            b"{\n\"a\": \"}\"\n}  12 \"s\" 3{\"b\":\n[1]}\n",
            Layout::Documents,
        ),
        (b"[ {\"a\":\"]\"} ,\n12, \"s\" ,{\"b\":[1]}]", Layout::Batch),
    ];
    for (input, layout) in inputs {
        let whole = fed(input, layout, input.len(), 1 << 20);
        for step in 1..8 {
            assert_eq!(
                fed(input, layout, step, 1 << 20),
                whole,
                "{layout:?}, {step}"
            );
        }
        for calls in 1..3 {
            assert_eq!(
                fed_in_calls_of(input, layout, 5, 1 << 20, calls),
                whole,
                "{layout:?}, {calls} per call"
            );
        }
    }
}

#[test]
fn an_event_over_the_maximum_size_is_skipped_and_the_stream_goes_on() {
    let big = format!("{{\"a\":\"{}\"}}", "x".repeat(100));
    let cases = [
        (format!("{{}}\n{big}\n{{}}\n"), Layout::Lines, None),
        (format!("{{}}\n{big}\n{{}}"), Layout::Documents, None),
        (format!("[{{}},\n{big},\n{{}}]"), Layout::Batch, Some(1)),
    ];
    for (input, layout, index) in cases {
        for step in [1, 7, 64, input.len()] {
            let (found, broken) = fed(input.as_bytes(), layout, step, 50);
            assert_eq!(broken, None, "{layout:?}");
            assert_eq!(found.len(), 3, "{layout:?}, {step}: {found:?}");
            assert_eq!(found[1], (None, 2, index), "{layout:?}, {step}");
            assert_eq!(found[2].0.as_deref(), Some("{}"), "{layout:?}, {step}");
            assert_eq!(found[2].1, 3, "{layout:?}, {step}");
        }
    }
}

#[test]
fn skipping_a_large_event_keeps_none_of_it() {
    let mut splitter = Splitter::new(Layout::Lines).with_max_event_size(10);
    let mut frames = Vec::new();
    let consumed = splitter
        .split(b"{}\n\"xxxxxxxxxxxxxx", false, &mut frames)
        .unwrap();
    assert_eq!(consumed, 18);
    assert_eq!(frames.len(), 2);
    assert!(frames[1].too_large);
    frames.clear();
    assert_eq!(
        splitter.split(b"xxxxxxxxxxxxxxxx", false, &mut frames),
        Ok(16)
    );
    assert_eq!(splitter.split(b"xx\"\n{}\n", true, &mut frames), Ok(7));
    assert_eq!(frames.len(), 1);
    assert_eq!((frames[0].line, frames[0].too_large), (3, false));
}
