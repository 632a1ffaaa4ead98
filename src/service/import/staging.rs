//! Validated matters, contacts and events kept by part between validation
//! and building: a part is a range of new matters (and the stored matters
//! that hash to it), so building reads one part at a time and holds only
//! its matters, whatever the size of the import. A part is held in memory
//! up to a megabyte, then goes on to a nameless 0600 file (see
//! `secure_file::anonymous_in`): a small import needs no file at all.

use super::context::MatterRef;
use crate::store::codec::{decode, encode};
use serde::{de::DeserializeOwned, Serialize};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// New matters per part: with their contacts and events a few tens of
/// megabytes at the generator's proportions.
pub const PART_MATTERS: usize = 32_768;
const HOLD_BYTES: usize = 1 << 20;

/// Records of one kind, by part, in the order pushed.
pub struct Staged {
    dir: PathBuf,
    parts: Vec<Part>,
}

#[derive(Default)]
struct Part {
    held: Vec<u8>,
    file: Option<File>,
}

impl Staged {
    pub fn new(dir: &Path, parts: usize) -> Staged {
        Staged {
            dir: dir.to_path_buf(),
            parts: (0..parts).map(|_| Part::default()).collect(),
        }
    }

    pub fn push<V: Serialize>(&mut self, part: usize, v: &V) -> io::Result<()> {
        let p = &mut self.parts[part];
        let bytes = encode(v);
        p.held
            .extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        p.held.extend_from_slice(&bytes);
        if p.held.len() >= HOLD_BYTES {
            let f = match &mut p.file {
                Some(f) => f,
                None => p
                    .file
                    .insert(crate::secure_file::anonymous_in(&self.dir).map_err(|e| e.source)?),
            };
            f.write_all(&p.held)?;
            p.held.clear();
        }
        Ok(())
    }

    /// Everything pushed to `part`, in order; the part is emptied.
    pub fn take<V: DeserializeOwned>(&mut self, part: usize) -> io::Result<Vec<V>> {
        let p = std::mem::take(&mut self.parts[part]);
        let mut bytes = Vec::new();
        if let Some(mut f) = p.file {
            f.seek(SeekFrom::Start(0))?;
            f.read_to_end(&mut bytes)?;
        }
        bytes.extend_from_slice(&p.held);
        drop(p.held);
        records(&bytes)
    }
}

impl Staged {
    /// Everything pushed to `part`, in order, one record at a time to
    /// `each`; the part is emptied. A failure to read it back is `io_err`'s.
    pub fn drain<V: DeserializeOwned, E>(
        &mut self,
        part: usize,
        io_err: impl Fn(io::Error) -> E,
        mut each: impl FnMut(V) -> Result<(), E>,
    ) -> Result<(), E> {
        let p = std::mem::take(&mut self.parts[part]);
        self.drain_part(p, &mut each).map_err(io_err)?
    }

    /// The records of `p` to `each` until it fails; the outer error is
    /// reading's.
    fn drain_part<V: DeserializeOwned, E>(
        &mut self,
        p: Part,
        each: &mut impl FnMut(V) -> Result<(), E>,
    ) -> io::Result<Result<(), E>> {
        let mut buf = Vec::new();
        if let Some(mut f) = p.file {
            f.seek(SeekFrom::Start(0))?;
            let mut r = io::BufReader::with_capacity(1 << 16, f);
            loop {
                let mut len = [0u8; 4];
                match r.read_exact(&mut len) {
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
                    other => other?,
                }
                buf.resize(u32::from_le_bytes(len) as usize, 0);
                r.read_exact(&mut buf)?;
                if let Err(e) = each(decoded(&buf)?) {
                    return Ok(Err(e));
                }
            }
        }
        for v in records(&p.held)? {
            if let Err(e) = each(v) {
                return Ok(Err(e));
            }
        }
        Ok(Ok(()))
    }
}

fn decoded<V: DeserializeOwned>(bytes: &[u8]) -> io::Result<V> {
    decode(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))
}

/// The length-prefixed records of `bytes`.
fn records<V: DeserializeOwned>(bytes: &[u8]) -> io::Result<Vec<V>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let len = bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")) as usize);
        let record = len.and_then(|len| bytes.get(at + 4..at + 4 + len));
        let Some(record) = record else {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "staged records cut short",
            ));
        };
        at += 4 + record.len();
        out.push(decoded(record)?);
    }
    Ok(out)
}

/// The matters, contacts and events of an import, by part.
pub struct Staging {
    pub parts: usize,
    pub matters: Staged,
    pub contacts: Staged,
    pub events: Staged,
}

impl Staging {
    /// Parts enough for `matter_lines` new matters; files go to `dir`.
    pub fn new(dir: &Path, matter_lines: usize) -> Staging {
        let parts = matter_lines.div_ceil(PART_MATTERS).max(1);
        Staging {
            parts,
            matters: Staged::new(dir, parts),
            contacts: Staged::new(dir, parts),
            events: Staged::new(dir, parts),
        }
    }

    /// The part of a matter: new ones by their order, stored ones spread.
    pub fn part(&self, r: MatterRef) -> usize {
        match r {
            MatterRef::New(i) => (i / PART_MATTERS).min(self.parts - 1),
            MatterRef::Existing(l) => (usize::from(l.year) * 7919 + l.seq as usize) % self.parts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_back_by_part_in_order_and_leave_no_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut s = Staged::new(dir.path(), 2);
        // Enough to go to a file, and some held after it.
        let big = "x".repeat(1000);
        let n = HOLD_BYTES / 1000 + 10;
        for i in 0..n {
            s.push(1, &(i as u64, big.clone())).unwrap();
        }
        s.push(0, &(7u64, "a".to_string())).unwrap();
        assert!(s.parts[1].file.is_some());
        let got: Vec<(u64, String)> = s.take(1).unwrap();
        assert_eq!(got.len(), n);
        assert!(got
            .iter()
            .enumerate()
            .all(|(i, (j, t))| i as u64 == *j && *t == big));
        assert_eq!(
            s.take::<(u64, String)>(0).unwrap(),
            vec![(7, "a".to_string())]
        );
        assert!(s.take::<(u64, String)>(1).unwrap().is_empty(), "taken once");
        for i in 0..n {
            s.push(1, &(i as u64, big.clone())).unwrap();
        }
        let mut seen = 0;
        s.drain(
            1,
            |e| e,
            |(i, t): (u64, String)| {
                assert_eq!((i, t.len()), (seen, 1000));
                seen += 1;
                Ok::<(), io::Error>(())
            },
        )
        .unwrap();
        assert_eq!(seen as usize, n, "one at a time, in order");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
