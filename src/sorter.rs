//! An external sort: records are held in memory up to a budget, then
//! sorted and written as a run to a nameless 0600 file (they may hold
//! personal data; see `secure_file::anonymous_in`); at the end the runs are
//! merged, so any number of records comes out in order with memory bounded
//! by the budget. A bulk write sorts its writes into buckets with it, and
//! `check` the index entries its records call for.

use crate::store::codec::{decode, encode};
use serde::{de::DeserializeOwned, Serialize};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Bytes of records held before a run goes to disk.
pub const RUN_BYTES: usize = 48 << 20;
/// What a record costs in memory besides the bytes its owner counts.
const OVERHEAD: usize = 120;

pub struct Sorter<R> {
    dir: PathBuf,
    budget: usize,
    held: Vec<R>,
    held_bytes: usize,
    runs: Vec<File>,
}

impl<R: Ord + Serialize + DeserializeOwned> Sorter<R> {
    /// Runs go to nameless files in `dir`, once there are any.
    pub fn new(dir: &Path) -> Sorter<R> {
        Sorter::with_budget(dir, RUN_BYTES)
    }

    pub fn with_budget(dir: &Path, budget: usize) -> Sorter<R> {
        Sorter {
            dir: dir.to_path_buf(),
            budget,
            held: Vec::new(),
            held_bytes: 0,
            runs: Vec::new(),
        }
    }

    /// The directory of the runs, for messages.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Adds a record of about `bytes` bytes of heap.
    pub fn push(&mut self, r: R, bytes: usize) -> io::Result<()> {
        self.held_bytes += OVERHEAD + bytes;
        self.held.push(r);
        if self.held_bytes >= self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// The held records, sorted, to a run of their own.
    fn spill(&mut self) -> io::Result<()> {
        self.held.sort_unstable();
        let file = crate::secure_file::anonymous_in(&self.dir).map_err(|e| e.source)?;
        let mut w = BufWriter::with_capacity(1 << 16, file);
        for r in self.held.drain(..) {
            let bytes = encode(&r);
            w.write_all(&(bytes.len() as u32).to_le_bytes())?;
            w.write_all(&bytes)?;
        }
        self.held_bytes = 0;
        let mut file = w.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        self.runs.push(file);
        Ok(())
    }

    /// Every record pushed, in order, one at a time to `each`; a failure to
    /// write or read a run is `io_err`'s.
    pub fn finish<E>(
        mut self,
        io_err: impl Fn(io::Error) -> E,
        mut each: impl FnMut(R) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.runs.is_empty() {
            self.held.sort_unstable();
            return std::mem::take(&mut self.held)
                .into_iter()
                .try_for_each(each);
        }
        if !self.held.is_empty() {
            self.spill().map_err(&io_err)?;
        }
        // The runs hold it all now: the room the held records took goes.
        self.held = Vec::new();
        let mut runs: Vec<Run> = std::mem::take(&mut self.runs)
            .into_iter()
            .map(|f| Run(BufReader::with_capacity(1 << 16, f)))
            .collect();
        // Equal records come out in the order of their runs: a later run
        // holds later pushes.
        let mut heap = BinaryHeap::with_capacity(runs.len());
        for (i, run) in runs.iter_mut().enumerate() {
            if let Some(r) = run.next::<R>().map_err(&io_err)? {
                heap.push(Reverse((r, i)));
            }
        }
        while let Some(Reverse((r, i))) = heap.pop() {
            if let Some(next) = runs[i].next().map_err(&io_err)? {
                heap.push(Reverse((next, i)));
            }
            each(r)?;
        }
        Ok(())
    }
}

/// A run read back in order.
struct Run(BufReader<File>);

impl Run {
    fn next<R: DeserializeOwned>(&mut self) -> io::Result<Option<R>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(s: Sorter<(String, u32)>) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        s.finish(
            |e| e,
            |r| {
                out.push(r);
                Ok(())
            },
        )
        .unwrap();
        out
    }

    fn records() -> Vec<(String, u32)> {
        let names = ["张伟", "李娜", "王芳", "刘洋", "陈静"];
        (0..500u32)
            .map(|i| (names[(i * 7 % 5) as usize].to_string(), i * 31 % 97))
            .collect()
    }

    #[test]
    fn records_held_in_memory_come_out_sorted() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut s = Sorter::new(dir.path());
        for r in records() {
            s.push(r, 8).unwrap();
        }
        assert!(s.runs.is_empty());
        let mut want = records();
        want.sort();
        assert_eq!(sorted(s), want);
    }

    #[test]
    fn runs_on_disk_merge_in_order_and_leave_no_file() {
        let dir = tempfile::TempDir::new().unwrap();
        // A run every ten records or so.
        let mut s = Sorter::with_budget(dir.path(), 1300);
        for r in records() {
            s.push(r, 8).unwrap();
        }
        assert!(s.runs.len() > 40, "{} runs", s.runs.len());
        let mut want = records();
        want.sort();
        assert_eq!(sorted(s), want);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
