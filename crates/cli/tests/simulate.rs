//! `vcc-events simulate`: the same seed gives the same bytes; every event is valid; each
//! channel walks an allowed path of the declared lifecycle; ids, times and KSUIDs agree; the
//! delivery faults are what was asked for; delivered to `receive` (over http or https), each
//! event is stored once.

mod support;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;
use support::https::{Authority, Proxy};
use support::receiver::{self, PATH, SECRET, ids_in, ids_of};
use support::{Run, vcc_events, vcc_events_with_env};
use vcc_events::testing::ksuid_unix_secs;

fn simulate(args: &[&str]) -> String {
    let mut all = vec!["simulate"];
    all.extend_from_slice(args);
    let run = vcc_events(&all);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    run.stdout
}

fn events(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_ones() {
    let first = simulate(&["--calls", "1000", "--seed", "1"]);
    assert_eq!(first, simulate(&["--calls", "1000", "--seed", "1"]));
    assert_ne!(first, simulate(&["--calls", "1000", "--seed", "2"]));
}

#[test]
fn every_simulated_event_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("traffic.ndjson");
    std::fs::write(&path, simulate(&["--calls", "1000", "--seed", "1"])).unwrap();
    let run: Run = vcc_events(&["validate", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(run.stdout.ends_with(" valid, 0 invalid\n"));
}

/// The phases reachable from `phase` through steps of families the catalog does not
/// document (which happen without an event), `phase` included.
fn silently_reachable(phase: &'static str) -> Vec<&'static str> {
    let mut reached = vec![phase];
    let mut i = 0;
    while i < reached.len() {
        for u in vcc_events::UNDOCUMENTED {
            if let Some(t) = &u.transition
                && t.from.contains(&reached[i])
                && !reached.contains(&t.to)
            {
                reached.push(t.to);
            }
        }
        i += 1;
    }
    reached
}

#[test]
fn each_channel_follows_the_declared_lifecycle_from_alerted_to_ended() {
    let steps: HashMap<&str, &vcc_events::Transition> = vcc_events::versions()
        .into_iter()
        .filter_map(|v| v.transition.map(|t| (v.family, t)))
        .collect();
    let mut channels: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for event in events(&simulate(&["--calls", "1000", "--seed", "1"])) {
        if event["source"] == "/channel" {
            assert_eq!(event["subject"], event["data"]["channel"]["channelId"]);
            channels
                .entry(event["subject"].as_str().unwrap().to_owned())
                .or_default()
                .push(event);
        }
    }
    assert!(channels.len() >= 2000, "{} channels", channels.len());
    for (channel, mut events) in channels {
        events.sort_by(|a, b| {
            a["data"]["timestamp"]
                .as_str()
                .cmp(&b["data"]["timestamp"].as_str())
        });
        let families: Vec<&str> = events
            .iter()
            .map(|e| e["type"].as_str().unwrap().rsplit_once('.').unwrap().0)
            .collect();
        assert_eq!(families[0], "channel.alerted", "{channel}: {families:?}");
        assert_eq!(
            *families.last().unwrap(),
            "channel.ended",
            "{channel}: {families:?}"
        );
        let mut phase: Option<&'static str> = None;
        for family in &families {
            let step = steps[family];
            match phase {
                None => assert!(step.from.is_empty(), "{channel}: {families:?}"),
                Some(here) => assert!(
                    silently_reachable(here)
                        .iter()
                        .any(|p| step.from.contains(p)),
                    "{channel}: {family} after {here}: {families:?}"
                ),
            }
            phase = Some(step.to);
        }
        let first = &events[0]["data"]["channel"];
        for event in &events {
            let party = &event["data"]["channel"];
            assert_eq!(party["conversationId"], first["conversationId"]);
            assert_eq!(party["interactionId"], first["interactionId"]);
            assert_eq!(party["party"], first["party"]);
        }
    }
}

#[test]
fn the_two_channels_of_a_call_walk_the_lifecycle_independently() {
    // conversationId -> channelId -> the channel's families in data.timestamp order.
    let mut calls: BTreeMap<String, BTreeMap<String, Vec<(String, String)>>> = BTreeMap::new();
    for event in events(&simulate(&["--calls", "200", "--seed", "1"])) {
        if event["source"] == "/channel" {
            let channel = &event["data"]["channel"];
            let family = event["type"].as_str().unwrap().rsplit_once('.').unwrap().0;
            calls
                .entry(channel["conversationId"].as_str().unwrap().to_owned())
                .or_default()
                .entry(event["subject"].as_str().unwrap().to_owned())
                .or_default()
                .push((
                    event["data"]["timestamp"].as_str().unwrap().to_owned(),
                    family.to_owned(),
                ));
        }
    }
    assert_eq!(calls.len(), 200);
    let mut different = 0;
    for (call, channels) in &calls {
        assert_eq!(channels.len(), 2, "{call}: {channels:?}");
        let paths: Vec<Vec<String>> = channels
            .values()
            .map(|events| {
                let mut events = events.clone();
                events.sort();
                events.into_iter().map(|(_, family)| family).collect()
            })
            .collect();
        if paths[0] != paths[1] {
            different += 1;
        }
    }
    // Each channel draws its own path: in most calls the customer's and the agent's differ.
    assert!(
        different > 0,
        "every call's two channels took the same path"
    );
    assert!(
        different * 2 > calls.len(),
        "{different} of {} calls differ",
        calls.len()
    );
}

#[test]
fn times_have_the_platforms_digits_and_ids_carry_their_time() {
    let text = simulate(&["--calls", "100", "--seed", "3", "--agents", "4"]);
    let mut agents = HashSet::new();
    for event in events(&text) {
        let time = event["time"].as_str().unwrap();
        let timestamp = event["data"]["timestamp"].as_str().unwrap();
        assert_eq!(time.len(), "2026-01-05T09:00:04.6382673Z".len(), "{time}");
        assert_eq!(
            timestamp.len(),
            "2026-01-05T09:00:04.638Z".len(),
            "{timestamp}"
        );
        let instant = |t: &str| {
            vcc_events::Timestamp::parse_bytes(t.as_bytes())
                .unwrap()
                .unix()
        };
        assert!(
            instant(timestamp) <= instant(time),
            "{timestamp} after {time}"
        );
        let secs = instant(time).0;
        assert_eq!(
            ksuid_unix_secs(event["id"].as_str().unwrap()),
            Some(secs as u64)
        );
        if event["source"] == "/agent" {
            agents.insert(event["subject"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(agents.len(), 4, "{agents:?}");
}

#[test]
fn versions_picks_older_versions_and_an_unknown_type_is_a_usage_error() {
    let text = simulate(&["--calls", "20", "--versions", "channel.alerted.v0"]);
    let types: HashSet<&str> = text
        .lines()
        .map(|l| {
            l.split("\"type\":\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    assert!(types.contains("channel.alerted.v0") && !types.contains("channel.alerted.v1"));
    assert!(
        types.contains("channel.held.v1") || !types.iter().any(|t| t.starts_with("channel.held"))
    );
    let run = vcc_events(&["simulate", "--versions", "channel.teleported.v0"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("channel.teleported.v0"));
}

#[test]
fn duplicates_repeat_events_whole_and_reorder_stays_within_its_window() {
    let text = simulate(&[
        "--calls",
        "300",
        "--seed",
        "9",
        "--duplicates",
        "0.2",
        "--reorder",
    ]);
    let counts = ids_of(&text);
    let lines = text.lines().count();
    let repeated = lines - counts.len();
    assert!(
        (lines / 10..lines * 3 / 10).contains(&repeated),
        "{repeated} of {lines} repeated"
    );
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for line in text.lines() {
        let id = line
            .split("\"id\":\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        if let Some(before) = seen.insert(id, line) {
            assert_eq!(before, line, "a duplicate differs from its first copy");
        }
    }
    // Out of order, but never far: each event is at most two windows (16) from its place.
    let times: Vec<String> = events(&text)
        .iter()
        .map(|e| e["time"].as_str().unwrap().to_owned())
        .collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_ne!(times, sorted);
    for (i, time) in times.iter().enumerate() {
        let place = sorted.iter().position(|t| t == time).unwrap();
        assert!(place.abs_diff(i) <= 64, "event {i} belongs at {place}");
    }
}

#[test]
fn delivered_with_duplicates_and_reordering_a_receiver_stores_each_event_once() {
    let dir = tempfile::tempdir().unwrap();
    let stored = dir.path().join("stored.ndjson");
    let receiver = receiver::start(&stored, &[]);
    let args = [
        "simulate",
        "--calls",
        "1000",
        "--seed",
        "4",
        "--duplicates",
        "0.2",
        "--reorder",
    ];
    let expected = ids_of(simulate(&args[1..]));
    let mut to = args.to_vec();
    let url = receiver.url();
    to.extend(["--to", &url, "--concurrency", "16"]);
    let run = vcc_events_with_env(&to, "", &[("VCC_WEBHOOK_SECRETS", SECRET)]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let lines: usize = expected.values().sum();
    assert_eq!(
        run.stdout,
        format!("{lines} acknowledged, 0 not acknowledged\n")
    );
    receiver.stop();
    let stored = ids_in(&stored);
    assert_eq!(stored.len(), expected.len());
    assert!(stored.values().all(|&n| n == 1));
    assert!(expected.keys().all(|id| stored.contains_key(id)));
}

#[test]
fn delivered_over_https_with_the_ca_file_a_receiver_stores_every_event() {
    let dir = tempfile::tempdir().unwrap();
    let stored = dir.path().join("stored.ndjson");
    let receiver = receiver::start(&stored, &[]);
    let authority = Authority::new(dir.path(), "test-ca");
    let proxy = Proxy::start(&authority, receiver.addr);
    let args = ["simulate", "--calls", "50", "--seed", "6"];
    let expected = ids_of(simulate(&args[1..]));
    let url = proxy.url(PATH);
    let mut to = args.to_vec();
    to.extend([
        "--to",
        &url,
        "--ca-file",
        authority.pem_file.to_str().unwrap(),
    ]);
    let run = vcc_events_with_env(&to, "", &[("VCC_WEBHOOK_SECRETS", SECRET)]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!("{} acknowledged, 0 not acknowledged\n", expected.len())
    );
    receiver.stop();
    assert_eq!(ids_in(&stored), expected);
}
