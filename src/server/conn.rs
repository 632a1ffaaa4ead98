//! One connection: who the peer is, the handshake, then its requests in turn,
//! each run on the peer's own desk over the shared store.

use super::outbox::{weight, Budget, Outbox, MAX_QUEUED, STALL};
use super::protocol::{
    decode, read_body, read_frame, write_frame, FrameError, Hello, HelloReply, Request,
    ServerFrame, Welcome, WireError, MAX_LOOKUP, MAX_OPEN_MATTERS, MAX_QUEUE, MAX_REQUEST,
    MAX_RESPONSE, MAX_ROWS, PROTOCOL_VERSION,
};
use super::{Identify, Peer};
use crate::domain::permit::{may, Duty};
use crate::service::api::{Call, Changed, Kind, Sources};
use crate::service::{active_admins, deed, Desk, ServiceError};
use crate::store::Store;
use std::collections::HashMap;
use std::io::{BufReader, BufWriter, ErrorKind, Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

mod hello;
use hello::{admit, read_hello, refuse_version, reply};

/// What every connection of a server shares.
pub(super) struct Shared {
    pub store: Arc<Store>,
    pub identify: Identify,
    /// From accept to the whole hello.
    pub handshake_time: Duration,
    pub max_per_login: usize,
    /// The most one import may send: the server holds it in memory.
    pub max_import: usize,
    /// Connections served now, by login.
    pub logins: Mutex<HashMap<String, usize>>,
    pub requests: AtomicU64,
    /// The connections watching for changes, by connection number.
    pub watchers: Mutex<HashMap<u64, Outbox>>,
    /// The connection sending an import: one at a time, so the server holds
    /// at most `max_import` of imports however many admins connect.
    pub importing: Mutex<Option<u64>>,
}

/// The Unix user at the other end, from the kernel (SO_PEERCRED).
pub fn peer_of(stream: &UnixStream) -> std::io::Result<Peer> {
    let cred = nix::sys::socket::getsockopt(stream, nix::sys::socket::sockopt::PeerCredentials)
        .map_err(std::io::Error::from)?;
    Ok(Peer {
        uid: cred.uid(),
        gid: cred.gid(),
        pid: cred.pid(),
    })
}

/// Whom a refused peer is to ask: the active admins, by name.
fn admins(store: &Store) -> String {
    match active_admins(store) {
        Ok(admins) if admins.is_empty() => "this database has no active admin".into(),
        Ok(admins) => format!("ask an admin of this database ({})", admins.join(", ")),
        Err(e) => {
            tracing::warn!("listing the admins to ask: {e}");
            "ask an admin of this database".into()
        }
    }
}

/// Why `peer` is not served, in words that say whom to ask.
fn refusal(store: &Store, peer: &Peer, login: Option<&str>, e: Option<&ServiceError>) -> String {
    let ask = admins(store);
    match (login, e) {
        (None, _) => format!(
            "Unix uid {} has no user name on the server; {ask} to give you a login",
            peer.uid
        ),
        (Some(login), Some(ServiceError::Disabled { .. })) => {
            format!("staff login {login:?} is disabled; {ask} to enable it again")
        }
        (Some(login), Some(ServiceError::UnknownUser { .. })) => format!(
            "Unix user {login:?} is not on the staff list of this database; {ask} to add {login:?}"
        ),
        (Some(login), e) => format!(
            "{login:?} cannot be served: {}",
            e.map_or(String::new(), |e| e.to_string())
        ),
    }
}

/// Reads from a stream until an absolute deadline: each read may wait only
/// for what is left of it, so a client sending a byte now and then cannot
/// stretch its handshake for ever.
struct Deadline<'a> {
    stream: &'a UnixStream,
    until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::Error::new(
                ErrorKind::TimedOut,
                "the handshake deadline passed",
            ));
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut s = self.stream;
        s.read(buf)
    }
}

/// A login's place among its connections, given back when the connection ends.
struct Place<'a> {
    shared: &'a Shared,
    login: String,
}

impl<'a> Place<'a> {
    /// Takes a place for `login`, or says the limit when it has none left.
    fn take(shared: &'a Shared, login: &str) -> Result<Place<'a>, usize> {
        let mut logins = shared.logins.lock().unwrap_or_else(|p| p.into_inner());
        let n = logins.entry(login.to_string()).or_insert(0);
        if *n >= shared.max_per_login {
            return Err(shared.max_per_login);
        }
        *n += 1;
        Ok(Place {
            shared,
            login: login.to_string(),
        })
    }
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        let mut logins = self.shared.logins.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = logins.get_mut(&self.login) {
            *n -= 1;
            if *n == 0 {
                logins.remove(&self.login);
            }
        }
    }
}

/// Serves one connection until the client leaves or the server stops (it
/// shuts the reading side, so a wait for the next request ends). A request
/// being answered is finished first: nothing is half-written.
pub(super) fn serve(shared: &Shared, stream: &UnixStream, id: u64, accepted: Instant) {
    let peer = match peer_of(stream) {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!("connection without peer credentials: {e}");
            return;
        }
    };
    let Some(hello) = read_hello(shared, stream, &peer, accepted) else {
        return;
    };
    if hello.version != PROTOCOL_VERSION {
        refuse_version(stream, &peer, &hello);
        return;
    }
    let Some((desk, _place)) = admit(shared, stream, &peer) else {
        return;
    };
    let user = desk.user().clone();
    let welcome = HelloReply::Welcome(Welcome {
        staff: user.clone(),
        about: desk.about(),
        release: env!("CARGO_PKG_VERSION").into(),
    });
    if reply(stream, &welcome).is_err() || stream.set_read_timeout(None).is_err() {
        return;
    }
    tracing::info!(
        "{} (uid {}, pid {}) connected",
        user.login,
        peer.uid,
        peer.pid
    );
    converse(shared, stream, id, desk);
    tracing::info!("{} disconnected", user.login);
}

/// Serves the requests of a connection after its welcome, until it ends.
fn converse(shared: &Shared, stream: &UnixStream, id: u64, desk: Desk) {
    let login = desk.user().login.clone();
    let mut reader = BufReader::new(stream);
    // Replies and pushes from other desks' threads go out through one queue
    // and one writer thread, so frames never interleave and a desk that
    // stops reading cannot stall another desk's request.
    let (frames, outbox, budget) = Outbox::new(Budget::new(MAX_QUEUED, STALL));
    std::thread::scope(|scope| {
        let writing = Arc::clone(&budget);
        scope.spawn(move || {
            write_frames(stream, &outbox, &writing);
            writing.close();
        });
        let mut session = Session {
            desk,
            shared,
            id,
            frames,
            import: Vec::new(),
            import_bytes: 0,
        };
        session.serve(&mut reader);
        session.drop_import();
        shared
            .watchers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
        if budget.stalled() {
            tracing::warn!(
                "{login}: {} bytes of answers unread for {STALL:?}; connection dropped",
                budget.queued()
            );
            // Ends the writer's wait to write what nobody reads.
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    });
}

/// Writes each frame in turn until the queue closes or the client goes.
fn write_frames(stream: &UnixStream, outbox: &mpsc::Receiver<ServerFrame>, budget: &Budget) {
    let mut writer = BufWriter::new(stream);
    for frame in outbox {
        let w = weight(&frame);
        let sent = match write_frame(&mut writer, "a response", &frame, MAX_RESPONSE) {
            Err(e @ FrameError::TooLarge { .. }) => {
                let error = ServerFrame::Reply(Err(WireError::protocol(e.to_string())));
                write_frame(&mut writer, "a response", &error, MAX_RESPONSE)
            }
            other => other,
        };
        drop(frame);
        budget.release(w);
        if let Err(e) = sent {
            // The client left; what it asked for is done and on disk.
            tracing::info!("answer not delivered: {e}");
            // Unblock the reading side: nobody will read its answers.
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
    }
}

/// One connection after its handshake: its desk and what it is sending.
struct Session<'a> {
    desk: Desk,
    shared: &'a Shared,
    id: u64,
    frames: Outbox,
    /// The files of an import being sent: name and bytes.
    import: Vec<(String, Vec<u8>)>,
    import_bytes: usize,
}

impl Session<'_> {
    fn serve(&mut self, reader: &mut BufReader<&UnixStream>) {
        let login = self.desk.user().login.clone();
        loop {
            let reply = match read_body(reader, "a request", MAX_REQUEST) {
                Ok(body) => match decode::<Request>("a request", &body) {
                    Ok(req) => self.handle(&login, req),
                    Err(e) => Err(WireError::protocol(e.to_string())),
                },
                Err(FrameError::Closed) => break,
                // The stream cannot be trusted past a length it refused to read.
                Err(e @ FrameError::TooLarge { .. }) => {
                    tracing::warn!("{login}: {e}");
                    let _ = self.send(ServerFrame::Reply(Err(WireError::protocol(e.to_string()))));
                    break;
                }
                Err(e) => {
                    tracing::info!("{login}: {e}");
                    break;
                }
            };
            self.shared.requests.fetch_add(1, Ordering::Relaxed);
            if !self.send(ServerFrame::Reply(reply)) {
                break;
            }
        }
    }

    /// Queues a frame; false once the connection's writer has gone.
    fn send(&self, frame: ServerFrame) -> bool {
        self.frames.send(frame)
    }

    /// Runs one request as the connection's user.
    fn handle(&mut self, login: &str, req: Request) -> Result<Vec<u8>, WireError> {
        // A login disabled, or a role changed, while connected takes effect now.
        self.desk
            .switch_user(login)
            .map_err(WireError::from_service)?;
        let (answer, changed) = self.answer(req);
        if let (Ok(_), Some(what)) = (&answer, changed) {
            self.tell_others(Changed {
                by: login.to_string(),
                what: what.to_string(),
            });
        }
        answer.map_err(WireError::from_service)
    }

    /// Runs `req`: its answer, and the name of the change it made for the
    /// other desks to be told, if it made one.
    fn answer(&mut self, req: Request) -> (Result<Vec<u8>, ServiceError>, Option<&'static str>) {
        match req {
            Request::Call(call) => self.run_call(*call),
            Request::ScorecardWithProgress { rules, period } => {
                let mut progress = throttled(self.frames.clone());
                let answer = self
                    .desk
                    .scorecard_with_progress(&rules, &period, &mut progress);
                (answer.and_then(|a| encode(&a)), None)
            }
            Request::StatsWithProgress { period } => {
                let mut progress = throttled(self.frames.clone());
                let answer = self.desk.stats_with_progress(&period, &mut progress);
                (answer.and_then(|a| encode(&a)), None)
            }
            Request::ImportFile { name } => (self.import_file(name), None),
            Request::ImportBytes(bytes) => (self.import_bytes(bytes), None),
            Request::Import => (self.run_import(), Some("import")),
            Request::Export { target } => {
                let answer = self.spooled(&target, |desk, out| desk.export(out, &target));
                (answer, None)
            }
            Request::Backup { target } => {
                let answer = self.spooled(&target, |desk, out| desk.backup(out, &target));
                (answer, None)
            }
            Request::Watch => (self.watch(), None),
        }
    }

    /// Runs a plain call: its answer, and its name when it is a change.
    fn run_call(&self, mut call: Call) -> (Result<Vec<u8>, ServiceError>, Option<&'static str>) {
        cap_rows(&mut call);
        let (name, kind) = (call.name(), call.kind());
        let answer = call.run(&self.desk);
        let answer = match (answer, kind) {
            // An audited view or a write is on disk before it is answered.
            (Ok(a), Kind::View | Kind::Write) => self.flushed(a),
            (other, _) => other,
        };
        (answer, (kind == Kind::Write).then_some(name))
    }

    /// Imports the files sent, all or nothing.
    fn run_import(&mut self) -> Result<Vec<u8>, ServiceError> {
        let files = std::mem::take(&mut self.import);
        self.drop_import();
        let sources: Sources = files
            .into_iter()
            .map(|(name, bytes)| {
                (
                    name,
                    Box::new(std::io::Cursor::new(bytes)) as Box<dyn std::io::BufRead>,
                )
            })
            .collect();
        self.desk.import_sources(sources).and_then(|a| encode(&a))
    }

    /// Tells this connection of every change another desk makes from now on.
    fn watch(&self) -> Result<Vec<u8>, ServiceError> {
        self.shared
            .watchers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(self.id, self.frames.clone());
        encode(&())
    }

    /// An export or a backup through `spool::send`; the answer is its
    /// summary, once the writes it made (an audit entry) are on disk.
    fn spooled<T: serde::Serialize>(
        &self,
        target: &str,
        write: impl FnOnce(&Desk, &mut dyn Write) -> Result<T, ServiceError>,
    ) -> Result<Vec<u8>, ServiceError> {
        let summary = super::spool::send(&self.desk, &self.frames, target, write)?;
        self.flushed(encode(&summary)?)
    }

    fn flushed(&self, answer: Vec<u8>) -> Result<Vec<u8>, ServiceError> {
        self.desk.store().flush()?;
        Ok(answer)
    }

    fn import_file(&mut self, name: String) -> Result<Vec<u8>, ServiceError> {
        // Refused before the client sends a byte of what may be gigabytes.
        if !may(self.desk.user().role, Duty::Administer) {
            return Err(ServiceError::Forbidden {
                login: self.desk.user().login.clone(),
                role: self.desk.user().role,
                what: deed::IMPORT,
            });
        }
        {
            let mut holder = self
                .shared
                .importing
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            match *holder {
                Some(other) if other != self.id => {
                    return Err(ServiceError::Invalid(
                        "another import is being sent to this server; the server takes one at a time, so try again once it has run".into(),
                    ))
                }
                _ => *holder = Some(self.id),
            }
        }
        self.import.push((name, Vec::new()));
        encode(&())
    }

    /// Forgets the import being sent and lets another connection send one.
    fn drop_import(&mut self) {
        self.import.clear();
        self.import_bytes = 0;
        let mut holder = self
            .shared
            .importing
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if *holder == Some(self.id) {
            *holder = None;
        }
    }

    fn import_bytes(&mut self, bytes: Vec<u8>) -> Result<Vec<u8>, ServiceError> {
        self.import_bytes += bytes.len();
        let Some((_, file)) = self.import.last_mut() else {
            return Err(ServiceError::Invalid(
                "import bytes sent before the file they belong to".into(),
            ));
        };
        let max = self.shared.max_import;
        if self.import_bytes > max {
            self.drop_import();
            return Err(ServiceError::Invalid(format!(
                "an import through the server may send at most {} in all, which it holds in memory until the import; import larger files on the server itself with the server stopped",
                in_words(max)
            )));
        }
        file.extend_from_slice(&bytes);
        encode(&())
    }

    /// Tells every other watching desk; one that is not reading misses it
    /// rather than holding this request up.
    fn tell_others(&self, changed: Changed) {
        let watchers = self
            .shared
            .watchers
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        for (id, frames) in watchers.iter() {
            if *id != self.id {
                frames.try_send(ServerFrame::Push(changed.clone()));
            }
        }
    }
}

/// Cuts a list asked for with no end where the desks cut it.
fn cap_rows(call: &mut Call) {
    match call {
        Call::lookup { limit, .. } | Call::look { limit, .. } => *limit = (*limit).min(MAX_LOOKUP),
        Call::open_matters { limit, .. } | Call::work_open { limit, .. } => {
            *limit = (*limit).min(MAX_OPEN_MATTERS)
        }
        Call::queue { limit, .. } | Call::work_queue { limit, .. } => {
            *limit = (*limit).min(MAX_QUEUE)
        }
        Call::overdue { limit, .. }
        | Call::audit_query { limit, .. }
        | Call::scorecard_contacts { limit, .. } => *limit = (*limit).min(MAX_ROWS),
        _ => {}
    }
}

/// A size in MiB, or in bytes below one.
fn in_words(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

fn encode<T: serde::Serialize>(answer: &T) -> Result<Vec<u8>, ServiceError> {
    postcard::to_allocvec(answer)
        .map_err(|e| ServiceError::Invalid(format!("the answer could not be encoded: {e}")))
}

/// Progress frames, one per whole percent.
fn throttled(frames: Outbox) -> impl FnMut(f32) {
    let mut last = -1;
    move |p: f32| {
        let percent = (p * 100.0) as i32;
        if percent != last {
            last = percent;
            frames.try_send(ServerFrame::Progress(p));
        }
    }
}
