//! sled's handles of one opening, and the store's life across storage
//! errors: a full disk gives up the reserve to open for reading, a failed
//! write makes the next writer reopen sled, and writers wait for room.

use super::{is_lock_error, space, Result, Store, StoreError, T};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::MutexGuard;

/// One opening of sled: the database and its trees, in `T::ALL`'s order.
pub(super) struct Handles {
    pub(super) db: sled::Db,
    pub(super) trees: Vec<sled::Tree>,
}

impl Handles {
    /// Opens sled. sled 0.34 reads the newest `snap.*` file as its snapshot,
    /// even a `snap.*.generating` that a process stopped by a full disk left
    /// half-written, and then calls the database damaged; such leftovers are
    /// removed and the open tried once more.
    pub(super) fn open(path: &Path, cache_bytes: u64) -> Result<Handles> {
        match Handles::open_once(path, cache_bytes) {
            Err(StoreError::Sled {
                source: sled::Error::Corruption { .. },
                ..
            }) if remove_unfinished_snapshots(path) > 0 => Handles::open_once(path, cache_bytes),
            opened => opened,
        }
    }

    fn open_once(path: &Path, cache_bytes: u64) -> Result<Handles> {
        let db = sled::Config::new()
            .path(path)
            .cache_capacity(cache_bytes)
            .open()
            .map_err(|e| {
                if is_lock_error(&e) {
                    StoreError::Locked(path.to_path_buf())
                } else {
                    StoreError::Sled {
                        path: path.to_path_buf(),
                        source: e,
                    }
                }
            })?;
        let mut trees = Vec::with_capacity(T::ALL.len());
        for t in T::ALL {
            trees.push(db.open_tree(t.name()).map_err(|e| StoreError::Sled {
                path: path.to_path_buf(),
                source: e,
            })?);
        }
        Ok(Handles { db, trees })
    }
}

/// Removes the snapshots sled began and never finished; how many there were.
fn remove_unfinished_snapshots(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("snap.") && name.ends_with(".generating")
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .inspect(|e| tracing::warn!("removed an unfinished snapshot: {}", e.path().display()))
        .count()
}

/// Whether the database has its reserve, made now if it was missing and the
/// disk has room. A reserve that cannot be made for another reason (a
/// directory the user may not write) is no sign of a full disk.
pub(super) fn has_reserve(dir: &Path) -> bool {
    space::keep_reserve(dir).unwrap_or_else(|e| {
        tracing::warn!("{}: cannot make the reserve: {e}", dir.display());
        true
    })
}

/// Whether a store error is the disk being full.
pub(super) fn is_full(e: &StoreError) -> bool {
    matches!(e, StoreError::Sled { source: sled::Error::Io(io), .. } if space::is_full(io))
}

impl Store {
    /// A tree of the current opening of sled (reopened first if a failed
    /// reopen left none).
    pub(super) fn tree(&self, t: T) -> Result<sled::Tree> {
        self.with_handles(|h| h.trees[t as usize].clone())
    }

    pub(super) fn with_handles<R>(&self, f: impl Fn(&Handles) -> R) -> Result<R> {
        if let Some(h) = &*self.handles.read().unwrap_or_else(|p| p.into_inner()) {
            return Ok(f(h));
        }
        self.reopen()?;
        self.with_handles(f)
    }

    /// A sled error with the database's path; an I/O error means sled has
    /// stopped writing, so the next writer reopens it.
    pub(super) fn sled_err(&self, e: sled::Error) -> StoreError {
        if matches!(e, sled::Error::Io(_)) {
            self.failed.store(true, Ordering::SeqCst);
        }
        StoreError::Sled {
            path: self.path.clone(),
            source: e,
        }
    }

    /// Opens sled anew after a storage error, once every handle of the old
    /// opening is gone (sled holds a lock on its file until then). A bulk
    /// write the error cut short is finished or dropped, as at any open.
    pub(super) fn reopen(&self) -> Result<()> {
        let mut slot = self.handles.write().unwrap_or_else(|p| p.into_inner());
        if slot.is_some() && !self.failed.load(Ordering::SeqCst) {
            return Ok(());
        }
        slot.take();
        let handles = Handles::open(&self.path, self.cache_bytes).map_err(|e| match e {
            StoreError::Locked(path) => StoreError::Reopening(path),
            e => e,
        })?;
        *slot = Some(handles);
        drop(slot);
        self.failed.store(false, Ordering::SeqCst);
        tracing::info!("{}: reopened after a storage error", self.path.display());
        if let Some(r) = self.recover_journal(self.chunk_keys)? {
            tracing::warn!("{}: {r}", self.path.display());
        }
        Ok(())
    }

    /// Before a writer reads what it will write. A store stopped by a
    /// storage error is reopened (on the reserve, when the disk is still
    /// full); one running on its reserve gets the reserve back once the disk
    /// has room. Without room to reopen in, the write is refused and reads go
    /// on as they were.
    pub(super) fn ready_to_write(&self) -> Result<()> {
        if self.failed.load(Ordering::SeqCst) {
            if !space::has_room(&self.path) {
                if !space::release_reserve(&self.path) {
                    return Err(StoreError::DiskFull(self.path.clone()));
                }
                self.short_of_space.store(true, Ordering::SeqCst);
            }
            self.reopen()?;
        }
        if self.short_of_space.load(Ordering::SeqCst) && has_reserve(&self.path) {
            self.short_of_space.store(false, Ordering::SeqCst);
        }
        Ok(())
    }

    /// Running on the reserve: only audit entries are written (what is
    /// looked at must still be on record), everything else waits for room.
    pub(crate) fn refuse_unless_room(&self, audit_only: bool) -> Result<()> {
        if self.short_of_space.load(Ordering::SeqCst) && !audit_only {
            return Err(StoreError::DiskFull(self.path.clone()));
        }
        Ok(())
    }

    /// Makes everything written so far durable. Call before telling anyone "saved".
    pub fn flush(&self) -> Result<()> {
        let db = self.with_handles(|h| h.db.clone())?;
        db.flush().map(|_| ()).map_err(|e| self.sled_err(e))
    }

    pub fn size_on_disk(&self) -> Result<u64> {
        let db = self.with_handles(|h| h.db.clone())?;
        db.size_on_disk().map_err(|e| self.sled_err(e))
    }

    /// Serialises writers of this process. Taken before a writer reads what
    /// it writes, so a store stopped by a storage error is reopened first
    /// (see `ready_to_write`) and the writer reads what is on disk.
    pub fn lock_writes(&self) -> Result<MutexGuard<'_, ()>> {
        let guard = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
        self.ready_to_write()?;
        Ok(guard)
    }
}
