//! A set of writes to several trees, committed as sled transactions: all at
//! once when small (every interactive write), in chunks through the journal
//! for bulk imports.

use super::bucket::{apply, decode_bucket, encode_bucket};
use super::codec::encode;
use super::counter::Counter;
use super::index::{matter_entries, petitioner_entries, Entry as IndexEntry};
use super::journal::Entry;
use super::keys::{matter_key, petitioner_key, read_u64};
use super::read::describe_key;
use super::{Result, Store, StoreError, T};
use crate::domain::office::OfficeRules;
use crate::domain::{Matter, Petitioner};
use serde::Serialize;
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};
use std::collections::BTreeMap;

type Ops = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

/// Writes gathered by the service and committed together.
pub struct WriteSet<'s> {
    pub(super) store: &'s Store,
    records: BTreeMap<(T, Vec<u8>), Option<Vec<u8>>>,
    /// Index entry changes grouped by (tree, bucket): rest of key → value or removal.
    index: BTreeMap<(T, Vec<u8>), Ops>,
    /// New office settings, taken up by the store once committed.
    pub(super) office: Option<OfficeRules>,
}

impl<'s> WriteSet<'s> {
    pub fn new(store: &'s Store) -> WriteSet<'s> {
        WriteSet {
            store,
            records: BTreeMap::new(),
            index: BTreeMap::new(),
            office: None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.index.is_empty()
    }

    /// Whether the set writes audit entries and nothing else.
    fn is_audit_only(&self) -> bool {
        let audit_counter = Counter::Audit.key();
        self.index.is_empty()
            && self
                .records
                .keys()
                .all(|(t, key)| *t == T::Audit || (*t == T::Meta && *key == audit_counter))
    }

    /// Number of sled keys this set writes or removes.
    pub fn len(&self) -> usize {
        self.records.len() + self.index.len()
    }

    pub(super) fn op(&mut self, t: T, key: Vec<u8>, value: Option<Vec<u8>>) {
        match t.bucketing() {
            None => {
                self.records.insert((t, key), value);
            }
            Some(b) => {
                let (bucket, rest) = b.split(&key);
                self.index
                    .entry((t, bucket.to_vec()))
                    .or_default()
                    .insert(rest.to_vec(), value);
            }
        }
    }

    pub fn put_raw(&mut self, t: T, key: impl Into<Vec<u8>>, value: impl Into<Vec<u8>>) {
        self.op(t, key.into(), Some(value.into()));
    }

    pub fn put<V: Serialize>(&mut self, t: T, key: impl Into<Vec<u8>>, value: &V) {
        self.put_raw(t, key, encode(value));
    }

    pub fn remove(&mut self, t: T, key: impl Into<Vec<u8>>) {
        self.op(t, key.into(), None);
    }

    /// `reindex` for the other record kinds' modules of the store.
    pub(super) fn reindex_entries(&mut self, old: &[IndexEntry], new: &[IndexEntry]) {
        self.reindex(old, new);
    }

    /// Replaces the index entries `old` by `new`, touching only what changed.
    fn reindex(&mut self, old: &[IndexEntry], new: &[IndexEntry]) {
        index_changes(old, new, |t, key, value| self.op(t, key, value));
    }

    /// Stores a petitioner; `old` is the stored version it replaces, if any.
    pub fn petitioner(&mut self, old: Option<&Petitioner>, new: &Petitioner) {
        let old_ix = old.map(petitioner_entries).unwrap_or_default();
        self.reindex(&old_ix, &petitioner_entries(new));
        self.put(T::Petitioners, petitioner_key(new.id), new);
    }

    /// Stores a matter with its contacts; `old` is the stored version, if any.
    pub fn matter(&mut self, old: Option<&Matter>, new: &Matter) {
        let (cal, tz) = (self.store.calendar(), self.store.tz());
        let cal = &*cal;
        let old_ix = old.map(|m| matter_entries(m, cal, tz)).unwrap_or_default();
        self.reindex(&old_ix, &matter_entries(new, cal, tz));
        self.put(T::Matters, matter_key(new.ledger), new);
    }

    /// Stores a matter whose index entries were `old_entries` (computed under
    /// another calendar, when the holidays change).
    pub fn matter_reindexed(&mut self, old_entries: &[IndexEntry], new: &Matter) {
        let (cal, tz) = (self.store.calendar(), self.store.tz());
        let cal = &*cal;
        self.reindex(old_entries, &matter_entries(new, cal, tz));
        self.put(T::Matters, matter_key(new.ledger), new);
    }

    /// Stores the office's settings with the rest of the set.
    pub fn set_office(&mut self, rules: &OfficeRules) {
        self.put(T::Meta, super::META_OFFICE.to_vec(), rules);
        self.office = Some(rules.clone());
    }

    pub fn set_counter(&mut self, counter: Counter, value: u64) {
        self.put_raw(T::Meta, counter.key(), value.to_be_bytes().to_vec());
    }

    /// A counter as this set leaves it: its pending value, else the stored one.
    /// Lets one set take several numbers (e.g. audit entries) in turn.
    pub fn counter(&self, counter: Counter) -> Result<u64> {
        match self.records.get(&(T::Meta, counter.key())) {
            Some(Some(bytes)) => Ok(read_u64(bytes).unwrap_or(0)),
            _ => self.store.counter(counter),
        }
    }

    /// Applies every write: one transaction when the set is small (every
    /// interactive write); a bulk one through the journal, in transactions of
    /// at most the store's chunk size, all or nothing across a crash.
    pub fn commit(mut self) -> Result<()> {
        let store = self.store;
        store.ready_to_write()?;
        store.refuse_unless_room(self.is_audit_only())?;
        let office = self.office.take();
        let committed = Self::commit_entries_of(store, self.len(), self.into_entries());
        if let (Ok(()), Some(rules)) = (&committed, office) {
            store.cache_office(rules);
        }
        committed
    }

    /// A bulk set goes to the journal as it is taken apart and is read back
    /// from there chunk by chunk, so it is never held twice in memory.
    fn commit_entries_of(
        store: &Store,
        len: usize,
        entries: impl Iterator<Item = Entry>,
    ) -> Result<()> {
        // sled's transaction over no trees at all panics; nothing to write is done.
        if len == 0 {
            return Ok(());
        }
        let chunk = store.chunk_keys();
        if len <= chunk {
            return commit_entries(store, &entries.collect::<Vec<_>>());
        }
        store.journal_begin(entries, chunk)?;
        let unfinished = |e| StoreError::Unfinished {
            source: Box::new(e),
        };
        store.journal_apply(chunk).map_err(unfinished)?;
        store.journal_end().map_err(unfinished)
    }

    /// Applies every write in chunks without the journal: for a database no
    /// one uses yet, which is thrown away whole if this fails (a restore
    /// builds one beside its destination and renames it in when complete).
    /// Saves the journal's copy: half the disk and much of the time.
    pub fn commit_unjournaled(self) -> Result<()> {
        let store = self.store;
        store.refuse_unless_room(false)?;
        let chunk = store.chunk_keys();
        let mut part = Vec::with_capacity(chunk.min(self.len()));
        for e in self.into_entries() {
            part.push(e);
            if part.len() == chunk {
                commit_entries(store, &part)?;
                part.clear();
            }
        }
        if !part.is_empty() {
            commit_entries(store, &part)?;
        }
        Ok(())
    }

    /// The set's writes, owned, in key order.
    #[cfg(test)]
    pub(super) fn entries(self) -> Vec<Entry> {
        self.into_entries().collect()
    }

    /// The set's writes, owned, in key order; what is taken is freed.
    pub(super) fn into_entries(self) -> impl Iterator<Item = Entry> {
        self.records
            .into_iter()
            .map(|((t, key), value)| Entry::Record {
                tree: t as u8,
                key,
                value,
            })
            .chain(
                self.index
                    .into_iter()
                    .map(|((t, bucket), ops)| Entry::Bucket {
                        tree: t as u8,
                        bucket,
                        ops: ops.into_iter().collect(),
                    }),
            )
    }
}

/// The writes that replace the index entries `old` by `new`, touching only
/// what changed.
pub(super) fn index_changes(
    old: &[IndexEntry],
    new: &[IndexEntry],
    mut op: impl FnMut(T, Vec<u8>, Option<Vec<u8>>),
) {
    for e in old {
        if !new.iter().any(|n| n.tree == e.tree && n.key == e.key) {
            op(e.tree, e.key.clone(), None);
        }
    }
    for e in new {
        if !old.contains(e) {
            op(e.tree, e.key.clone(), Some(e.value.clone()));
        }
    }
}

/// Applies `entries` in one transaction.
pub(super) fn commit_entries(store: &Store, entries: &[Entry]) -> Result<()> {
    let mut kinds: Vec<T> = entries.iter().map(Entry::tree).collect::<Result<_>>()?;
    kinds.sort();
    kinds.dedup();
    let trees: Vec<sled::Tree> = kinds
        .iter()
        .map(|t| store.tree(*t))
        .collect::<Result<_>>()?;
    let slot = |e: &Entry| {
        let t = e.tree().expect("checked above");
        (t, kinds.binary_search(&t).expect("tree is in the chunk"))
    };
    trees[..]
        .transaction(|tx| {
            for entry in entries {
                let (t, i) = slot(entry);
                match entry {
                    Entry::Record {
                        key,
                        value: Some(v),
                        ..
                    } => {
                        tx[i].insert(key.as_slice(), v.as_slice())?;
                    }
                    Entry::Record {
                        key, value: None, ..
                    } => {
                        tx[i].remove(key.as_slice())?;
                    }
                    Entry::Bucket { bucket, ops, .. } => {
                        let tree = &tx[i];
                        let mut entries = match tree.get(bucket)? {
                            None => Vec::new(),
                            Some(bytes) => decode_bucket(&bytes).map_err(|e| {
                                ConflictableTransactionError::Abort(StoreError::Corrupt {
                                    record: describe_key(t, bucket),
                                    detail: e.to_string(),
                                })
                            })?,
                        };
                        apply(&mut entries, ops.iter().map(|(k, v)| (k, v)));
                        if entries.is_empty() {
                            tree.remove(bucket.as_slice())?;
                        } else {
                            tree.insert(bucket.as_slice(), encode_bucket(&entries))?;
                        }
                    }
                }
            }
            Ok(())
        })
        .map_err(|e| match e {
            TransactionError::Storage(e) => store.sled_err(e),
            TransactionError::Abort(e) => e,
        })
}
