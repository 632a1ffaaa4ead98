//! Which desk a command or the desk screens get: the server's, when one
//! serves the database, else the embedded store's. Either is a `DeskApi`.

use super::reconnect::Reconnecting;
use super::socket::{self, Probe};
use super::Client;
use crate::service::{Desk, DeskApi, Result};
use crate::store::OpenOptions;
use std::path::Path;

/// The socket to use: `socket` when given, else the default beside `db`.
pub fn socket_for(db: &Path, socket: Option<&Path>) -> std::path::PathBuf {
    socket.map_or_else(|| socket::default_path(db), Path::to_path_buf)
}

/// A desk for `login` on `db`: through the server answering on `socket`,
/// else on the embedded store (a socket left by a crashed server is passed
/// over). A server that refuses (unknown user, other release) is an error,
/// not a reason to open the database behind its back, which it holds anyway.
pub fn open_desk(
    db: &Path,
    socket: &Path,
    opts: &OpenOptions,
    login: &str,
) -> Result<Box<dyn DeskApi>> {
    Ok(match open(db, socket, opts, login)? {
        Opened::Served(client) => Box::new(client),
        Opened::Embedded(desk) => Box::new(desk),
    })
}

/// As `open_desk`, for the desk screens, which outlive a server: once a
/// desk came through one, it only ever goes through the server, connecting
/// again after it stops, and never opens the database itself.
pub fn open_desk_screens(
    db: &Path,
    socket: &Path,
    opts: &OpenOptions,
    login: &str,
) -> Result<Box<dyn DeskApi>> {
    Ok(match open(db, socket, opts, login)? {
        Opened::Served(client) => Box::new(Reconnecting::new(client, db.to_path_buf())),
        Opened::Embedded(desk) => Box::new(desk),
    })
}

enum Opened {
    Served(Client),
    Embedded(Desk),
}

fn open(db: &Path, socket: &Path, opts: &OpenOptions, login: &str) -> Result<Opened> {
    let is_socket = std::fs::symlink_metadata(socket)
        .is_ok_and(|m| std::os::unix::fs::FileTypeExt::is_socket(&m.file_type()));
    if is_socket {
        match Client::connect_to(db, socket) {
            Ok(client) => return Ok(Opened::Served(client)),
            Err(e) => {
                if socket::probe(socket)? != Probe::Stale {
                    return Err(e);
                }
                tracing::info!("{}: stale socket, opening the store", socket.display());
            }
        }
    }
    let desk = Desk::open(db, opts, login)?;
    if let Some(r) = desk.store().recovery() {
        eprintln!("xfdesk: {}: {r}", db.display());
    }
    if desk.store().on_reserve() {
        eprintln!(
            "xfdesk: {}: the disk is full: the database is open for reading on the space xfdesk keeps in reserve; changes wait until space is freed",
            db.display()
        );
    }
    Ok(Opened::Embedded(desk))
}
