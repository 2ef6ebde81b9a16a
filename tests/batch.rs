//! CloudEvents batches: a JSON array of events, every item decoded on its own and every bad
//! item reported with its index.

use vcc_events::{AnyEvent, Rule};

#[test]
fn a_batch_decodes_every_item_and_reports_each_bad_one() {
    let seed = workspace_tests::seed_example();
    let bad_role = seed.replace("\"agent\"", "\"supervisor\"");
    let unknown = seed.replace("channel.parked.v0", "channel.parked.v7");
    let batch = format!("[{seed},{bad_role},{seed},{unknown}]");
    let items = AnyEvent::from_batch(batch.as_bytes()).expect("a JSON array");
    assert_eq!(items.len(), 4);
    assert!(items[0].is_ok() && items[2].is_ok());
    let e1 = items[1].as_ref().expect_err("bad role");
    assert_eq!(
        (e1.rule(), e1.pointer()),
        (Rule::AllowedValues, "/1/data/channel/party/role")
    );
    let e3 = items[3].as_ref().expect_err("unknown version");
    assert_eq!((e3.rule(), e3.pointer()), (Rule::UnknownVersion, "/3/type"));
}

#[test]
fn an_empty_batch_is_empty() {
    assert_eq!(AnyEvent::from_batch(b" [ ] ").map(|v| v.len()), Ok(0));
}

#[test]
fn a_batch_must_be_an_array() {
    let seed = workspace_tests::seed_example();
    let e = AnyEvent::from_batch(seed.as_bytes()).expect_err("an object is not a batch");
    assert_eq!(e.rule(), Rule::Type);
}

#[test]
fn a_single_event_decoder_refuses_a_batch_and_says_so() {
    let seed = workspace_tests::seed_example();
    let e = AnyEvent::from_slice(format!("[{seed}]").as_bytes()).expect_err("a batch");
    assert!(e.message().contains("batch"), "{e}");
}
