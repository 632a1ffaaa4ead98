//! A write too large to hold in memory: an import of a decade's records, or
//! a restore. Petitioners and matters are handed over one at a time as they
//! are finished; they and their index entries are sorted on disk into their
//! buckets (see `sorter`), and the few other writes (counters, the audit
//! entry, reference data) are gathered in a `WriteSet` as usual. On commit
//! everything goes through the journal, so the write stays all or nothing
//! across a crash; a small one is one transaction, as any write set.

use super::codec::encode;
use super::index::{matter_entries, petitioner_entries};
use super::journal::{Entry, JournalWriter, CHUNK_BYTES};
use super::keys::{matter_key, petitioner_key};
use super::write::{commit_entries, index_changes};
use super::{Result, Store, StoreError, WriteSet, T};
use crate::domain::{Matter, Petitioner};
use crate::sorter::Sorter;
use std::path::Path;

pub struct BulkWrite<'s> {
    small: WriteSet<'s>,
    sorted: Sorter<Op>,
    /// Numbers the bucketed writes: of two to one key, the later wins.
    seq: u64,
    journaled: bool,
}

/// One write into a bucket, sorted by its place.
#[derive(Debug, serde::Serialize, serde::Deserialize, PartialEq, Eq, PartialOrd, Ord)]
struct Op {
    tree: u8,
    bucket: Vec<u8>,
    rest: Vec<u8>,
    seq: u64,
    value: Option<Vec<u8>>,
}

impl<'s> BulkWrite<'s> {
    /// A bulk write through the journal; its sorting files go to `dir`.
    pub fn new(store: &'s Store, dir: &Path) -> Result<BulkWrite<'s>> {
        store.ready_to_write()?;
        store.refuse_unless_room(false)?;
        Ok(BulkWrite {
            small: WriteSet::new(store),
            sorted: Sorter::new(dir),
            seq: 0,
            journaled: true,
        })
    }

    /// Without the journal: for a database no one uses yet, thrown away
    /// whole if the write fails (a restore builds one beside its
    /// destination). Saves the journal's copy: half the disk and much of
    /// the time.
    pub fn unjournaled(store: &'s Store, dir: &Path) -> Result<BulkWrite<'s>> {
        store.refuse_unless_room(false)?;
        Ok(BulkWrite {
            small: WriteSet::new(store),
            sorted: Sorter::new(dir),
            seq: 0,
            journaled: false,
        })
    }

    /// The other writes of the same commit: counters, audit, reference data.
    pub fn set(&mut self) -> &mut WriteSet<'s> {
        &mut self.small
    }

    fn op(&mut self, t: T, key: Vec<u8>, value: Option<Vec<u8>>) -> Result<()> {
        match t.bucketing() {
            None => {
                self.small.op(t, key, value);
                Ok(())
            }
            Some(b) => {
                let (bucket, rest) = b.split(&key);
                let bytes = key.len() + value.as_ref().map_or(0, Vec::len);
                let op = Op {
                    tree: t as u8,
                    bucket: bucket.to_vec(),
                    rest: rest.to_vec(),
                    seq: self.seq,
                    value,
                };
                self.seq += 1;
                let dir = self.sorted.dir();
                let io_err = sort_err(dir);
                self.sorted.push(op, bytes).map_err(io_err)
            }
        }
    }

    fn reindex(&mut self, old: &[super::index::Entry], new: &[super::index::Entry]) -> Result<()> {
        let mut writes = Vec::new();
        index_changes(old, new, |t, k, v| writes.push((t, k, v)));
        writes
            .into_iter()
            .try_for_each(|(t, k, v)| self.op(t, k, v))
    }

    /// Stores a petitioner; `old` is the stored version it replaces, if any.
    pub fn petitioner(&mut self, old: Option<&Petitioner>, new: &Petitioner) -> Result<()> {
        let old_ix = old.map(petitioner_entries).unwrap_or_default();
        self.reindex(&old_ix, &petitioner_entries(new))?;
        self.op(T::Petitioners, petitioner_key(new.id), Some(encode(new)))
    }

    /// Stores a matter with its contacts; `old` is the stored version, if any.
    pub fn matter(&mut self, old: Option<&Matter>, new: &Matter) -> Result<()> {
        let store = self.small.store;
        let (cal, tz) = (store.calendar(), store.tz());
        let cal = &*cal;
        let old_ix = old.map(|m| matter_entries(m, cal, tz)).unwrap_or_default();
        self.reindex(&old_ix, &matter_entries(new, cal, tz))?;
        self.op(T::Matters, matter_key(new.ledger), Some(encode(new)))
    }

    /// Applies every write: all or nothing across a crash when journaled.
    pub fn commit(mut self) -> Result<()> {
        let store = self.small.store;
        let office = self.small.office.take();
        let mut out = Out {
            store,
            chunk: store.chunk_keys().max(1),
            journaled: self.journaled,
            part: Vec::new(),
            part_bytes: 0,
            journal: None,
        };
        for e in self.small.into_entries() {
            out.push(e)?;
        }
        let io_err = sort_err(self.sorted.dir());
        let mut group = Group::default();
        self.sorted
            .finish(io_err, |op| group.add(op, &mut |e| out.push(e)))?;
        group.close(&mut |e| out.push(e))?;
        out.finish()?;
        if let Some(rules) = office {
            store.cache_office(rules);
        }
        Ok(())
    }
}

fn sort_err(dir: &Path) -> impl Fn(std::io::Error) -> StoreError {
    let path = dir.to_path_buf();
    move |source| StoreError::Io {
        path: path.clone(),
        source,
    }
}

/// The writes of the bucket being gathered into one journal entry.
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

/// Where the entries of a bulk write go as they come: held up to one
/// transaction's worth; past that, to the journal (or straight into the
/// database, unjournaled).
struct Out<'s> {
    store: &'s Store,
    chunk: usize,
    journaled: bool,
    part: Vec<Entry>,
    part_bytes: usize,
    journal: Option<JournalWriter<'s>>,
}

impl Out<'_> {
    fn push(&mut self, e: Entry) -> Result<()> {
        self.part_bytes += e.size();
        self.part.push(e);
        let full = self.part_bytes >= CHUNK_BYTES;
        if !self.journaled && (self.part.len() >= self.chunk || full) {
            commit_entries(self.store, &self.part)?;
            self.part.clear();
            self.part_bytes = 0;
        } else if self.journaled && (self.part.len() > self.chunk || full) {
            let w = match &mut self.journal {
                Some(w) => w,
                None => self
                    .journal
                    .insert(JournalWriter::new(self.store, self.chunk)?),
            };
            self.part.drain(..).try_for_each(|e| w.push(&e))?;
            self.part_bytes = 0;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        let Some(mut w) = self.journal.take() else {
            // One transaction, or the last chunk of an unjournaled write
            // (sled's transaction over no trees at all panics).
            return match self.part.is_empty() {
                true => Ok(()),
                false => commit_entries(self.store, &self.part),
            };
        };
        self.part.drain(..).try_for_each(|e| w.push(&e))?;
        w.complete()?;
        let unfinished = |e| StoreError::Unfinished {
            source: Box::new(e),
        };
        self.store.journal_apply(self.chunk).map_err(unfinished)?;
        self.store.journal_end().map_err(unfinished)
    }
}

impl Drop for Out<'_> {
    /// A journal left unfinished (the write failed before its mark) is
    /// dropped now, so the next bulk write of this process starts empty.
    fn drop(&mut self) {
        if self.journal.take().is_some() {
            if let Err(e) = self.store.journal_end() {
                tracing::warn!("dropping an unfinished journal: {e}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::OpenOptions;

    fn person(id: u64, name: &str) -> Petitioner {
        Petitioner {
            id,
            name: name.into(),
            phones: vec![format!("1390000{id:04}")],
            village: Some("371999005001".into()),
            ..Petitioner::default()
        }
    }

    /// Every key and value of every tree.
    fn contents(store: &Store) -> Vec<(T, Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        for t in T::ALL.iter().copied() {
            for r in store.tree(t).unwrap().iter() {
                let (k, v) = r.unwrap();
                out.push((t, k.to_vec(), v.to_vec()));
            }
        }
        out
    }

    /// A journaled bulk write of more entries than one chunk (four keys
    /// here) leaves what one write set leaves, and an empty journal; a
    /// changed petitioner's old index entries go.
    #[test]
    fn a_bulk_write_leaves_what_a_write_set_leaves() {
        let dir = tempfile::TempDir::new().unwrap();
        let opts = OpenOptions {
            chunk_keys: 4,
            ..OpenOptions::default()
        };
        let by_set = Store::create(&dir.path().join("a"), &opts).unwrap();
        let by_bulk = Store::create(&dir.path().join("b"), &opts).unwrap();
        for store in [&by_set, &by_bulk] {
            let mut ws = WriteSet::new(store);
            ws.petitioner(None, &person(1, "张伟"));
            ws.commit().unwrap();
        }
        let mut ws = WriteSet::new(&by_set);
        let mut bulk = BulkWrite::new(&by_bulk, dir.path()).unwrap();
        ws.petitioner(Some(&person(1, "张伟")), &person(1, "张卫"));
        bulk.petitioner(Some(&person(1, "张伟")), &person(1, "张卫"))
            .unwrap();
        for id in 2..60 {
            ws.petitioner(None, &person(id, "李娜"));
            bulk.petitioner(None, &person(id, "李娜")).unwrap();
        }
        ws.put_raw(T::Towns, b"t".to_vec(), b"x".to_vec());
        bulk.set().put_raw(T::Towns, b"t".to_vec(), b"x".to_vec());
        ws.commit().unwrap();
        bulk.commit().unwrap();
        assert!(contents(&by_bulk) == contents(&by_set));
        assert!(by_bulk.tree(T::Journal).unwrap().is_empty());
        let names: Vec<String> = by_bulk
            .records::<Petitioner>(T::Petitioners)
            .map(|r| r.unwrap().1.name)
            .collect();
        assert_eq!(names[0], "张卫");
        assert_eq!(names.len(), 59);
    }

    /// Of two writes to one key the later wins, whichever runs they are in.
    #[test]
    fn the_later_of_two_writes_to_a_key_wins() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::create(&dir.path().join("db"), &OpenOptions::default()).unwrap();
        let mut bulk = BulkWrite::new(&store, dir.path()).unwrap();
        bulk.sorted = Sorter::with_budget(dir.path(), 1);
        let key = |s: &str| crate::store::keys::text_key(s, &[0, 1]);
        bulk.op(T::Name, key("张伟"), Some(vec![1])).unwrap();
        bulk.op(T::Name, key("李娜"), Some(vec![2])).unwrap();
        bulk.op(T::Name, key("张伟"), None).unwrap();
        bulk.op(T::Name, key("李娜"), Some(vec![3])).unwrap();
        bulk.commit().unwrap();
        let left: Vec<(Vec<u8>, Vec<u8>)> = store
            .index_range(T::Name, ..)
            .map(|r| {
                let (k, v) = r.unwrap();
                (k.to_vec(), v.to_vec())
            })
            .collect();
        assert_eq!(left, vec![(key("李娜"), vec![3])]);
    }
}
