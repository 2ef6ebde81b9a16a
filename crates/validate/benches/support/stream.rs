//! The benchmarks' input: an NDJSON file of varied valid `channel.parked.v0` events (roles,
//! ids, times and the optional `agentId` vary), made on first use under the target directory.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const SEED: &str = include_str!("../../../catalog/events/channel.parked.v0.json");

/// The file of `events` events under `dir`: its path and size in bytes.
pub fn ndjson_file(dir: &Path, events: u64) -> (PathBuf, u64) {
    let path = dir.join(format!("events-{events}.ndjson"));
    if !path.exists() {
        let seed = vcc_events_runtime::minify_json(SEED);
        let roles = ["agent", "external", "monitor", "voicemail"];
        let tmp = path.with_extension("tmp");
        let mut out = BufWriter::new(File::create(&tmp).expect("creates the NDJSON file"));
        for i in 0..events {
            let mut line = seed
                .replace("\"agent\"", &format!("\"{}\"", roles[(i % 4) as usize]))
                .replace("Qub3Z", &format!("{:05}", i % 100_000))
                .replace(".088Z", &format!(".{:03}Z", i % 1000));
            if i % 3 == 0 {
                line = line.replace(",\"agentId\":\"1544\"", "");
            }
            writeln!(out, "{line}").expect("writes");
        }
        out.flush().expect("flushes");
        drop(out);
        std::fs::rename(&tmp, &path).expect("renames");
    }
    let bytes = std::fs::metadata(&path).expect("the file exists").len();
    (path, bytes)
}
