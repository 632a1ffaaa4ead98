//! `xfdesk serve` (docs/design.md, Layers): one process owns the database (sled lets only
//! one open it) and serves the desks and commands of an office over a Unix
//! socket. Each connection is one staff member, known by the Unix user the
//! kernel reports for the peer (SO_PEERCRED), never by what the client says.
//! There is no TCP listener: branch offices come in by SSH.

pub mod backend;
pub mod client;
mod conn;
mod outbox;
pub mod protocol;
pub mod reconnect;
pub mod socket;
mod spool;
pub mod stopped;
#[cfg(test)]
mod tests;

pub use client::Client;

use crate::service::{Result, ServiceError};
use crate::store::Store;
use conn::Shared;
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::Shutdown;
use std::os::fd::AsFd;
use std::os::unix::fs::MetadataExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use conn::peer_of;

/// Connections served at once; one more is told the server is full.
pub const DEFAULT_MAX_CLIENTS: usize = 64;

/// Connections one staff login may hold at once; one more is refused.
pub const DEFAULT_MAX_PER_LOGIN: usize = 8;

/// How long a client has from connecting to having sent its whole hello.
pub const DEFAULT_HANDSHAKE_TIME: Duration = Duration::from_secs(10);

/// The most one import through the server may send in all; the server
/// holds every file of it in memory until the import runs, and takes one
/// import at a time.
pub const DEFAULT_MAX_IMPORT: usize = 64 << 20;

/// The Unix identity of a connection's peer, as the kernel reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Peer {
    pub uid: u32,
    pub gid: u32,
    pub pid: i32,
}

/// Maps a peer to its staff login (the Unix user name), or `None` when the
/// uid has no name. Injectable, so tests can play several staff members.
pub type Identify = Arc<dyn Fn(&Peer) -> Option<String> + Send + Sync>;

/// The real mapping: the user name of the peer's uid.
pub fn unix_login() -> Identify {
    Arc::new(|peer: &Peer| {
        nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(peer.uid))
            .ok()
            .flatten()
            .map(|u| u.name)
    })
}

pub struct ServeOptions {
    pub socket: PathBuf,
    pub max_clients: usize,
    /// Connections one login may hold at once.
    pub max_per_login: usize,
    /// From accepting a connection to its whole hello, however it trickles in.
    pub handshake_time: Duration,
    /// Bytes one import may send in all.
    pub max_import: usize,
    pub identify: Identify,
}

impl ServeOptions {
    pub fn new(socket: PathBuf) -> ServeOptions {
        ServeOptions {
            socket,
            max_clients: DEFAULT_MAX_CLIENTS,
            max_per_login: DEFAULT_MAX_PER_LOGIN,
            handshake_time: DEFAULT_HANDSHAKE_TIME,
            max_import: DEFAULT_MAX_IMPORT,
            identify: unix_login(),
        }
    }
}

/// What a server did before it stopped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Served {
    pub connections: u64,
    pub requests: u64,
}

/// Stops a running server: it accepts no more connections, lets each
/// request in flight finish, flushes the store and removes its socket.
#[derive(Clone)]
pub struct Stopper(Arc<UnixStream>);

impl Stopper {
    pub fn stop(&self) {
        let _ = (&*self.0).write(&[1]);
    }
}

pub struct Server {
    shared: Shared,
    listener: UnixListener,
    socket: PathBuf,
    dev_ino: (u64, u64),
    max_clients: usize,
    wake_rx: UnixStream,
    wake_tx: Arc<UnixStream>,
}

impl Server {
    /// Takes the socket: refused when a server answers on it or it is not a
    /// socket; a stale one (its server crashed) is replaced. The socket gets
    /// mode 0660 and the group of the database directory.
    pub fn bind(store: Arc<Store>, opts: ServeOptions) -> Result<Server> {
        let socket = opts.socket;
        // We hold the database, so no server of it can start meanwhile.
        socket::refuse_taken(&socket)?;
        let gid = std::fs::metadata(store.path())
            .map_err(|e| ServiceError::Io {
                path: store.path().to_path_buf(),
                source: e,
            })?
            .gid();
        let bound = socket::bind(&socket, gid)?;
        bound
            .listener
            .set_nonblocking(true)
            .map_err(|e| io_err(&socket, e))?;
        let (wake_rx, wake_tx) = UnixStream::pair().map_err(|e| io_err(&socket, e))?;
        wake_rx
            .set_nonblocking(true)
            .map_err(|e| io_err(&socket, e))?;
        Ok(Server {
            shared: Shared {
                store,
                identify: opts.identify,
                handshake_time: opts.handshake_time,
                max_per_login: opts.max_per_login.max(1),
                max_import: opts.max_import,
                logins: Mutex::new(HashMap::new()),
                requests: AtomicU64::new(0),
                watchers: Mutex::new(HashMap::new()),
                importing: Mutex::new(None),
            },
            listener: bound.listener,
            socket,
            dev_ino: bound.dev_ino,
            max_clients: opts.max_clients.max(1),
            wake_rx,
            wake_tx: Arc::new(wake_tx),
        })
    }

    pub fn socket(&self) -> &Path {
        &self.socket
    }

    pub fn stopper(&self) -> Stopper {
        Stopper(Arc::clone(&self.wake_tx))
    }

    /// SIGTERM, SIGINT and SIGHUP stop the server as `Stopper::stop` does.
    pub fn stop_on_signals(&self) -> Result<()> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            let tx = self
                .wake_tx
                .try_clone()
                .map_err(|e| io_err(&self.socket, e))?;
            signal_hook::low_level::pipe::register(sig, tx).map_err(|e| io_err(&self.socket, e))?;
        }
        Ok(())
    }

    /// Serves until stopped, a thread per connection. Then waits for the
    /// requests in flight, flushes the store and removes the socket.
    pub fn run(self) -> Result<Served> {
        let open: Mutex<HashMap<u64, UnixStream>> = Mutex::new(HashMap::new());
        let mut served = Served::default();
        let result = std::thread::scope(|scope| -> Result<()> {
            let result = self.accept_loop(scope, &open, &mut served);
            // Wake every connection waiting for a request: its read ends.
            // One answering a request still writes its answer.
            for s in open.lock().unwrap_or_else(|p| p.into_inner()).values() {
                let _ = s.shutdown(Shutdown::Read);
            }
            result
        });
        let flushed = self.shared.store.flush();
        socket::remove(&self.socket, self.dev_ino);
        served.requests = self.shared.requests.load(Ordering::Relaxed);
        result?;
        flushed?;
        Ok(served)
    }

    fn accept_loop<'s>(
        &'s self,
        scope: &'s std::thread::Scope<'s, '_>,
        open: &'s Mutex<HashMap<u64, UnixStream>>,
        served: &mut Served,
    ) -> Result<()> {
        loop {
            let mut fds = [
                PollFd::new(self.listener.as_fd(), PollFlags::POLLIN),
                PollFd::new(self.wake_rx.as_fd(), PollFlags::POLLIN),
            ];
            match poll(&mut fds, PollTimeout::NONE) {
                Ok(_) => {}
                Err(nix::errno::Errno::EINTR) => continue,
                Err(e) => return Err(io_err(&self.socket, e.into())),
            }
            if fds[1].revents().is_some_and(|r| !r.is_empty()) {
                let mut buf = [0u8; 16];
                let _ = (&self.wake_rx).read(&mut buf);
                tracing::info!("stopping: no new connections");
                return Ok(());
            }
            let stream = match self.listener.accept() {
                Ok((s, _)) => s,
                Err(e) if e.kind() == ErrorKind::WouldBlock => continue,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => {
                    // Out of descriptors and the like: this one is lost, not the server.
                    tracing::warn!("accept: {e}");
                    continue;
                }
            };
            if stream.set_nonblocking(false).is_err() {
                continue;
            }
            let mut conns = open.lock().unwrap_or_else(|p| p.into_inner());
            if conns.len() >= self.max_clients {
                drop(conns);
                busy(&stream, self.max_clients);
                continue;
            }
            let Ok(handle) = stream.try_clone() else {
                continue;
            };
            served.connections += 1;
            let id = served.connections;
            conns.insert(id, handle);
            drop(conns);
            let accepted = Instant::now();
            scope.spawn(move || {
                conn::serve(&self.shared, &stream, id, accepted);
                open.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
            });
        }
    }
}

/// Tells a client over the limit why it is not served.
fn busy(stream: &UnixStream, max: usize) {
    let _ = stream.set_write_timeout(Some(std::time::Duration::from_secs(1)));
    let mut w = stream;
    let _ = protocol::write_frame(
        &mut w,
        "a handshake reply",
        &protocol::HelloReply::Refused {
            message: format!(
                "the server is serving its limit of {max} connections; try again shortly, or ask an admin to raise --max-clients"
            ),
        },
        protocol::MAX_RESPONSE,
    );
}

fn io_err(socket: &Path, e: std::io::Error) -> ServiceError {
    ServiceError::Server {
        socket: socket.to_path_buf(),
        detail: e.to_string(),
    }
}
