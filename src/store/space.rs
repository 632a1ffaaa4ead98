//! Room on disk. sled writes even to open a database (it extends its log
//! and writes a new snapshot), so on a full disk no command could read the
//! office's records. The database keeps a reserve file of zeros beside
//! sled's files: when opening fails for want of space, the reserve is given
//! up so the database opens for reading, and writes are refused until the
//! disk has room for the reserve again, when it is made anew.

use nix::fcntl::OFlag;
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The reserve's name in the database directory.
pub const RESERVE: &str = "reserve";

/// Enough for sled to open a database of a decade of a county's records:
/// one log segment and a snapshot, which is a few MiB at 1M contacts.
pub const RESERVE_BYTES: u64 = 16 << 20;

fn reserve_path(dir: &Path) -> PathBuf {
    dir.join(RESERVE)
}

/// Whether an I/O error means the disk (or the user's quota) is full.
pub fn is_full(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge
    )
}

/// Bytes free to an unprivileged writer on the file system of `dir`.
fn free_bytes(dir: &Path) -> std::io::Result<u64> {
    let s = nix::sys::statvfs::statvfs(dir).map_err(std::io::Error::from)?;
    Ok(s.blocks_available() as u64 * s.fragment_size() as u64)
}

/// Bytes free to an unprivileged writer and the size of the file system of
/// `dir`, for `xfdesk doctor`.
pub fn free_and_total(dir: &Path) -> std::io::Result<(u64, u64)> {
    let s = nix::sys::statvfs::statvfs(dir).map_err(std::io::Error::from)?;
    let unit = s.fragment_size() as u64;
    Ok((s.blocks_available() as u64 * unit, s.blocks() as u64 * unit))
}

/// Where the reserve is kept in the database directory `dir`.
pub fn reserve_at(dir: &Path) -> PathBuf {
    reserve_path(dir)
}

/// Whether the disk has room for the reserve and as much again to write in.
pub fn has_room(dir: &Path) -> bool {
    free_bytes(dir).is_ok_and(|free| free >= 2 * RESERVE_BYTES)
}

/// Makes the reserve when it is missing and the disk has room for it; a
/// reserve already there is kept. Blocks are allocated, not a sparse file.
/// False when it is missing and there is no room to make it: the database
/// is then short of space, whichever process gave the reserve up.
pub fn keep_reserve(dir: &Path) -> std::io::Result<bool> {
    let path = reserve_path(dir);
    if path.symlink_metadata().is_ok() {
        return Ok(true);
    }
    if !has_room(dir) {
        return Ok(false);
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags((OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC).bits())
        .open(&path)?;
    let made = nix::fcntl::posix_fallocate(&file, 0, RESERVE_BYTES as i64)
        .map_err(std::io::Error::from)
        .and_then(|_| file.sync_all());
    match made {
        Ok(()) => Ok(true),
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            if is_full(&e) {
                Ok(false)
            } else {
                Err(e)
            }
        }
    }
}

/// Gives the reserve's space back to the disk; false when there was none.
pub fn release_reserve(dir: &Path) -> bool {
    std::fs::remove_file(reserve_path(dir)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reserve_is_made_once_with_its_blocks_and_released_whole() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::TempDir::new().unwrap();
        assert!(keep_reserve(dir.path()).unwrap());
        let meta = std::fs::metadata(reserve_path(dir.path())).unwrap();
        assert_eq!(meta.len(), RESERVE_BYTES);
        assert!(meta.blocks() * 512 >= RESERVE_BYTES, "not sparse");
        assert_eq!(meta.mode() & 0o777, 0o600);
        keep_reserve(dir.path()).unwrap();
        assert!(release_reserve(dir.path()));
        assert!(!release_reserve(dir.path()));
    }
}
