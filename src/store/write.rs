//! A set of writes to several trees, committed as one sled transaction.

use super::codec::encode;
use super::index::{contact_entries, matter_entries, petitioner_entries, Entry};
use super::keys::{ledger_key, u64_key};
use super::{Result, Store, T};
use crate::domain::{Contact, Matter, Petitioner};
use serde::Serialize;
use sled::transaction::{TransactionError, Transactional};
use std::collections::BTreeMap;

/// Writes gathered by the service and committed together: either all of them
/// become visible or none does.
pub struct WriteSet<'s> {
    store: &'s Store,
    ops: BTreeMap<T, BTreeMap<Vec<u8>, Option<Vec<u8>>>>,
}

impl<'s> WriteSet<'s> {
    pub fn new(store: &'s Store) -> WriteSet<'s> {
        WriteSet { store, ops: BTreeMap::new() }
    }

    pub fn is_empty(&self) -> bool {
        self.ops.values().all(BTreeMap::is_empty)
    }

    /// Number of keys this set writes or removes.
    pub fn len(&self) -> usize {
        self.ops.values().map(BTreeMap::len).sum()
    }

    pub fn put_raw(&mut self, t: T, key: impl Into<Vec<u8>>, value: impl Into<Vec<u8>>) {
        self.ops.entry(t).or_default().insert(key.into(), Some(value.into()));
    }

    pub fn put<V: Serialize>(&mut self, t: T, key: impl Into<Vec<u8>>, value: &V) {
        self.put_raw(t, key, encode(value));
    }

    pub fn remove(&mut self, t: T, key: impl Into<Vec<u8>>) {
        self.ops.entry(t).or_default().insert(key.into(), None);
    }

    /// Replaces the index entries `old` by `new`, touching only what changed.
    fn reindex(&mut self, old: &[Entry], new: &[Entry]) {
        for e in old {
            if !new.iter().any(|n| n.tree == e.tree && n.key == e.key) {
                self.remove(e.tree, e.key.clone());
            }
        }
        for e in new {
            if !old.contains(e) {
                self.put_raw(e.tree, e.key.clone(), e.value.clone());
            }
        }
    }

    /// Stores a petitioner; `old` is the stored version it replaces, if any.
    pub fn petitioner(&mut self, old: Option<&Petitioner>, new: &Petitioner) {
        let old_ix = old.map(petitioner_entries).unwrap_or_default();
        self.reindex(&old_ix, &petitioner_entries(new));
        self.put(T::Petitioners, u64_key(new.id), new);
    }

    pub fn matter(&mut self, old: Option<&Matter>, new: &Matter) {
        let (cal, tz) = (self.store.calendar(), self.store.tz());
        let old_ix = old.map(|m| matter_entries(m, cal, tz)).unwrap_or_default();
        self.reindex(&old_ix, &matter_entries(new, cal, tz));
        self.put(T::Matters, ledger_key(new.ledger), new);
    }

    pub fn contact(&mut self, old: Option<&Contact>, new: &Contact) {
        let tz = self.store.tz();
        let old_ix = old.map(|c| contact_entries(c, tz)).unwrap_or_default();
        self.reindex(&old_ix, &contact_entries(new, tz));
        self.put(T::Contacts, u64_key(new.id), new);
    }

    pub fn set_counter(&mut self, name: &str, value: u64) {
        self.put_raw(T::Meta, counter_key(name), value.to_be_bytes().to_vec());
    }

    /// Applies every write in one transaction across the trees it touches.
    pub fn commit(self) -> Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        let store = self.store;
        let mut trees = Vec::with_capacity(self.ops.len());
        let mut batches = Vec::with_capacity(self.ops.len());
        for (t, ops) in self.ops {
            let mut batch = sled::Batch::default();
            for (k, v) in ops {
                match v {
                    Some(v) => batch.insert(k, v),
                    None => batch.remove(k),
                }
            }
            trees.push(store.tree(t));
            batches.push(batch);
        }
        trees[..]
            .transaction(|tx| {
                for (tree, batch) in tx.iter().zip(&batches) {
                    tree.apply_batch(batch)?;
                }
                Ok::<(), sled::transaction::ConflictableTransactionError<()>>(())
            })
            .map_err(|e| match e {
                TransactionError::Storage(e) => store.sled_err(e),
                TransactionError::Abort(()) => unreachable!("write sets never abort"),
            })
    }
}

pub(super) fn counter_key(name: &str) -> Vec<u8> {
    format!("counter/{name}").into_bytes()
}
