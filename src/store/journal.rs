//! The import journal: a write set too large for one transaction is written
//! here whole first, then applied in chunks. A process killed in the middle
//! (power cut, SIGKILL, SIGTERM) leaves the journal behind; the next open
//! either replays it (it was complete: the writes finish) or drops it (it was
//! not: nothing had been applied). So a bulk write is all or nothing.
//!
//! Replaying is safe however far the chunks got: every write is absolute (a
//! record's new bytes, an index entry set or removed), so applying one twice
//! leaves what applying it once did.

use super::{Result, Store, StoreError, T};
use serde::{Deserialize, Serialize};

/// Written last, after every entry and a flush: the journal is complete.
const COMPLETE: &[u8] = b"complete!";

/// One write of the set, owned, as the journal keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entry {
    /// A record key of tree `tree` (its index in `T::ALL`): new bytes or removal.
    Record {
        tree: u8,
        key: Vec<u8>,
        value: Option<Vec<u8>>,
    },
    /// An index bucket of tree `tree`: entries set or removed within it.
    Bucket {
        tree: u8,
        bucket: Vec<u8>,
        ops: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    },
}

/// Bytes of entries per sled batch or transaction, whatever their number:
/// sixteen thousand buckets of matters are hundreds of megabytes, and sled
/// holds a transaction's writes twice over while it commits.
pub const CHUNK_BYTES: usize = 8 << 20;

impl Entry {
    /// About how many bytes the entry holds in memory: what it writes,
    /// and what each of its writes costs besides (two vectors and their
    /// allocations), which is most of an index entry's.
    pub fn size(&self) -> usize {
        const PER_WRITE: usize = 80;
        match self {
            Entry::Record { key, value, .. } => {
                PER_WRITE + key.len() + value.as_ref().map_or(0, Vec::len)
            }
            Entry::Bucket { bucket, ops, .. } => {
                bucket.len()
                    + ops
                        .iter()
                        .map(|(k, v)| PER_WRITE + k.len() + v.as_ref().map_or(0, Vec::len))
                        .sum::<usize>()
            }
        }
    }

    pub fn tree(&self) -> Result<T> {
        let i = match self {
            Entry::Record { tree, .. } | Entry::Bucket { tree, .. } => *tree,
        };
        T::ALL
            .get(usize::from(i))
            .copied()
            .ok_or_else(|| damaged(format!("tree number {i}")))
    }
}

fn damaged(detail: String) -> StoreError {
    StoreError::Corrupt {
        record: "the import journal".into(),
        detail,
    }
}

/// What an open found in the journal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// A complete journal: its writes were applied again, finishing the bulk
    /// write a stopped process had begun.
    Replayed { writes: usize },
    /// An incomplete journal: the stopped process had applied none of it;
    /// it was dropped.
    Dropped { writes: usize },
}

impl std::fmt::Display for Recovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Recovery::Replayed { writes } => write!(
                f,
                "an import cut short last time was finished now ({writes} writes from its journal)"
            ),
            Recovery::Dropped { writes } => write!(
                f,
                "an import cut short last time had not been recorded whole; it was dropped ({writes} journal entries) and nothing of it was saved"
            ),
        }
    }
}

fn seq_key(n: u64) -> [u8; 8] {
    n.to_be_bytes()
}

/// A journal being written, in batches of `chunk` entries.
pub(super) struct JournalWriter<'s> {
    store: &'s Store,
    tree: sled::Tree,
    batch: sled::Batch,
    batch_bytes: usize,
    n: u64,
    chunk: u64,
}

impl<'s> JournalWriter<'s> {
    pub(super) fn new(store: &'s Store, chunk: usize) -> Result<JournalWriter<'s>> {
        Ok(JournalWriter {
            store,
            tree: store.tree(T::Journal).map_err(nothing_saved)?,
            batch: sled::Batch::default(),
            batch_bytes: 0,
            n: 0,
            chunk: chunk.max(1) as u64,
        })
    }

    /// Adds an entry; nothing outside the journal changes.
    pub(super) fn push(&mut self, e: &Entry) -> Result<()> {
        let bytes = super::codec::encode(e);
        self.batch_bytes += bytes.len();
        self.batch.insert(&seq_key(self.n), bytes);
        self.n += 1;
        if self.n % self.chunk == 0 || self.batch_bytes >= CHUNK_BYTES {
            self.write_batch()?;
        }
        Ok(())
    }

    fn write_batch(&mut self) -> Result<()> {
        let batch = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        self.tree
            .apply_batch(batch)
            .map_err(|e| nothing_saved(self.store.sled_err(e)))
    }

    /// Writes what is left, flushes, then marks the journal complete and
    /// flushes again. A failure before the mark is `NothingSaved`; from the
    /// mark on, the next open decides, so it is `Unfinished`.
    pub(super) fn complete(mut self) -> Result<()> {
        self.write_batch()?;
        self.store.flush().map_err(nothing_saved)?;
        self.tree
            .insert(COMPLETE, &[][..])
            .map_err(|e| self.store.sled_err(e))
            .and_then(|_| self.store.flush())
            .map_err(|e| StoreError::Unfinished {
                source: Box::new(e),
            })
    }
}

fn nothing_saved(e: StoreError) -> StoreError {
    StoreError::NothingSaved {
        source: Box::new(e),
    }
}

impl Store {
    /// Writes `entries` to the journal in chunks of `chunk` as they come,
    /// then marks it complete and flushes. Nothing outside the journal has
    /// changed yet. A failure before the mark is `NothingSaved`; from the
    /// mark on, the next open decides, so it is `Unfinished`.
    pub(super) fn journal_begin(
        &self,
        entries: impl IntoIterator<Item = Entry>,
        chunk: usize,
    ) -> Result<()> {
        let mut w = JournalWriter::new(self, chunk)?;
        for e in entries {
            w.push(&e)?;
        }
        w.complete()
    }

    /// Applies a complete journal's writes in transactions of `chunk` (or
    /// `CHUNK_BYTES`), read back in turn so that only one chunk is in
    /// memory; how many there were.
    pub(super) fn journal_apply(&self, chunk: usize) -> Result<usize> {
        let journal = self.tree(T::Journal)?;
        let chunk = chunk.max(1);
        let mut part = Vec::with_capacity(chunk.min(1024));
        let mut part_bytes = 0;
        let mut writes = 0;
        for r in journal.iter() {
            let (k, v) = r.map_err(|e| self.sled_err(e))?;
            if k.as_ref() == COMPLETE {
                continue;
            }
            let e: Entry = super::codec::decode(&v)
                .map_err(|e| damaged(format!("entry {:?}: {e}", k.as_ref())))?;
            part_bytes += e.size();
            part.push(e);
            writes += 1;
            if part.len() == chunk || part_bytes >= CHUNK_BYTES {
                super::write::commit_entries(self, &part)?;
                part.clear();
                part_bytes = 0;
            }
        }
        if !part.is_empty() {
            super::write::commit_entries(self, &part)?;
        }
        Ok(writes)
    }

    /// The bulk write is applied and on disk: the journal goes.
    pub(super) fn journal_end(&self) -> Result<()> {
        self.flush()?;
        let journal = self.tree(T::Journal)?;
        // Unmarked first: were the clearing cut short, what is left is an
        // incomplete journal, which the next open drops.
        journal.remove(COMPLETE).map_err(|e| self.sled_err(e))?;
        self.flush()?;
        journal.clear().map_err(|e| self.sled_err(e))?;
        self.flush()
    }

    /// Finishes or drops a journal a stopped process left; `None` when there
    /// was none. Called when the database is opened, before anything else.
    pub(super) fn recover_journal(&self, chunk: usize) -> Result<Option<Recovery>> {
        let journal = self.tree(T::Journal)?;
        if journal.is_empty() {
            return Ok(None);
        }
        let complete = journal
            .contains_key(COMPLETE)
            .map_err(|e| self.sled_err(e))?;
        let recovery = if complete {
            Recovery::Replayed {
                writes: self.journal_apply(chunk)?,
            }
        } else {
            Recovery::Dropped {
                writes: journal.len(),
            }
        };
        self.journal_end()?;
        tracing::warn!("{}: {recovery}", self.path.display());
        Ok(Some(recovery))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{OpenOptions, WriteSet};

    fn options() -> OpenOptions {
        OpenOptions {
            chunk_keys: 4,
            ..OpenOptions::default()
        }
    }

    /// Ten towns: more writes than one chunk of four.
    fn towns(store: &Store, name: &str) -> Vec<Entry> {
        let mut ws = WriteSet::new(store);
        for i in 0..10 {
            ws.put_raw(
                T::Towns,
                format!("t{i}").into_bytes(),
                name.as_bytes().to_vec(),
            );
        }
        ws.entries()
    }

    /// Opens the database again once sled has let go of it: its file lock
    /// goes with the last job of its thread pool, a moment after the drop
    /// (see tests/common `TestDb::reopen`).
    fn reopen(path: &std::path::Path) -> Store {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match Store::open(path, &options()) {
                Err(StoreError::Locked(_)) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(5))
                }
                other => return other.unwrap(),
            }
        }
    }

    fn town_names(store: &Store) -> Vec<String> {
        store
            .tree(T::Towns)
            .unwrap()
            .iter()
            .map(|r| String::from_utf8(r.unwrap().1.to_vec()).unwrap())
            .collect()
    }

    #[test]
    fn a_bulk_write_goes_through_the_journal_and_leaves_it_empty() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::create(&dir.path().join("db"), &options()).unwrap();
        let mut ws = WriteSet::new(&store);
        for i in 0..10 {
            ws.put_raw(T::Towns, format!("t{i}").into_bytes(), b"new".to_vec());
        }
        ws.commit().unwrap();
        assert_eq!(town_names(&store), vec!["new"; 10]);
        assert!(store.tree(T::Journal).unwrap().is_empty());
    }

    #[test]
    fn a_complete_journal_cut_short_is_finished_at_the_next_open() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("db");
        {
            let store = Store::create(&path, &options()).unwrap();
            let entries = towns(&store, "new");
            store.journal_begin(entries.clone(), 4).unwrap();
            // Killed after the first chunk of four was applied.
            crate::store::write::commit_entries(&store, &entries[..4]).unwrap();
            store.flush().unwrap();
            assert_eq!(town_names(&store).len(), 4);
        }
        let store = reopen(&path);
        assert_eq!(store.recovery(), Some(Recovery::Replayed { writes: 10 }));
        assert_eq!(town_names(&store), vec!["new"; 10]);
        assert!(store.tree(T::Journal).unwrap().is_empty());
        drop(store);
        let store = reopen(&path);
        assert_eq!(store.recovery(), None, "recovered once");
    }

    #[test]
    fn an_incomplete_journal_is_dropped_and_nothing_of_it_applied() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("db");
        {
            let store = Store::create(&path, &options()).unwrap();
            let entries = towns(&store, "new");
            // Killed while the journal was being written: no mark of completion.
            let journal = store.tree(T::Journal).unwrap();
            for (i, e) in entries[..6].iter().enumerate() {
                journal
                    .insert(seq_key(i as u64), crate::store::codec::encode(e))
                    .unwrap();
            }
            store.flush().unwrap();
        }
        let store = reopen(&path);
        assert_eq!(store.recovery(), Some(Recovery::Dropped { writes: 6 }));
        assert!(town_names(&store).is_empty());
        assert!(store.tree(T::Journal).unwrap().is_empty());
    }
}
