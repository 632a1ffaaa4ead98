//! `xfdesk restore`: a new database from a backup (see `backup` for the
//! file). Only into a path that does not exist or is an empty directory; the
//! database is built beside it (`DEST.restoring`), checked as `xfdesk check`
//! does, and renamed into place only when whole and sound.
//!
//! The records go through the import's validation (every problem named
//! `FILE:LINE: field: message`), then keep the numbers they had: petitioners
//! those of their refs, contacts those of `contact_ids`. The audit trail,
//! drafts, counters and settings are written as they were, and one new audit
//! entry records the restore. Derived facts (indexes, repeat and skip-level
//! flags) are derived again.

mod build;
mod read;

use build::build;
use read::{read_backup, Loaded};

use super::{Result, ServiceError};
use crate::domain::Role;
use crate::service::backup::Header;
use crate::store::OpenOptions;
use std::path::{Path, PathBuf};

/// What a restore brought back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Restored {
    /// Lines of the backup, the closing one included.
    pub lines: u64,
    pub header: Option<Header>,
    pub petitioners: usize,
    pub matters: usize,
    pub contacts: usize,
    pub events: usize,
    /// Audit entries of the backup (the restore's own is one more).
    pub audit: usize,
    /// What the check counted in the new database.
    pub records: usize,
    pub index_entries: usize,
}

/// What is at the restore's destination now.
enum Dest {
    Absent,
    /// An empty directory: its mode and group go to the new database.
    Empty(std::fs::Metadata),
}

fn dest_state(dest: &Path) -> Result<Dest> {
    let shown = dest.display();
    match std::fs::symlink_metadata(dest) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Dest::Absent),
        Err(e) => Err(ServiceError::Io {
            path: dest.to_path_buf(),
            source: e,
        }),
        Ok(m) if m.file_type().is_symlink() => Err(ServiceError::Invalid(format!(
            "{shown} is a symbolic link; restore into the directory itself, a new path or an empty directory; nothing was changed"
        ))),
        Ok(m) if !m.is_dir() => Err(ServiceError::Invalid(format!(
            "{shown} is a file; restore writes only into a new path or an empty directory; nothing was changed"
        ))),
        Ok(m) => {
            let mut entries = std::fs::read_dir(dest).map_err(|e| ServiceError::Io {
                path: dest.to_path_buf(),
                source: e,
            })?;
            if entries.next().is_some() {
                return Err(ServiceError::Invalid(format!(
                    "{shown} is not empty; restore writes only into a new path or an empty directory, so nothing was changed (name another --db, or move this directory aside first)"
                )));
            }
            Ok(Dest::Empty(m))
        }
    }
}

/// The directory the database is built in before it is renamed into place.
pub fn building_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(".restoring");
    dest.with_file_name(name)
}

/// Restores the backup `src` into a new database at `dest`, as `login`, who
/// must be an active admin in the backup's staff list.
pub fn restore(src: &Path, dest: &Path, opts: &OpenOptions, login: &str) -> Result<Restored> {
    let dest_now = dest_state(dest)?;
    // Messages name the file as given; the audit entry names it whole.
    let shown_src = src.display().to_string();
    let whole_src = std::path::absolute(src).unwrap_or_else(|_| src.to_path_buf());
    let file = std::fs::File::open(src).map_err(|e| ServiceError::Io {
        path: src.to_path_buf(),
        source: e,
    })?;
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Spills go beside the new database, or, while its directory is still
    // to be made, beside the backup.
    let spill_dir = match parent.is_dir() {
        true => parent.clone(),
        false => match src.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        },
    };
    let backup = read_backup(file, &shown_src, &spill_dir)?;
    admit(&backup, login, &shown_src)?;

    std::fs::create_dir_all(&parent).map_err(|e| ServiceError::Io {
        path: parent.clone(),
        source: e,
    })?;
    let building = building_path(dest);
    // Owner only (docs/rules.md, File modes); an empty directory the admin made gives its own
    // mode to the database once built.
    let made = {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new().mode(0o700).create(&building)
    };
    if let Err(e) = made {
        return Err(if e.kind() == std::io::ErrorKind::AlreadyExists {
            ServiceError::Invalid(format!(
                "{} exists: another restore is running there, or one was interrupted; remove it and try again (nothing was changed)",
                building.display()
            ))
        } else {
            ServiceError::Io {
                path: building,
                source: e,
            }
        });
    }
    let built = build(
        &building, &dest_now, backup, opts, login, &shown_src, &whole_src,
    );
    let restored = match built {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&building);
            return Err(e);
        }
    };
    // Only now is anything put at `dest`: a directory rename, whole or not
    // at all (onto an empty directory too).
    if let Err(e) = std::fs::rename(&building, dest) {
        let _ = std::fs::remove_dir_all(&building);
        return Err(ServiceError::Io {
            path: dest.to_path_buf(),
            source: e,
        });
    }
    if let Ok(d) = std::fs::File::open(&parent) {
        let _ = d.sync_all();
    }
    Ok(restored)
}

/// Refuses a restore by anyone but an active admin of the backup's office.
fn admit(backup: &Loaded, login: &str, src: &str) -> Result<()> {
    let mut admins = Vec::new();
    let mut me = None;
    for s in &backup.staff {
        if s.role == Role::Admin.code() && !s.disabled {
            admins.push(s.login.clone());
        }
        if s.login == login {
            me = Some(s);
        }
    }
    let ask = if admins.is_empty() {
        "it has no active admin".to_string()
    } else {
        format!("its active admins are {}", admins.join(", "))
    };
    match me {
        Some(s) if s.role == Role::Admin.code() && !s.disabled => Ok(()),
        Some(s) if s.disabled => Err(ServiceError::Invalid(format!(
            "{src}: staff login {login:?} is disabled in this backup; only an active admin of the backup's office may restore it ({ask})"
        ))),
        Some(s) => Err(ServiceError::Invalid(format!(
            "{src}: {login:?} is a {} in this backup; only an active admin of the backup's office may restore it ({ask})",
            s.role
        ))),
        None => Err(ServiceError::Invalid(format!(
            "{src}: Unix user {login:?} is not on this backup's staff list; only an active admin of the backup's office may restore it ({ask})"
        ))),
    }
}
