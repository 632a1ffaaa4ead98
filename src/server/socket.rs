//! The server's socket file: found stale or live, created with the right
//! mode and group, removed on the way out if it is still ours.

use crate::service::{Result, ServiceError};
use nix::fcntl::{AtFlags, AT_FDCWD};
use nix::sys::stat::{fchmodat, FchmodatFlags, Mode};
use nix::unistd::{fchownat, Gid};
use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

/// sun_path holds 108 bytes, its terminating NUL included.
const MAX_PATH: usize = 107;

/// The mode of the socket: the server's user and the office's group.
pub const SOCKET_MODE: u32 = 0o660;

/// What is at the socket path now.
#[derive(Debug, PartialEq, Eq)]
pub enum Probe {
    Absent,
    /// A socket nobody answers on: left by a server that crashed.
    Stale,
    /// A server answers on it.
    Live,
    /// Something else (a file, a directory): never removed by us.
    NotASocket,
}

fn err(socket: &Path, detail: String) -> ServiceError {
    ServiceError::Server {
        socket: socket.to_path_buf(),
        detail,
    }
}

pub fn probe(socket: &Path) -> Result<Probe> {
    let meta = match std::fs::symlink_metadata(socket) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Probe::Absent),
        Err(e) => return Err(err(socket, format!("cannot look at the socket: {e}"))),
    };
    if !meta.file_type().is_socket() {
        return Ok(Probe::NotASocket);
    }
    match UnixStream::connect(socket) {
        Ok(_) => Ok(Probe::Live),
        Err(e) if e.kind() == ErrorKind::ConnectionRefused => Ok(Probe::Stale),
        Err(e) => Err(err(
            socket,
            format!("cannot tell whether a server answers: {e}"),
        )),
    }
}

/// Refuses a socket path a server may not take: another server answering on
/// it, or a file that is not a socket.
pub fn refuse_taken(socket: &Path) -> Result<Probe> {
    match probe(socket)? {
        Probe::Live => Err(err(
            socket,
            "another xfdesk serve is already answering on this socket; stop it first, or give this one another --socket".into(),
        )),
        Probe::NotASocket => Err(err(
            socket,
            "this path exists and is not a socket; remove it or choose another --socket".into(),
        )),
        p => Ok(p),
    }
}

/// The socket, bound and listening, and its identity on disk.
pub struct Bound {
    pub listener: UnixListener,
    pub dev_ino: (u64, u64),
}

/// Creates the socket at `socket` with mode 0660 and group `gid`. It is bound
/// in a private directory and renamed into place, so it is never reachable
/// with other permissions, and a stale socket is replaced in one step.
pub fn bind(socket: &Path, gid: u32) -> Result<Bound> {
    let len = socket.as_os_str().len();
    if len > MAX_PATH {
        return Err(err(
            socket,
            format!("the path is {len} bytes; a Unix socket path may have at most {MAX_PATH}: choose a shorter --socket"),
        ));
    }
    let parent = match socket.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let private = parent.join(format!(".xfdesk-serve-{}", std::process::id()));
    // Left by a crashed server that had our pid (pids repeat across boots).
    let _ = std::fs::remove_file(private.join("s"));
    let _ = std::fs::remove_dir(&private);
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&private)
        .map_err(|e| err(socket, format!("cannot create {}: {e}", private.display())))?;
    let tmp = private.join("s");
    let result = bind_in(&tmp, socket, gid);
    let _ = std::fs::remove_file(&tmp);
    let _ = std::fs::remove_dir(&private);
    result
}

fn bind_in(tmp: &Path, socket: &Path, gid: u32) -> Result<Bound> {
    let listener = UnixListener::bind(tmp).map_err(|e| err(socket, format!("cannot bind: {e}")))?;
    fchmodat(
        AT_FDCWD,
        tmp,
        Mode::from_bits_truncate(SOCKET_MODE),
        FchmodatFlags::FollowSymlink,
    )
    .map_err(|e| err(socket, format!("cannot set mode 0660: {e}")))?;
    fchownat(
        AT_FDCWD,
        tmp,
        None,
        Some(Gid::from_raw(gid)),
        AtFlags::AT_SYMLINK_NOFOLLOW,
    )
    .map_err(|e| {
        err(
            socket,
            format!("cannot give the socket group {gid}, the database directory's ({e}); run the server as a member of that group"),
        )
    })?;
    std::fs::rename(tmp, socket)
        .map_err(|e| err(socket, format!("cannot put the socket in place: {e}")))?;
    let meta = std::fs::symlink_metadata(socket)
        .map_err(|e| err(socket, format!("the socket vanished: {e}")))?;
    Ok(Bound {
        listener,
        dev_ino: (meta.dev(), meta.ino()),
    })
}

/// Removes the socket if it is still the one we bound (not a later server's).
pub fn remove(socket: &Path, dev_ino: (u64, u64)) {
    if let Ok(m) = std::fs::symlink_metadata(socket) {
        if (m.dev(), m.ino()) == dev_ino {
            let _ = std::fs::remove_file(socket);
        }
    }
}

/// `<db dir>.sock`: beside the database directory, not in it (the
/// directory is sled's), and the same for every desk that names the database.
pub fn default_path(db: &Path) -> PathBuf {
    // Without a trailing slash, which would put it inside.
    let db: PathBuf = db.components().collect();
    let mut s = db.into_os_string();
    s.push(".sock");
    PathBuf::from(s)
}
