//! Bringing a database of an older schema up to this release's.
//!
//! Version 1 → 2: the town-date index gained the matter's category in its
//! values and the event-date index is new. Version 2 → 3: skip-level (越级)
//! is derived with the office's allowance (本级或者上一级, one level by
//! default) where it was any visit above the body with authority. Both are
//! derived from matters only, so each matter's contact flags are derived
//! again and the two indexes rebuilt from the matter records. Version 3 → 4:
//! the letter-number index is new, built from the matter records the same
//! way. Version 4 → 5: the town-date index carries each visit's petitioners,
//! the event-date and due-date indexes the matter's responsible unit (all
//! rebuilt from the matters), and the village index is new, built from the
//! petitioner records.

use super::index::{matter_entries, petitioner_entries};
use super::keys::matter_key;
use super::{Result, Store, StoreError, WriteSet, META_SCHEMA, SCHEMA_VERSION, T};
use crate::domain::derive::rederive_flags;
use crate::domain::{Matter, Petitioner};
use std::path::Path;

/// The indexes a migration builds again from the matter records.
const REBUILT: [T; 4] = [T::TownDate, T::EventDate, T::LetterNo, T::Due];
/// The indexes a migration builds again from the petitioner records.
const REBUILT_PEOPLE: [T; 1] = [T::VillagePeople];

/// Matters re-indexed per transaction: bounds memory on large databases.
const CHUNK: usize = 4096;

pub(super) fn can_migrate(found: u32) -> bool {
    (1..=4).contains(&found)
}

/// What a migration did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migrated {
    pub from: u32,
    pub to: u32,
    pub matters: usize,
}

impl Store {
    /// Opens the database at `path` whatever its schema and brings it to this
    /// release's, if it knows how; `allowed` decides, from the opened store,
    /// whether the caller may (the service checks the user is an admin).
    pub fn migrate<E: From<StoreError>>(
        path: &Path,
        opts: &super::OpenOptions,
        allowed: impl FnOnce(&Store) -> std::result::Result<(), E>,
    ) -> std::result::Result<Migrated, E> {
        if !path.join("db").exists() && !path.join("conf").exists() {
            return Err(StoreError::NotFound(path.to_path_buf()).into());
        }
        let mut store = Store::open_sled(path, opts)?;
        let from = store.schema()?;
        if from == SCHEMA_VERSION {
            return Ok(Migrated {
                from,
                to: from,
                matters: 0,
            });
        }
        refuse_unknown(path, from)?;
        store.load_settings()?;
        allowed(&store)?;
        let _guard = store.lock_writes()?;
        let matters = store.rederive_and_reindex()?;
        store.reindex_people()?;
        store
            .tree(T::Meta)?
            .insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes()[..])
            .map_err(|e| store.sled_err(e))?;
        store.flush()?;
        Ok(Migrated {
            from,
            to: SCHEMA_VERSION,
            matters,
        })
    }

    /// Derives every matter's contact flags again and rebuilds the
    /// indexes derived from them and from letters; the number of matters.
    fn rederive_and_reindex(&self) -> Result<usize> {
        for t in REBUILT {
            self.tree(t)?.clear().map_err(|e| self.sled_err(e))?;
        }
        let mut matters = 0;
        let mut batch: Vec<Matter> = Vec::with_capacity(CHUNK);
        let mut records = self.records::<Matter>(T::Matters);
        loop {
            let next = records.next().transpose()?;
            let done = next.is_none();
            batch.extend(next.map(|(_, m)| m));
            if batch.len() >= CHUNK || (done && !batch.is_empty()) {
                matters += batch.len();
                self.reindex(batch.drain(..))?;
            }
            if done {
                return Ok(matters);
            }
        }
    }

    /// Rebuilds the indexes derived from petitioner records, a batch per
    /// transaction.
    fn reindex_people(&self) -> Result<()> {
        for t in REBUILT_PEOPLE {
            self.tree(t)?.clear().map_err(|e| self.sled_err(e))?;
        }
        let mut ws = WriteSet::new(self);
        let mut n = 0;
        for r in self.records::<Petitioner>(T::Petitioners) {
            for e in petitioner_entries(&r?.1) {
                if REBUILT_PEOPLE.contains(&e.tree) {
                    ws.put_raw(e.tree, e.key, e.value);
                }
            }
            n += 1;
            if n % CHUNK == 0 {
                std::mem::replace(&mut ws, WriteSet::new(self)).commit()?;
            }
        }
        ws.commit()
    }

    /// Re-derives and re-indexes one batch of matters in one transaction.
    fn reindex(&self, batch: impl Iterator<Item = Matter>) -> Result<()> {
        let allowance = self.office().skip_level_allowance;
        let mut ws = WriteSet::new(self);
        for mut m in batch {
            if rederive_flags(&mut m, allowance) {
                ws.put(T::Matters, matter_key(m.ledger), &m);
            }
            for e in matter_entries(&m, &self.calendar(), self.tz()) {
                if REBUILT.contains(&e.tree) {
                    ws.put_raw(e.tree, e.key, e.value);
                }
            }
        }
        ws.commit()
    }
}

/// Refuses a schema this release cannot bring up to date.
fn refuse_unknown(path: &Path, from: u32) -> Result<()> {
    if can_migrate(from) {
        return Ok(());
    }
    Err(StoreError::Schema {
        path: path.to_path_buf(),
        found: from,
        hint: if from > SCHEMA_VERSION {
            "it was written by a newer xfdesk; upgrade xfdesk to open it"
        } else {
            "it needs a migration this release does not know"
        },
    })
}
