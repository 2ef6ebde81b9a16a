//! The benchmarks' inputs, made on first use under the target directory: an NDJSON file of
//! varied valid `channel.parked.v0` events (the seed stream: roles, ids, times and the optional
//! `agentId` vary) or of every declared version's example in turn (the mix), each event minified
//! in the platform's member order.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const SEED: &str = include_str!("../../../catalog/events/channel.parked.v0.json");

/// Which events a stream holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Varied `channel.parked.v0` events (`events-N.ndjson`).
    Seed,
    /// Every declared version's example in turn, ids and times varied (`mix-N.ndjson`).
    Mix,
}

/// The file of `events` events of `kind` under `dir`: its path and size in bytes.
pub fn ndjson_file(dir: &Path, kind: Kind, events: u64) -> (PathBuf, u64) {
    let name = match kind {
        Kind::Seed => format!("events-{events}.ndjson"),
        Kind::Mix => format!("mix-{events}.ndjson"),
    };
    let path = dir.join(name);
    if !path.exists() {
        std::fs::create_dir_all(dir).expect("creates the folder of the NDJSON file");
        let tmp = path.with_extension("tmp");
        let mut out = BufWriter::new(File::create(&tmp).expect("creates the NDJSON file"));
        let mix: Vec<String> = vcc_events::versions()
            .iter()
            .map(|info| vcc_events_runtime::minify_json(info.example))
            .collect();
        let seed = vcc_events_runtime::minify_json(SEED);
        for i in 0..events {
            let line = match kind {
                Kind::Seed => seed_event(&seed, i),
                Kind::Mix => varied(&mix[(i % mix.len() as u64) as usize], i),
            };
            writeln!(out, "{line}").expect("writes");
        }
        out.flush().expect("flushes");
        drop(out);
        std::fs::rename(&tmp, &path).expect("renames");
    }
    let bytes = std::fs::metadata(&path).expect("the file exists").len();
    (path, bytes)
}

/// The `i`th event of the seed stream.
fn seed_event(seed: &str, i: u64) -> String {
    let roles = ["agent", "external", "monitor", "voicemail"];
    let mut line = seed
        .replace("\"agent\"", &format!("\"{}\"", roles[(i % 4) as usize]))
        .replace("Qub3Z", &format!("{:05}", i % 100_000))
        .replace(".088Z", &format!(".{:03}Z", i % 1000));
    if i.is_multiple_of(3) {
        line = line.replace(",\"agentId\":\"1544\"", "");
    }
    line
}

/// A documented example (minified) made the `i`th event of the mix: the last five characters
/// of its KSUID and the milliseconds of its `time` vary (both stay valid).
fn varied(example: &str, i: u64) -> String {
    const ID: &str = "\"id\":\"";
    let at = example.find(ID).expect("every example has an id") + ID.len();
    let (head, tail) = example.split_at(at + 22);
    let mut line = format!("{head}{:05}{}", i % 100_000, &tail[5..]);
    if let Some(t) = line.find("\"time\":\"") {
        let ms = t + "\"time\":\"".len() + "2022-08-30T14:34:36.".len();
        if line.as_bytes()[ms - 1] == b'.'
            && line.as_bytes()[ms..ms + 3].iter().all(u8::is_ascii_digit)
        {
            line.replace_range(ms..ms + 3, &format!("{:03}", i % 1000));
        }
    }
    line
}
