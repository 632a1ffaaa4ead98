//! `xfdesk doctor`: looks over an installation — the database directory, its
//! owner and modes, the reserve, the server's socket, the holiday list, free
//! space and the newest backup — and says what to fix, one line each.

use crate::service::{DeskApi, Result};
use crate::store::space;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How bad a finding is; any `Error` makes the exit non-zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Ok,
    Warning,
    Error,
}

/// One thing found, with what it needs to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    DbMissing {
        db: PathBuf,
    },
    DbDir {
        db: PathBuf,
        owner: String,
        group: String,
        mode: u32,
    },
    /// A mode more open than docs/rules.md#file-modes allows, as `xfdesk check` words it
    /// (path, mode and the chmod to run).
    LooseMode(String),
    ForeignOwner {
        path: PathBuf,
        owner: String,
        db: PathBuf,
        want: String,
    },
    Reserve {
        path: PathBuf,
    },
    ReserveMissing {
        path: PathBuf,
    },
    SocketLive {
        socket: PathBuf,
        group: String,
        mode: u32,
    },
    SocketGroup {
        socket: PathBuf,
        group: String,
        db_group: String,
    },
    SocketAbsent {
        socket: PathBuf,
    },
    SocketStale {
        socket: PathBuf,
    },
    NotASocket {
        socket: PathBuf,
    },
    SocketUnknown {
        detail: String,
    },
    Holidays {
        year: i32,
    },
    NoHolidays {
        year: i32,
    },
    HolidaysUnread {
        detail: String,
    },
    Space {
        free: u64,
        total: u64,
    },
    SpaceLow {
        free: u64,
        total: u64,
    },
    SpaceUnknown {
        detail: String,
    },
    Backup {
        file: PathBuf,
        hours: u64,
    },
    BackupOld {
        file: PathBuf,
        days: u64,
    },
    NoBackup {
        dir: PathBuf,
    },
    BackupsUnread {
        dir: PathBuf,
        detail: String,
    },
}

impl Finding {
    pub fn severity(&self) -> Severity {
        use Finding::*;
        match self {
            DbDir { .. }
            | Reserve { .. }
            | SocketLive { .. }
            | Holidays { .. }
            | Space { .. }
            | Backup { .. } => Severity::Ok,
            ReserveMissing { .. }
            | SocketGroup { .. }
            | SocketAbsent { .. }
            | SocketStale { .. }
            | SocketUnknown { .. }
            | NoHolidays { .. }
            | HolidaysUnread { .. }
            | SpaceLow { .. }
            | SpaceUnknown { .. } => Severity::Warning,
            DbMissing { .. }
            | LooseMode(_)
            | ForeignOwner { .. }
            | NotASocket { .. }
            | BackupOld { .. }
            | NoBackup { .. }
            | BackupsUnread { .. } => Severity::Error,
        }
    }
}

/// Below this much free space, or below a tenth of the file system, free
/// space is a warning: an import or a year of growth needs room.
pub const LOW_SPACE: u64 = 1 << 30;

/// A backup older than this is an error: the nightly backup is not running.
pub const BACKUP_MAX_AGE: Duration = Duration::from_secs(2 * 24 * 3600);

fn user_name(uid: u32) -> String {
    nix::unistd::User::from_uid(uid.into())
        .ok()
        .flatten()
        .map(|u| u.name)
        .unwrap_or_else(|| uid.to_string())
}

fn group_name(gid: u32) -> String {
    nix::unistd::Group::from_gid(gid.into())
        .ok()
        .flatten()
        .map(|g| g.name)
        .unwrap_or_else(|| gid.to_string())
}

/// Everything the installation at `db` shows, in the order printed. `open`
/// opens the database (through its server when one answers) for the
/// holiday list; it is called only when the directory is there.
pub fn examine(
    db: &Path,
    socket: &Path,
    backups: Option<&Path>,
    now: SystemTime,
    open: impl FnOnce() -> Result<Box<dyn DeskApi>>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let db_meta = std::fs::metadata(db).ok().filter(|m| m.is_dir());
    match &db_meta {
        None => out.push(Finding::DbMissing { db: db.into() }),
        Some(m) => db_dir(db, m, &mut out),
    }
    out.push(socket_finding(socket, db_meta.as_ref()));
    if db_meta.is_some() {
        out.push(holidays(open));
    }
    out.push(free_space(db));
    if let Some(dir) = backups {
        out.push(newest_backup(dir, now));
    }
    out
}

/// The database directory (`m` its metadata): owner and modes, files owned
/// by someone else, the reserve.
fn db_dir(db: &Path, m: &std::fs::Metadata, out: &mut Vec<Finding>) {
    out.push(Finding::DbDir {
        db: db.into(),
        owner: user_name(m.uid()),
        group: group_name(m.gid()),
        mode: m.mode() & 0o7777,
    });
    out.extend(
        crate::service::check::permission_warnings(db)
            .into_iter()
            .map(Finding::LooseMode),
    );
    if let Some(path) = foreign_file(db, m.uid()) {
        out.push(Finding::ForeignOwner {
            owner: std::fs::symlink_metadata(&path)
                .map(|f| user_name(f.uid()))
                .unwrap_or_default(),
            path,
            db: db.into(),
            want: format!("{}:{}", user_name(m.uid()), group_name(m.gid())),
        });
    }
    // Before the database is opened, which makes a missing reserve again.
    let reserve = space::reserve_at(db);
    out.push(if reserve.symlink_metadata().is_ok() {
        Finding::Reserve { path: reserve }
    } else {
        Finding::ReserveMissing { path: reserve }
    });
}

/// The server's socket: live (and in the database directory's group, whose
/// metadata is `db_meta`), absent, stale or something else.
fn socket_finding(socket: &Path, db_meta: Option<&std::fs::Metadata>) -> Finding {
    use crate::server::socket::{probe, Probe};
    match probe(socket) {
        Ok(Probe::Live) => match std::fs::symlink_metadata(socket) {
            Ok(s) => match db_meta {
                Some(d) if d.gid() != s.gid() => Finding::SocketGroup {
                    socket: socket.into(),
                    group: group_name(s.gid()),
                    db_group: group_name(d.gid()),
                },
                _ => Finding::SocketLive {
                    socket: socket.into(),
                    group: group_name(s.gid()),
                    mode: s.mode() & 0o7777,
                },
            },
            Err(e) => Finding::SocketUnknown {
                detail: format!("{}: {e}", socket.display()),
            },
        },
        Ok(Probe::Absent) => Finding::SocketAbsent {
            socket: socket.into(),
        },
        Ok(Probe::Stale) => Finding::SocketStale {
            socket: socket.into(),
        },
        Ok(Probe::NotASocket) => Finding::NotASocket {
            socket: socket.into(),
        },
        Err(e) => Finding::SocketUnknown {
            detail: e.to_string(),
        },
    }
}

/// Whether the database `open` gives has a holiday list for this year.
fn holidays(open: impl FnOnce() -> Result<Box<dyn DeskApi>>) -> Finding {
    match open().and_then(|d| {
        let today = d.today();
        Ok((today.year(), d.holiday_warning(today)?))
    }) {
        Ok((year, None)) => Finding::Holidays { year },
        Ok((_, Some(year))) => Finding::NoHolidays { year },
        Err(e) => Finding::HolidaysUnread {
            detail: e.to_string(),
        },
    }
}

/// Free space on the file system the database is on, or would be made on.
fn free_space(db: &Path) -> Finding {
    let fs_dir = db
        .ancestors()
        .find(|p| p.is_dir())
        .unwrap_or(Path::new("/"));
    match space::free_and_total(fs_dir) {
        Ok((free, total)) if free < LOW_SPACE || free.saturating_mul(10) < total => {
            Finding::SpaceLow { free, total }
        }
        Ok((free, total)) => Finding::Space { free, total },
        Err(e) => Finding::SpaceUnknown {
            detail: format!("{}: {e}", fs_dir.display()),
        },
    }
}

/// The first file under `db` (in path order) whose owner is not the
/// directory's: the server, running as the directory's owner, cannot write it.
fn foreign_file(db: &Path, uid: u32) -> Option<PathBuf> {
    let mut dirs = vec![db.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&d)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        for p in paths {
            let Ok(m) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if m.uid() != uid {
                return Some(p);
            }
            if m.is_dir() {
                dirs.push(p);
            }
        }
    }
    None
}

/// The newest `*.jsonl` in `dir` by modification time, and how old it is.
fn newest_backup(dir: &Path, now: SystemTime) -> Finding {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            return Finding::BackupsUnread {
                dir: dir.into(),
                detail: e.to_string(),
            }
        }
    };
    let newest = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .filter_map(|p| {
            let m = std::fs::metadata(&p).ok()?;
            (m.is_file()).then_some((m.modified().ok()?, p))
        })
        .max();
    match newest {
        None => Finding::NoBackup { dir: dir.into() },
        Some((when, file)) => {
            let age = now.duration_since(when).unwrap_or_default();
            if age > BACKUP_MAX_AGE {
                Finding::BackupOld {
                    file,
                    days: age.as_secs() / 86_400,
                }
            } else {
                Finding::Backup {
                    file,
                    hours: age.as_secs() / 3600,
                }
            }
        }
    }
}
