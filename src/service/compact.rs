//! `xfdesk compact` (admins, offline): the database written anew without
//! the space sled keeps of what was overwritten, put in the old one's place,
//! with an audit entry saying what it gave back.

use super::{deed, Desk, Result, ServiceError};
use crate::domain::permit::Duty;
use crate::store::compact::{dir_bytes, sibling, swap_in, COPY_SUFFIX};
use crate::store::OpenOptions;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What a compaction did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compacted {
    /// Bytes of the database directory before and after.
    pub before: u64,
    pub after: u64,
    pub keys: u64,
}

impl Desk {
    /// Compacts the database at `path` for `login`, an active admin; nothing
    /// else may have it open.
    pub fn compact(path: &Path, opts: &OpenOptions, login: &str) -> Result<Compacted> {
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |source| ServiceError::Io { path: p, source }
        };
        let copy = sibling(path, COPY_SUFFIX);
        if copy.symlink_metadata().is_ok() {
            return Err(ServiceError::Invalid(format!(
                "{} is in the way (left by a compaction cut short, or put there): look at it, remove it and run again",
                copy.display()
            )));
        }
        let desk = Desk::open(path, opts, login)?;
        desk.require(Duty::Administer, deed::COMPACT)?;
        let before = dir_bytes(path).map_err(io(path))?;
        let keys = match desk.store().copy_into(&copy) {
            Ok(keys) => keys,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&copy);
                return Err(e.into());
            }
        };
        drop(desk);
        swap_in(path).map_err(io(path))?;
        // The entry goes into the database now in place, so a backup of it
        // says when it was compacted. sled lets go of the copy's file lock a
        // moment after its last handle is dropped: wait for it, bounded.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let desk = loop {
            match Desk::open(path, opts, login) {
                Err(ServiceError::Store(crate::store::StoreError::Locked(_)))
                    if std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(10))
                }
                other => break other?,
            }
        };
        let after = dir_bytes(path).map_err(io(path))?;
        desk.audit_now(
            super::audit::DATABASE_RECORD.into(),
            format!(
                "compacted the database: {} → {} ({keys} keys)",
                mib(before),
                mib(after)
            ),
        )?;
        Ok(Compacted {
            before,
            after,
            keys,
        })
    }
}

/// Bytes as MiB with one decimal.
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / f64::from(1u32 << 20))
}
