//! Reading the file back on start: the duplicate memory rebuilt from its events, a torn last
//! line found (to be cut), a damaged line before the last refused.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

use vcc_events::Ksuid;

use super::disk::{OpenError, Recovered};
use super::memory::Memory;

/// The members of a stored line that identify it.
#[derive(serde::Deserialize)]
struct Identity<'a> {
    #[serde(borrow)]
    source: Cow<'a, str>,
    id: Ksuid,
}

/// Reads every line: complete events go into `seen`; a last line that is incomplete or not an
/// event is to be cut. Returns what was found and the length to keep.
pub(super) fn recover(
    file: &mut File,
    memory: &mut Memory,
    path: &Path,
) -> Result<(Recovered, u64), OpenError> {
    let io_error = |e| OpenError::Io(path.to_owned(), e);
    file.seek(SeekFrom::Start(0)).map_err(io_error)?;
    let mut reader = BufReader::with_capacity(1 << 20, &mut *file);
    let (mut line, mut good_end, mut offset) = (Vec::new(), 0u64, 0u64);
    let (mut events, mut bad_line) = (0usize, None);
    let mut number = 0;
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line).map_err(io_error)?;
        if read == 0 {
            break;
        }
        number += 1;
        offset += read as u64;
        if let Some(line) = bad_line {
            // Something follows a bad line: not a torn write.
            return Err(OpenError::Corrupt {
                path: path.to_owned(),
                line,
            });
        }
        let identity = line
            .strip_suffix(b"\n")
            .and_then(|text| serde_json::from_slice::<Identity<'_>>(text).ok());
        match identity {
            Some(Identity { source, id }) => {
                let key = memory.key(&source, id);
                memory.seen.insert(key);
                events += 1;
                good_end = offset;
            }
            None => bad_line = Some(number),
        }
    }
    Ok((
        Recovered {
            events,
            cut_bytes: offset - good_end,
        },
        good_end,
    ))
}

/// Makes a new file's directory entry durable.
pub(super) fn sync_parent(path: &Path) -> io::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(parent)?.sync_all()
}
