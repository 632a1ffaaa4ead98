//! `xfdesk compact`: sled keeps in its file the space of what was overwritten
//! or removed (an import's journal, every older version of a bucket) until
//! the file is written anew. Compaction copies every tree into a new database
//! beside the old one and puts it in the old one's place; run offline (the
//! caller makes sure no server holds the database).

use super::{owner_only, Handles, Result, Store, StoreError, T};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Keys copied per sled batch: bounds memory whatever the database's size.
const BATCH: usize = 8192;

/// Bytes of every file under `dir`, as the disk holds them.
pub fn dir_bytes(dir: &Path) -> std::io::Result<u64> {
    let mut n = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        // A file sled removed meanwhile (see `owner_only`) holds nothing.
        let meta = match entry.metadata() {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            meta => meta?,
        };
        n += if meta.is_dir() {
            dir_bytes(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(n)
}

/// Where the copy is made, and where the old database waits to be removed.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

pub const COPY_SUFFIX: &str = ".compacting";
pub const OLD_SUFFIX: &str = ".before-compact";

impl Store {
    /// Bytes of every key and value in every tree: what a compacted database
    /// holds, before sled's own overhead.
    pub fn stored_bytes(&self) -> Result<u64> {
        let mut n = 0u64;
        for t in T::ALL {
            for kv in self.tree(*t)?.iter() {
                let (k, v) = kv.map_err(|e| self.sled_err(e))?;
                n += (k.len() + v.len()) as u64;
            }
        }
        Ok(n)
    }

    /// Copies every tree into a new database at `dest` (a directory that must
    /// not exist), with the mode and group of this one's directory and its
    /// files 0600; returns how many keys it copied.
    pub fn copy_into(&self, dest: &Path) -> Result<u64> {
        let io = |e| StoreError::Sled {
            path: dest.to_path_buf(),
            source: sled::Error::Io(e),
        };
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(dest)
            .map_err(io)?;
        let new = Handles::open(dest, 16 << 20)?;
        let mut keys = 0u64;
        for (t, to) in T::ALL.iter().zip(&new.trees) {
            let mut batch = sled::Batch::default();
            let mut n = 0;
            for kv in self.tree(*t)?.iter() {
                let (k, v) = kv.map_err(|e| self.sled_err(e))?;
                batch.insert(k, v);
                n += 1;
                if n == BATCH {
                    to.apply_batch(std::mem::take(&mut batch))
                        .map_err(|e| sled_at(dest, e))?;
                    keys += n as u64;
                    n = 0;
                }
            }
            to.apply_batch(batch).map_err(|e| sled_at(dest, e))?;
            keys += n as u64;
        }
        new.db.flush().map_err(|e| sled_at(dest, e))?;
        drop(new);
        owner_only(dest).map_err(io)?;
        let meta = std::fs::metadata(&self.path).map_err(io)?;
        std::fs::set_permissions(dest, std::fs::Permissions::from_mode(meta.mode() & 0o7777))
            .map_err(io)?;
        nix::unistd::chown(dest, None, Some(nix::unistd::Gid::from_raw(meta.gid())))
            .map_err(|e| io(e.into()))?;
        Ok(keys)
    }
}

fn sled_at(path: &Path, e: sled::Error) -> StoreError {
    StoreError::Sled {
        path: path.to_path_buf(),
        source: e,
    }
}

/// Puts the copy at `path` in the old database's place: the old one is
/// renamed aside first, then the copy in, then the old one removed. Cut
/// short between the renames, `path` is missing and `Store::open` says where
/// each one is.
pub fn swap_in(path: &Path) -> std::io::Result<()> {
    let (copy, old) = (sibling(path, COPY_SUFFIX), sibling(path, OLD_SUFFIX));
    std::fs::rename(path, &old)?;
    std::fs::rename(&copy, path)?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::File::open(parent)?.sync_all()?;
    }
    std::fs::remove_dir_all(&old)
}
