//! Files xfdesk writes that may hold personal data — exports, backups,
//! reports — are written whole or not at all, readable by their owner only,
//! and never through a link or over a file someone left in the way.
//!
//! The bytes go to `DEST.partial`, created new (`O_CREAT|O_EXCL|O_NOFOLLOW`,
//! mode 0600): a symbolic link or any file already at that name is refused,
//! so a planted link cannot make xfdesk write into another file. The
//! temporary is synced and renamed over `DEST`; on any failure it is removed.

use nix::fcntl::OFlag;
use std::fs::File;
use std::io::{ErrorKind, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// Mode of every file written here.
pub const MODE: u32 = 0o600;

/// What failed, and at which path.
#[derive(Debug)]
pub struct Error {
    pub path: PathBuf,
    pub source: std::io::Error,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn at(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error {
        path: path.to_path_buf(),
        source,
    }
}

/// `DEST.partial`: where a file is written until it is whole.
pub fn partial_path(dest: &Path) -> PathBuf {
    let mut name = dest.as_os_str().to_os_string();
    name.push(".partial");
    PathBuf::from(name)
}

/// The directory a path is in, for syncing a rename.
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A file being written at `DEST.partial`; [`Partial::commit`] puts it at
/// `DEST`, and dropping it uncommitted removes it.
#[derive(Debug)]
pub struct Partial {
    file: Option<File>,
    tmp: PathBuf,
    dest: PathBuf,
}

impl Partial {
    /// Creates `DEST.partial` new, mode 0600. Anything already there — a
    /// file, a directory, a symbolic link — is refused and left as it is.
    pub fn create(dest: &Path) -> Result<Partial, Error> {
        let tmp = partial_path(dest);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(MODE)
            .custom_flags(OFlag::O_NOFOLLOW.bits() | OFlag::O_CLOEXEC.bits())
            .open(&tmp)
            .map_err(|e| {
                let source = match e.kind() {
                    ErrorKind::AlreadyExists => std::io::Error::new(
                        ErrorKind::AlreadyExists,
                        "already exists (left by an earlier run, or put there by someone); \
                         nothing was written: look at it, remove it and run again",
                    ),
                    // O_NOFOLLOW's answer for a link where a file should be.
                    _ if e.raw_os_error() == Some(nix::libc::ELOOP) => std::io::Error::new(
                        ErrorKind::AlreadyExists,
                        "is a symbolic link; nothing was written: remove it and run again",
                    ),
                    _ => e,
                };
                Error {
                    path: tmp.clone(),
                    source,
                }
            })?;
        Ok(Partial {
            file: Some(file),
            tmp,
            dest: dest.to_path_buf(),
        })
    }

    /// The temporary's path.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// The file to write to.
    pub fn file(&mut self) -> &mut File {
        self.file
            .as_mut()
            .expect("a Partial's file is there until commit")
    }

    /// Syncs the file, renames it over `DEST` and syncs the directory.
    pub fn commit(mut self) -> Result<(), Error> {
        let file = self.file.take().expect("committed once");
        file.sync_all().map_err(at(&self.tmp))?;
        drop(file);
        std::fs::rename(&self.tmp, &self.dest).map_err(at(&self.dest))?;
        // Renamed: nothing for Drop to remove.
        self.tmp = PathBuf::new();
        // The rename itself is on disk only once the directory is.
        let dir = parent_of(&self.dest);
        File::open(dir).and_then(|d| d.sync_all()).map_err(at(dir))
    }

    /// Like [`Partial::commit`], but never over a file already at `DEST`:
    /// the synced file is linked there (which fails, `AlreadyExists`, if the
    /// name is taken) and the temporary removed, then the directory synced.
    pub fn commit_new(mut self) -> Result<(), Error> {
        let file = self.file.take().expect("committed once");
        file.sync_all().map_err(at(&self.tmp))?;
        drop(file);
        std::fs::hard_link(&self.tmp, &self.dest).map_err(at(&self.dest))?;
        let tmp = std::mem::take(&mut self.tmp);
        std::fs::remove_file(&tmp).map_err(at(&tmp))?;
        let dir = parent_of(&self.dest);
        File::open(dir).and_then(|d| d.sync_all()).map_err(at(dir))
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty() {
            self.file.take();
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

impl Write for Partial {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file().flush()
    }
}

/// A file with no name in `dir`, mode 0600, gone when closed: a spool no
/// other process can open. `O_TMPFILE` where the file system has it, else a
/// file created new and unlinked at once.
pub fn anonymous_in(dir: &Path) -> Result<File, Error> {
    let flags = (OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC).bits();
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true).write(true).mode(MODE);
    let unnamed = opts
        .clone()
        .custom_flags(flags | (OFlag::O_TMPFILE | OFlag::O_EXCL).bits())
        .open(dir);
    match unnamed {
        Err(e) if e.raw_os_error() == Some(nix::libc::EOPNOTSUPP) => {
            static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let name = dir.join(format!(".spool.{}.{n}", std::process::id()));
            let f = opts
                .create_new(true)
                .custom_flags(flags)
                .open(&name)
                .map_err(at(&name))?;
            std::fs::remove_file(&name).map_err(at(&name))?;
            Ok(f)
        }
        other => other.map_err(at(dir)),
    }
}

/// Writes `bytes` to `dest` through `DEST.partial`.
pub fn write(dest: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut p = Partial::create(dest)?;
    p.file().write_all(bytes).map_err(at(&p.tmp.clone()))?;
    p.commit()
}

/// Writes `bytes` to `dest` through `DEST.partial`, as [`write`] does, but
/// only if nothing is at `dest` yet; a taken name is an `AlreadyExists` error
/// and the file there is left as it was.
pub fn write_new(dest: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut p = Partial::create(dest)?;
    p.file().write_all(bytes).map_err(at(&p.tmp.clone()))?;
    p.commit_new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn write_new_never_replaces_a_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let dest = dir.path().join("report.xlsx");
        write_new(&dest, b"first").unwrap();
        let e = write_new(&dest, b"second").unwrap_err();
        assert_eq!(e.source.kind(), ErrorKind::AlreadyExists, "{e}");
        assert_eq!(std::fs::read(&dest).unwrap(), b"first");
        assert!(!partial_path(&dest).exists());
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn written_whole_owner_only_and_nothing_over_a_link_or_a_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let dest = dir.path().join("out.jsonl");
        write(&dest, b"one\n").unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"one\n");
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(!partial_path(&dest).exists());

        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        std::os::unix::fs::symlink(&victim, partial_path(&dest)).unwrap();
        let e = write(&dest, b"two\n").unwrap_err();
        assert!(e.to_string().contains("out.jsonl.partial"), "{e}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(std::fs::read(&dest).unwrap(), b"one\n");
        assert!(std::fs::symlink_metadata(partial_path(&dest))
            .unwrap()
            .file_type()
            .is_symlink());

        std::fs::remove_file(partial_path(&dest)).unwrap();
        std::fs::write(partial_path(&dest), "left").unwrap();
        let e = write(&dest, b"three\n").unwrap_err();
        assert!(e.to_string().contains("already exists"), "{e}");
        assert_eq!(
            std::fs::read_to_string(partial_path(&dest)).unwrap(),
            "left"
        );

        // Dropped uncommitted: the temporary goes.
        let other = dir.path().join("other");
        let mut p = Partial::create(&other).unwrap();
        p.write_all(b"half").unwrap();
        drop(p);
        assert!(!partial_path(&other).exists());
        assert!(!other.exists());
    }

    #[test]
    fn a_spool_has_no_name_and_only_its_owner_could_open_it() {
        use std::io::{Read, Seek};
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::TempDir::new().unwrap();
        let mut spool = anonymous_in(dir.path()).unwrap();
        spool.write_all(b"ID numbers").unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert_eq!(spool.metadata().unwrap().mode() & 0o777, 0o600);
        spool.rewind().unwrap();
        let mut back = String::new();
        spool.read_to_string(&mut back).unwrap();
        assert_eq!(back, "ID numbers");
    }
}
