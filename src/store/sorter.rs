//! Bucketed writes of a bulk write, sorted on disk: the records and index
//! entries of a million contacts are gathered into their buckets without
//! holding them all. Writes are kept in memory up to a budget, then sorted
//! and written as a run to a nameless 0600 file (they hold personal data);
//! the runs are merged at the end, bucket by bucket.

use super::codec::{decode, encode};
use super::journal::Entry;
use super::{Result, StoreError, T};
use serde::{Deserialize, Serialize};
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Bytes of writes held before a run goes to disk (with what each costs in
/// memory besides its bytes).
const RUN_BYTES: usize = 48 << 20;
const OVERHEAD: usize = 120;

/// One write into a bucket: the later of two to the same key wins.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Op {
    tree: u8,
    bucket: Vec<u8>,
    rest: Vec<u8>,
    seq: u64,
    value: Option<Vec<u8>>,
}

impl Op {
    fn place(&self) -> (u8, &[u8], &[u8], u64) {
        (self.tree, &self.bucket, &self.rest, self.seq)
    }
}

impl Ord for Op {
    fn cmp(&self, other: &Op) -> Ordering {
        self.place().cmp(&other.place())
    }
}

impl PartialOrd for Op {
    fn partial_cmp(&self, other: &Op) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Writes into bucketed trees, sorted by bucket at the end.
pub struct Sorter {
    dir: PathBuf,
    held: Vec<Op>,
    held_bytes: usize,
    runs: Vec<File>,
    seq: u64,
}

impl Sorter {
    /// Runs go to nameless files in `dir`, once there are any.
    pub fn new(dir: &Path) -> Sorter {
        Sorter {
            dir: dir.to_path_buf(),
            held: Vec::new(),
            held_bytes: 0,
            runs: Vec::new(),
            seq: 0,
        }
    }

    /// Sets (`Some`) or removes (`None`) the entry `rest` of `bucket` in `tree`.
    pub fn push(
        &mut self,
        tree: T,
        bucket: &[u8],
        rest: &[u8],
        value: Option<Vec<u8>>,
    ) -> Result<()> {
        self.held_bytes +=
            OVERHEAD + bucket.len() + rest.len() + value.as_ref().map_or(0, Vec::len);
        self.held.push(Op {
            tree: tree as u8,
            bucket: bucket.to_vec(),
            rest: rest.to_vec(),
            seq: self.seq,
            value,
        });
        self.seq += 1;
        if self.held_bytes >= RUN_BYTES {
            self.spill().map_err(|e| self.io_err(e))?;
        }
        Ok(())
    }

    fn io_err(&self, source: io::Error) -> StoreError {
        StoreError::Io {
            path: self.dir.clone(),
            source,
        }
    }

    /// The held writes, sorted, to a run of their own.
    fn spill(&mut self) -> io::Result<()> {
        self.held.sort_unstable();
        let file = crate::secure_file::anonymous_in(&self.dir).map_err(|e| e.source)?;
        let mut w = BufWriter::with_capacity(1 << 16, file);
        for op in self.held.drain(..) {
            let bytes = encode(&op);
            w.write_all(&(bytes.len() as u32).to_le_bytes())?;
            w.write_all(&bytes)?;
        }
        self.held_bytes = 0;
        let mut file = w.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        self.runs.push(file);
        Ok(())
    }

    /// Every bucket written, in key order, as one journal entry each:
    /// `emit` gets them one at a time.
    pub fn finish(mut self, mut emit: impl FnMut(Entry) -> Result<()>) -> Result<()> {
        let mut group = Group::default();
        if self.runs.is_empty() {
            self.held.sort_unstable();
            for op in std::mem::take(&mut self.held) {
                group.add(op, &mut emit)?;
            }
            return group.close(&mut emit);
        }
        if !self.held.is_empty() {
            self.spill().map_err(|e| self.io_err(e))?;
        }
        let mut readers: Vec<Run> = std::mem::take(&mut self.runs)
            .into_iter()
            .map(|f| Run(BufReader::with_capacity(1 << 16, f)))
            .collect();
        let mut heap = BinaryHeap::with_capacity(readers.len());
        for (i, r) in readers.iter_mut().enumerate() {
            if let Some(op) = r.next().map_err(|e| self.io_err(e))? {
                heap.push(Reverse((op, i)));
            }
        }
        while let Some(Reverse((op, i))) = heap.pop() {
            if let Some(next) = readers[i].next().map_err(|e| self.io_err(e))? {
                heap.push(Reverse((next, i)));
            }
            group.add(op, &mut emit)?;
        }
        group.close(&mut emit)
    }
}

/// A run read back in order.
struct Run(BufReader<File>);

impl Run {
    fn next(&mut self) -> io::Result<Option<Op>> {
        let mut len = [0u8; 4];
        match self.0.read_exact(&mut len) {
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            other => other?,
        }
        let mut buf = vec![0; u32::from_le_bytes(len) as usize];
        self.0.read_exact(&mut buf)?;
        decode(&buf)
            .map(Some)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))
    }
}

/// The writes of the bucket being gathered.
#[derive(Default)]
struct Group {
    at: Option<(u8, Vec<u8>)>,
    ops: Vec<(Vec<u8>, Option<Vec<u8>>)>,
}

impl Group {
    fn add(&mut self, op: Op, emit: &mut impl FnMut(Entry) -> Result<()>) -> Result<()> {
        let same = self
            .at
            .as_ref()
            .is_some_and(|(t, b)| *t == op.tree && *b == op.bucket);
        if !same {
            self.close(emit)?;
            self.at = Some((op.tree, op.bucket));
        }
        match self.ops.last_mut() {
            // Sorted by sequence within a key: the later write wins.
            Some((rest, value)) if *rest == op.rest => *value = op.value,
            _ => self.ops.push((op.rest, op.value)),
        }
        Ok(())
    }

    fn close(&mut self, emit: &mut impl FnMut(Entry) -> Result<()>) -> Result<()> {
        match self.at.take() {
            Some((tree, bucket)) => emit(Entry::Bucket {
                tree,
                bucket,
                ops: std::mem::take(&mut self.ops),
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(s: Sorter) -> Vec<Entry> {
        let mut out = Vec::new();
        s.finish(|e| {
            out.push(e);
            Ok(())
        })
        .unwrap();
        out
    }

    fn writes(s: &mut Sorter) {
        s.push(T::Name, b"b", b"2", Some(b"x".to_vec())).unwrap();
        s.push(T::Name, b"a", b"9", Some(b"y".to_vec())).unwrap();
        s.push(T::Name, b"b", b"1", Some(b"z".to_vec())).unwrap();
        s.push(T::Name, b"b", b"2", None).unwrap();
        s.push(T::Phone, b"a", b"1", Some(b"p".to_vec())).unwrap();
    }

    fn expected() -> Vec<Entry> {
        let bucket = |tree: T, b: &[u8], ops: Vec<(&[u8], Option<&[u8]>)>| Entry::Bucket {
            tree: tree as u8,
            bucket: b.to_vec(),
            ops: ops
                .into_iter()
                .map(|(k, v)| (k.to_vec(), v.map(<[u8]>::to_vec)))
                .collect(),
        };
        let mut want = vec![
            bucket(T::Name, b"a", vec![(b"9", Some(b"y"))]),
            bucket(T::Name, b"b", vec![(b"1", Some(b"z")), (b"2", None)]),
            bucket(T::Phone, b"a", vec![(b"1", Some(b"p"))]),
        ];
        want.sort_by_key(|e| match e {
            Entry::Bucket { tree, bucket, .. } => (*tree, bucket.clone()),
            Entry::Record { .. } => unreachable!(),
        });
        want
    }

    #[test]
    fn writes_come_out_by_bucket_the_later_winning() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut s = Sorter::new(dir.path());
        writes(&mut s);
        assert_eq!(entries(s), expected());
    }

    #[test]
    fn runs_on_disk_merge_to_the_same_buckets_and_leave_no_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut s = Sorter::new(dir.path());
        // Every write its own run.
        s.push(T::Name, b"b", b"2", Some(b"x".to_vec())).unwrap();
        s.spill().unwrap();
        s.push(T::Name, b"a", b"9", Some(b"y".to_vec())).unwrap();
        s.spill().unwrap();
        s.push(T::Name, b"b", b"1", Some(b"z".to_vec())).unwrap();
        s.push(T::Name, b"b", b"2", None).unwrap();
        s.spill().unwrap();
        s.push(T::Phone, b"a", b"1", Some(b"p".to_vec())).unwrap();
        assert_eq!(s.runs.len(), 3);
        assert_eq!(entries(s), expected());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
