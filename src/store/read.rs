//! Typed reads. Every decoding failure names the record it happened in.

use super::bucket::decode_bucket;
use super::codec::decode;
use super::counter::Counter;
use super::keys::{matter_key, petitioner_key, read_matter_key, read_petitioner_key, read_u64};
use super::{Result, Store, StoreError, T};
use crate::domain::{Category, LedgerNo, Matter, Petitioner, Staff, Town, Unit, Village};
use serde::de::DeserializeOwned;
use std::marker::PhantomData;
use std::ops::RangeBounds;

/// How a key of tree `t` is shown in messages.
pub fn describe_key(t: T, key: &[u8]) -> String {
    let shown = match t {
        T::Audit => read_u64(key).map(|n| n.to_string()),
        T::Petitioners if key.len() == 8 => {
            let b = read_u64(key).unwrap_or(0) << 4;
            return format!("petitioners bucket of records {b}–{}", b + 15);
        }
        T::Petitioners => read_petitioner_key(key).map(|n| n.to_string()),
        T::Matters => read_matter_key(key).map(|l| l.to_string()),
        // The matter's ledger number, then the kind, year and number.
        T::Notices => super::keys::read_ledger(key).map(|l| format!("of matter {l}")),
        _ => std::str::from_utf8(key).ok().map(str::to_string),
    };
    let shown = shown.unwrap_or_else(|| key.iter().map(|b| format!("{b:02x}")).collect());
    format!("{} record {shown}", t.name())
}

/// Decoded records of one tree, in key order, each with its (logical) key.
pub struct RecordIter<'a, V> {
    t: T,
    inner: IndexIter<'a>,
    _v: PhantomData<V>,
}

impl<V: DeserializeOwned + 'static> Iterator for RecordIter<'_, V> {
    type Item = Result<(Vec<u8>, V)>;
    fn next(&mut self) -> Option<Self::Item> {
        let (k, v) = match self.inner.next()? {
            Ok(kv) => kv,
            Err(e) => return Some(Err(e)),
        };
        Some(
            decode(&v)
                .map(|rec| (k.clone(), rec))
                .map_err(|e| StoreError::Corrupt {
                    record: describe_key(self.t, &k),
                    detail: e.to_string(),
                }),
        )
    }
}

impl Store {
    /// The stored bytes under a (logical) key, looking inside its bucket
    /// where the tree has buckets.
    pub fn get_raw(&self, t: T, key: &[u8]) -> Result<Option<Vec<u8>>> {
        let Some(bucketing) = t.bucketing() else {
            return Ok(self
                .tree(t)?
                .get(key)
                .map_err(|e| self.sled_err(e))?
                .map(|v| v.to_vec()));
        };
        let (bucket, rest) = bucketing.split(key);
        let Some(bytes) = self.tree(t)?.get(bucket).map_err(|e| self.sled_err(e))? else {
            return Ok(None);
        };
        let entries = decode_bucket(&bytes).map_err(|e| StoreError::Corrupt {
            record: describe_key(t, bucket),
            detail: e.to_string(),
        })?;
        Ok(entries
            .binary_search_by(|(r, _)| r.as_slice().cmp(rest))
            .ok()
            .map(|i| entries[i].1.clone()))
    }

    pub fn get<V: DeserializeOwned + 'static>(&self, t: T, key: &[u8]) -> Result<Option<V>> {
        match self.get_raw(t, key)? {
            None => Ok(None),
            Some(bytes) => decode(&bytes).map(Some).map_err(|e| StoreError::Corrupt {
                record: describe_key(t, key),
                detail: e.to_string(),
            }),
        }
    }

    pub fn counter(&self, counter: Counter) -> Result<u64> {
        let v = self
            .tree(T::Meta)?
            .get(counter.key())
            .map_err(|e| self.sled_err(e))?;
        Ok(v.and_then(|b| read_u64(&b)).unwrap_or(0))
    }

    pub fn petitioner(&self, id: u64) -> Result<Option<Petitioner>> {
        self.get(T::Petitioners, &petitioner_key(id))
    }

    pub fn matter(&self, ledger: LedgerNo) -> Result<Option<Matter>> {
        self.get(T::Matters, &matter_key(ledger))
    }

    pub fn staff(&self, login: &str) -> Result<Option<Staff>> {
        self.get(T::Staff, login.as_bytes())
    }

    pub fn town(&self, code: &str) -> Result<Option<Town>> {
        self.get(T::Towns, code.as_bytes())
    }

    pub fn village(&self, code: &str) -> Result<Option<Village>> {
        self.get(T::Villages, code.as_bytes())
    }

    pub fn unit(&self, code: &str) -> Result<Option<Unit>> {
        self.get(T::Units, code.as_bytes())
    }

    pub fn category(&self, code: &str) -> Result<Option<Category>> {
        self.get(T::Categories, code.as_bytes())
    }

    /// Every record of a tree, decoded, in key order.
    pub fn records<V: DeserializeOwned + 'static>(&self, t: T) -> RecordIter<'_, V> {
        RecordIter {
            t,
            inner: self.entries(t),
            _v: PhantomData,
        }
    }

    /// Every (logical key, stored bytes) of a tree, in key order.
    pub fn entries(&self, t: T) -> IndexIter<'_> {
        let mut it = IndexIter::new(
            self,
            t,
            self.scan(t, |tree| Box::new(tree.iter())),
            Vec::new(),
        );
        it.plain = t.bucketing().is_none();
        it
    }

    /// Index entries whose key starts with `prefix`, in key order, as
    /// (full key, value).
    pub fn index_prefix<'a>(&'a self, t: T, prefix: &[u8]) -> IndexIter<'a> {
        let bucketing = t.bucketing().expect("an index tree");
        match bucketing.bucket_of_prefix(prefix) {
            Some((bucket, rest)) => {
                let one = |tree: &sled::Tree| -> Buckets<'static> {
                    let one = tree
                        .get(bucket)
                        .transpose()
                        .map(|r| r.map(|v| (sled::IVec::from(bucket), v)));
                    Box::new(one.into_iter())
                };
                IndexIter::new(self, t, self.scan(t, one), rest.to_vec())
            }
            None => IndexIter::new(
                self,
                t,
                self.scan(t, |tree| Box::new(tree.scan_prefix(prefix))),
                Vec::new(),
            ),
        }
    }

    /// Index entries of the buckets whose keys lie in `range`, in key order.
    pub fn index_range<'a, R: RangeBounds<Vec<u8>>>(&'a self, t: T, range: R) -> IndexIter<'a> {
        IndexIter::new(
            self,
            t,
            self.scan(t, |tree| Box::new(tree.range(range))),
            Vec::new(),
        )
    }

    /// Number of sled keys in a tree (buckets, for an index); 0 while the
    /// store cannot be reopened after a storage error.
    pub fn len(&self, t: T) -> usize {
        self.tree(t).map_or(0, |tree| tree.len())
    }

    pub fn is_empty(&self, t: T) -> bool {
        self.len(t) == 0
    }

    /// A scan of a tree; when the store cannot be reopened after a storage
    /// error, a scan whose one item is that error.
    fn scan(&self, t: T, scan: impl FnOnce(&sled::Tree) -> Buckets<'static>) -> Buckets<'static> {
        match self.tree(t) {
            Ok(tree) => scan(&tree),
            Err(e) => Box::new(std::iter::once(Err(sled::Error::Io(
                std::io::Error::other(e.to_string()),
            )))),
        }
    }
}

type Buckets<'a> = Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>> + 'a>;

/// Entries of an index, bucket by bucket, each as (full key, value).
pub struct IndexIter<'a> {
    store: &'a Store,
    t: T,
    buckets: Buckets<'a>,
    /// Only entries whose rest of key starts with this.
    rest_prefix: Vec<u8>,
    /// The tree has no buckets: each sled value is one entry.
    plain: bool,
    bucket: Vec<u8>,
    current: std::vec::IntoIter<(Vec<u8>, Vec<u8>)>,
}

impl<'a> IndexIter<'a> {
    fn new(store: &'a Store, t: T, buckets: Buckets<'a>, rest_prefix: Vec<u8>) -> IndexIter<'a> {
        IndexIter {
            store,
            t,
            buckets,
            rest_prefix,
            plain: false,
            bucket: Vec::new(),
            current: Vec::new().into_iter(),
        }
    }
}

impl Iterator for IndexIter<'_> {
    type Item = Result<(Vec<u8>, Vec<u8>)>;
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            for (rest, value) in self.current.by_ref() {
                if rest.starts_with(&self.rest_prefix) {
                    let mut key = self.bucket.clone();
                    key.extend_from_slice(&rest);
                    return Some(Ok((key, value)));
                }
            }
            let (k, v) = match self.buckets.next()? {
                Ok(kv) => kv,
                Err(e) => return Some(Err(self.store.sled_err(e))),
            };
            if self.plain {
                return Some(Ok((k.to_vec(), v.to_vec())));
            }
            match decode_bucket(&v) {
                Ok(entries) => {
                    self.bucket = k.to_vec();
                    self.current = entries.into_iter();
                }
                Err(e) => {
                    return Some(Err(StoreError::Corrupt {
                        record: describe_key(self.t, &k),
                        detail: e.to_string(),
                    }));
                }
            }
        }
    }
}
