//! A connection to `xfdesk serve`: a `DeskApi` whose calls the server runs.
//! The desk screens and the commands use one when the server's socket
//! exists, instead of an embedded store.

use super::protocol::{
    decode, read_frame, write_frame, FrameError, Hello, HelloReply, Request, ServerFrame, Welcome,
    IMPORT_CHUNK, MAX_REQUEST, MAX_RESPONSE,
};
use super::stopped::Cut;
use crate::domain::period::Period;
use crate::domain::rules::Rules;
use crate::domain::{Staff, Ts};
use crate::service::api::{Call, DeskApi, Sources, Transport, Watcher};
use crate::service::backup::BackupSummary;
use crate::service::export::ExportSummary;
use crate::service::import::ImportSummary;
use crate::service::report::stats::Stats;
use crate::service::report::TownScore;
use crate::service::{Result, ServiceError};
use serde::de::DeserializeOwned;
use std::io::{BufReader, BufWriter, ErrorKind, Read, Write};
use std::net::Shutdown;
use std::os::unix::fs::MetadataExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use time::UtcOffset;

/// What the reader thread hands the caller waiting for a reply.
type Incoming = std::result::Result<ServerFrame, FrameError>;

/// One request's exchange: held from sending it to reading its reply, so
/// two threads of a desk (the screen and a report) take turns.
struct Exchange {
    writer: BufWriter<UnixStream>,
    incoming: mpsc::Receiver<Incoming>,
}

pub struct Client {
    socket: PathBuf,
    welcome: Welcome,
    stream: UnixStream,
    exchange: Mutex<Exchange>,
    watcher: Arc<Mutex<Option<Watcher>>>,
    /// The reader has seen the connection end.
    gone: Arc<AtomicBool>,
}

impl Drop for Client {
    fn drop(&mut self) {
        // Ends the reader thread's wait.
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

impl Client {
    /// Connects and shakes hands; refused with the server's words (another
    /// protocol version, an unknown or disabled user, a full server).
    pub fn connect(socket: &Path) -> Result<Client> {
        Client::connect_as(socket, &Hello::this_release())
    }

    /// Connects to the server of the database at `db`, first making sure the
    /// process answering on `socket` runs as the owner of the database
    /// directory or as root: anyone who can make a socket there could
    /// otherwise pose as the server and be sent what the desk types.
    pub fn connect_to(db: &Path, socket: &Path) -> Result<Client> {
        let stream = UnixStream::connect(socket).map_err(|e| ServiceError::Server {
            socket: socket.to_path_buf(),
            detail: connect_error(socket, &e),
        })?;
        let server = super::peer_of(&stream).map_err(|e| ServiceError::Server {
            socket: socket.to_path_buf(),
            detail: format!("cannot tell who runs the server: {e}"),
        })?;
        let owner = std::fs::metadata(db)
            .map_err(|e| ServiceError::Io {
                path: db.to_path_buf(),
                source: e,
            })?
            .uid();
        refuse_untrusted(socket, db, server.uid, owner)?;
        Client::handshake(socket, stream, &Hello::this_release())
    }

    /// Connects sending `hello` (tests play clients of other releases).
    pub fn connect_as(socket: &Path, hello: &Hello) -> Result<Client> {
        let stream = UnixStream::connect(socket).map_err(|e| ServiceError::Server {
            socket: socket.to_path_buf(),
            detail: connect_error(socket, &e),
        })?;
        Client::handshake(socket, stream, hello)
    }

    fn handshake(socket: &Path, stream: UnixStream, hello: &Hello) -> Result<Client> {
        let fail = |detail: String| ServiceError::Server {
            socket: socket.to_path_buf(),
            detail,
        };
        let clone = || {
            stream
                .try_clone()
                .map_err(|e| fail(format!("cannot connect: {e}")))
        };
        let mut reader = BufReader::new(clone()?);
        let mut writer = BufWriter::new(clone()?);
        // A server that refuses at once (full) may close before reading
        // this; its reply is still there to read.
        let sent = write_frame(&mut writer, "a handshake", hello, MAX_REQUEST);
        let reply: HelloReply = match read_frame(&mut reader, "the handshake reply", MAX_RESPONSE) {
            Ok(r) => r,
            Err(e) => return Err(broken(socket, sent.err().unwrap_or(e), Cut::Read)),
        };
        let welcome = match reply {
            HelloReply::Welcome(w) => w,
            HelloReply::WrongVersion { message, .. } | HelloReply::Refused { message } => {
                return Err(fail(message))
            }
        };
        let watcher: Arc<Mutex<Option<Watcher>>> = Arc::default();
        let (tx, incoming) = mpsc::channel();
        let pushes = Arc::clone(&watcher);
        let gone = Arc::new(AtomicBool::new(false));
        let ended = Arc::clone(&gone);
        std::thread::Builder::new()
            .name("xfdesk-client-reader".into())
            .spawn(move || {
                read_frames(reader, &tx, &pushes, &ended);
            })
            .map_err(|e| fail(format!("cannot start the connection's reader: {e}")))?;
        Ok(Client {
            socket: socket.to_path_buf(),
            welcome,
            stream,
            exchange: Mutex::new(Exchange { writer, incoming }),
            watcher,
            gone,
        })
    }

    /// Who the server serves this connection as.
    pub fn welcome(&self) -> &Welcome {
        &self.welcome
    }

    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Sends `request` and waits for its reply, handing each chunk or
    /// progress frame before it to `part`. A connection that drops before
    /// the reply is a `Stopped` error saying what the request may have done.
    pub fn exchange(
        &self,
        request: &Request,
        part: &mut dyn FnMut(ServerFrame) -> Result<()>,
    ) -> Result<Vec<u8>> {
        let mut ex = self.exchange.lock().unwrap_or_else(|p| p.into_inner());
        // Gone before this request: it is not sent, so it changed nothing.
        if self.gone.load(Ordering::SeqCst) {
            return Err(broken(&self.socket, FrameError::Closed, Cut::Read));
        }
        // A request that could not be sent whole was never run.
        write_frame(&mut ex.writer, "a request", request, MAX_REQUEST)
            .map_err(|e| broken(&self.socket, e, Cut::Read))?;
        let cut = Cut::of(request);
        loop {
            match ex.incoming.recv() {
                Ok(Ok(ServerFrame::Reply(r))) => return r.map_err(|e| e.into_service()),
                Ok(Ok(frame)) => part(frame)?,
                Ok(Err(e)) => return Err(broken(&self.socket, e, cut)),
                Err(_) => return Err(broken(&self.socket, FrameError::Closed, cut)),
            }
        }
    }

    /// Sends `request` and decodes its answer.
    fn ask<T: DeserializeOwned>(&self, request: &Request) -> Result<T> {
        let body = self.exchange(request, &mut |_| Ok(()))?;
        self.answer(&body)
    }

    fn answer<T: DeserializeOwned>(&self, body: &[u8]) -> Result<T> {
        decode("an answer", body).map_err(|e| broken(&self.socket, e, Cut::Read))
    }

    /// Sends `request` and writes the `Chunk` frames before its reply to
    /// `out` (an export, a backup).
    fn streamed<T: DeserializeOwned>(
        &self,
        request: &Request,
        out: &mut dyn Write,
        target: &str,
    ) -> Result<T> {
        let io = |e| ServiceError::Io {
            path: target.into(),
            source: e,
        };
        let body = self.exchange(request, &mut |frame| {
            if let ServerFrame::Chunk(bytes) = frame {
                out.write_all(&bytes).map_err(io)?;
            }
            Ok(())
        })?;
        out.flush().map_err(io)?;
        self.answer(&body)
    }

    fn with_progress<T: DeserializeOwned>(
        &self,
        request: &Request,
        progress: &mut dyn FnMut(f32),
    ) -> Result<T> {
        let body = self.exchange(request, &mut |frame| {
            if let ServerFrame::Progress(p) = frame {
                progress(p);
            }
            Ok(())
        })?;
        self.answer(&body)
    }
}

/// Whether a server run by `server` may be spoken to about a database
/// whose directory `owner` owns: only its owner or root may serve it.
pub fn server_trusted(server: u32, owner: u32) -> bool {
    server == owner || server == 0
}

/// Refuses a server run by anyone but the database's owner or root.
fn refuse_untrusted(socket: &Path, db: &Path, server: u32, owner: u32) -> Result<()> {
    if server_trusted(server, owner) {
        return Ok(());
    }
    Err(ServiceError::Server {
        socket: socket.to_path_buf(),
        detail: format!(
            "the process answering on {} runs as uid {server}, but the database directory {} is owned by uid {owner}; only its owner or root may serve it, so nothing was sent (someone may be posing as the server: tell an admin)",
            socket.display(),
            db.display()
        ),
    })
}

/// The name of the group that owns `socket` (its number when it has none):
/// the group a person must be in to use the server.
fn socket_group(socket: &Path) -> Option<String> {
    let gid = std::fs::metadata(socket).ok()?.gid();
    let name = nix::unistd::Group::from_gid(nix::unistd::Gid::from_raw(gid))
        .ok()
        .flatten()
        .map_or_else(|| gid.to_string(), |g| g.name);
    Some(name)
}

fn connect_error(socket: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::NotFound => {
            "no server is running (the socket does not exist); start one with `xfdesk serve`".into()
        }
        ErrorKind::ConnectionRefused => {
            "no server answers (it stopped or crashed); start one with `xfdesk serve`".into()
        }
        ErrorKind::PermissionDenied => match socket_group(socket) {
            Some(group) => format!(
                "permission denied: the server serves the members of group {group:?}; ask an admin to add you (sudo usermod -aG {group} $USER, then log in again)"
            ),
            None => format!("permission denied: the socket is for the database directory's group ({e})"),
        },
        _ => format!("cannot connect: {e}"),
    }
}

/// A connection that ended is `Stopped`, with what was waiting (`cut`);
/// any other failure is the server's, in its own words.
fn broken(socket: &Path, e: FrameError, cut: Cut) -> ServiceError {
    let closed = match &e {
        FrameError::Closed => true,
        FrameError::Io(e) => matches!(
            e.kind(),
            ErrorKind::BrokenPipe | ErrorKind::ConnectionReset | ErrorKind::UnexpectedEof
        ),
        _ => false,
    };
    if closed {
        return ServiceError::Stopped {
            socket: socket.to_path_buf(),
            cut,
            reconnect: false,
        };
    }
    ServiceError::Server {
        socket: socket.to_path_buf(),
        detail: e.to_string(),
    }
}

/// The connection's reading side: pushes go to the watcher, everything else
/// to the caller waiting for a reply. Ends when the connection does, and
/// marks it `gone` first, so a later request is not sent into it.
fn read_frames(
    mut reader: BufReader<UnixStream>,
    tx: &mpsc::Sender<Incoming>,
    watcher: &Mutex<Option<Watcher>>,
    gone: &AtomicBool,
) {
    loop {
        match read_frame::<_, ServerFrame>(&mut reader, "a server frame", MAX_RESPONSE) {
            Ok(ServerFrame::Push(changed)) => {
                if let Some(w) = watcher.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
                    w(changed);
                }
            }
            Ok(frame) => {
                if tx.send(Ok(frame)).is_err() {
                    return;
                }
            }
            Err(e) => {
                gone.store(true, Ordering::SeqCst);
                let _ = tx.send(Err(e));
                return;
            }
        }
    }
}

/// Plain calls run on the server (`DeskCalls` comes with it).
impl Transport for Client {
    fn call<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        self.ask(&Request::Call(Box::new(call)))
    }
}

impl DeskApi for Client {
    fn user(&self) -> &Staff {
        &self.welcome.staff
    }

    fn now(&self) -> Ts {
        Ts::from_datetime(time::OffsetDateTime::now_utc())
    }

    fn tz(&self) -> UtcOffset {
        self.welcome.about.tz
    }

    fn location(&self) -> String {
        format!("xfdesk serve at {}", self.socket.display())
    }

    /// The server flushes every write before it answers.
    fn flush(&self) -> Result<()> {
        Ok(())
    }

    fn watch(&self, watcher: Watcher) -> Result<()> {
        *self.watcher.lock().unwrap_or_else(|p| p.into_inner()) = Some(watcher);
        self.ask(&Request::Watch)
    }

    fn scorecard_with_progress(
        &self,
        rules: &Rules,
        period: &Period,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Vec<TownScore>> {
        let request = Request::ScorecardWithProgress {
            rules: rules.clone(),
            period: *period,
        };
        self.with_progress(&request, progress)
    }

    fn stats_with_progress(&self, period: &Period, progress: &mut dyn FnMut(f32)) -> Result<Stats> {
        self.with_progress(&Request::StatsWithProgress { period: *period }, progress)
    }

    /// Sends each file in chunks; the server imports them all or nothing.
    fn import_sources(&self, sources: Sources) -> Result<ImportSummary> {
        for (name, mut reader) in sources {
            let io = |e| ServiceError::Io {
                path: name.clone().into(),
                source: e,
            };
            self.ask::<()>(&Request::ImportFile { name: name.clone() })?;
            let mut chunk = vec![0u8; IMPORT_CHUNK];
            loop {
                let n = read_full(&mut reader, &mut chunk).map_err(io)?;
                if n == 0 {
                    break;
                }
                self.ask::<()>(&Request::ImportBytes(chunk[..n].to_vec()))?;
            }
        }
        self.ask(&Request::Import)
    }

    fn export(&self, out: &mut dyn Write, target: &str) -> Result<ExportSummary> {
        let request = Request::Export {
            target: target.to_string(),
        };
        self.streamed(&request, out, target)
    }

    fn backup(&self, out: &mut dyn Write, target: &str) -> Result<BackupSummary> {
        let request = Request::Backup {
            target: target.to_string(),
        };
        self.streamed(&request, out, target)
    }
}

/// Fills `buf` as far as the reader goes; 0 at its end.
fn read_full(r: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_refused_by_the_socket_is_told_which_group_to_join() {
        let dir = tempfile::TempDir::new().unwrap();
        let socket = dir.path().join("db.sock");
        std::fs::write(&socket, b"").unwrap();
        let gid = std::fs::metadata(&socket).unwrap().gid();
        let group = nix::unistd::Group::from_gid(nix::unistd::Gid::from_raw(gid))
            .unwrap()
            .map_or_else(|| gid.to_string(), |g| g.name);
        let said = connect_error(&socket, &std::io::Error::from(ErrorKind::PermissionDenied));
        assert!(said.contains(&format!("group {group:?}")), "{said}");
        assert!(said.contains(&format!("usermod -aG {group}")), "{said}");
    }

    #[test]
    fn only_the_database_owner_or_root_is_trusted_as_its_server() {
        assert!(server_trusted(1000, 1000));
        assert!(server_trusted(0, 1000));
        assert!(server_trusted(0, 0));
        assert!(!server_trusted(1001, 1000));
        assert!(!server_trusted(1000, 0));
    }

    #[test]
    fn a_server_run_by_another_user_is_refused_with_both_uids_named() {
        let socket = Path::new("/srv/xfdesk/db.sock");
        let db = Path::new("/srv/xfdesk/db");
        assert!(refuse_untrusted(socket, db, 1000, 1000).is_ok());
        match refuse_untrusted(socket, db, 1001, 1000) {
            Err(ServiceError::Server { socket: s, detail }) => {
                assert_eq!(s, socket);
                assert_eq!(
                    detail,
                    "the process answering on /srv/xfdesk/db.sock runs as uid 1001, but the database directory /srv/xfdesk/db is owned by uid 1000; only its owner or root may serve it, so nothing was sent (someone may be posing as the server: tell an admin)"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
