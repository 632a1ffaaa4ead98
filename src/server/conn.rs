//! One connection: who the peer is, the handshake, then its requests in turn,
//! each run on the peer's own desk over the shared store.

use super::protocol::{
    decode, read_body, read_frame, write_frame, FrameError, Hello, HelloReply, RemoteError,
    Request, Response, Welcome, MAX_LOOKUP, MAX_REQUEST, MAX_RESPONSE, PROTOCOL_VERSION,
};
use super::{Identify, Peer};
use crate::domain::{Role, Staff};
use crate::service::{Desk, ServiceError};
use crate::store::{Store, T};
use std::io::{BufReader, BufWriter, ErrorKind};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How long a client has to send its hello.
const HANDSHAKE_TIME: std::time::Duration = std::time::Duration::from_secs(10);

/// What every connection of a server shares.
pub(super) struct Shared {
    pub store: Arc<Store>,
    pub identify: Identify,
    pub requests: AtomicU64,
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

/// The active admins' logins, for a refusal to name whom to ask.
fn admins(store: &Store) -> String {
    let mut out = Vec::new();
    for (_, s) in store.records::<Staff>(T::Staff).flatten() {
        if s.role == Role::Admin && !s.disabled {
            out.push(s.login);
        }
    }
    if out.is_empty() {
        "this database has no active admin".into()
    } else {
        format!("ask an admin of this database ({})", out.join(", "))
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

/// Serves one connection until the client leaves or the server stops (it
/// shuts the reading side, so a wait for the next request ends). A request
/// being answered is finished first: nothing is half-written.
pub(super) fn serve(shared: &Shared, stream: &UnixStream) {
    let peer = match peer_of(stream) {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!("connection without peer credentials: {e}");
            return;
        }
    };
    let mut reader = BufReader::new(stream);
    let mut writer = BufWriter::new(stream);
    let mut reply = |r: &HelloReply| write_frame(&mut writer, "a handshake reply", r, MAX_RESPONSE);
    // A connection that never says hello must not keep its place for ever;
    // after the handshake a desk may sit idle all day.
    if stream.set_read_timeout(Some(HANDSHAKE_TIME)).is_err() {
        return;
    }
    let hello: Hello = match read_frame(&mut reader, "a handshake", MAX_REQUEST) {
        Ok(h) => h,
        Err(FrameError::Closed) => return,
        Err(FrameError::Io(e))
            if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
        {
            tracing::info!("uid {}: no hello within {HANDSHAKE_TIME:?}", peer.uid);
            return;
        }
        Err(e) => {
            tracing::warn!("uid {}: not an xfdesk handshake: {e}", peer.uid);
            let _ = reply(&HelloReply::Refused {
                message: format!(
                    "this is an xfdesk server and that was not an xfdesk handshake: {e}"
                ),
            });
            return;
        }
    };
    if hello.version != PROTOCOL_VERSION {
        tracing::warn!(
            "uid {}: refused protocol {} (xfdesk {})",
            peer.uid,
            hello.version,
            hello.release
        );
        let _ = reply(&HelloReply::WrongVersion {
            server: PROTOCOL_VERSION,
            message: format!(
                "this server speaks xfdesk protocol {PROTOCOL_VERSION} (xfdesk {}) and your xfdesk {} speaks protocol {}; use the same xfdesk release as the server (ask your admin to upgrade the desks or the server together)",
                env!("CARGO_PKG_VERSION"),
                hello.release,
                hello.version
            ),
        });
        return;
    }
    let login = (shared.identify)(&peer);
    let desk = match &login {
        None => Err(None),
        Some(l) => Desk::shared(Arc::clone(&shared.store), l).map_err(Some),
    };
    let mut desk = match desk {
        Ok(d) => d,
        Err(e) => {
            let message = refusal(&shared.store, &peer, login.as_deref(), e.as_ref());
            tracing::warn!("uid {} refused: {message}", peer.uid);
            let _ = reply(&HelloReply::Refused { message });
            return;
        }
    };
    let user = desk.user().clone();
    let welcome = HelloReply::Welcome(Welcome {
        login: user.login.clone(),
        name: user.name.clone(),
        role: user.role,
        release: env!("CARGO_PKG_VERSION").into(),
    });
    if reply(&welcome).is_err() || stream.set_read_timeout(None).is_err() {
        return;
    }
    tracing::info!(
        "{} (uid {}, pid {}) connected",
        user.login,
        peer.uid,
        peer.pid
    );
    loop {
        let response = match read_body(&mut reader, "a request", MAX_REQUEST) {
            Ok(body) => match decode::<Request>("a request", &body) {
                Ok(req) => handle(&mut desk, &user.login, req),
                Err(e) => Response::Error(RemoteError::protocol(e.to_string())),
            },
            Err(FrameError::Closed) => break,
            // The stream cannot be trusted past a length it refused to read.
            Err(e @ FrameError::TooLarge { .. }) => {
                tracing::warn!("{}: {e}", user.login);
                let error = Response::Error(RemoteError::protocol(e.to_string()));
                let _ = write_frame(&mut writer, "a response", &error, MAX_RESPONSE);
                break;
            }
            Err(e) => {
                tracing::info!("{}: {e}", user.login);
                break;
            }
        };
        shared.requests.fetch_add(1, Ordering::Relaxed);
        let sent = match write_frame(&mut writer, "a response", &response, MAX_RESPONSE) {
            Err(e @ FrameError::TooLarge { .. }) => {
                let error = Response::Error(RemoteError::protocol(e.to_string()));
                write_frame(&mut writer, "a response", &error, MAX_RESPONSE)
            }
            other => other,
        };
        if let Err(e) = sent {
            // The client left; what it asked for is done and on disk.
            tracing::info!("{}: answer not delivered: {e}", user.login);
            break;
        }
    }
    tracing::info!("{} disconnected", user.login);
}

/// Runs one request as the connection's user.
fn handle(desk: &mut Desk, login: &str, req: Request) -> Response {
    // A login disabled, or a role changed, while connected takes effect now.
    if let Err(e) = desk.switch_user(login) {
        return Response::Error(RemoteError::from_service(&e));
    }
    let answer = match req {
        Request::Lookup { query, limit } => desk
            .lookup(&query, limit.min(MAX_LOOKUP) as usize)
            .map(|f| Response::Found(f.into_iter().map(Into::into).collect())),
        Request::Register(r) => desk.register(&r).map(Response::Registered),
        Request::Act { ledger, input } => desk.act(ledger, &input).map(Response::Matter),
        // Viewing a card writes an audit entry: flushed like every write.
        Request::Card(id) => desk.petitioner_card(id).and_then(|c| {
            desk.store().flush()?;
            Ok(Response::Card(c))
        }),
        Request::Check => desk.check().map(Response::Checked),
    };
    answer.unwrap_or_else(|e| Response::Error(RemoteError::from_service(&e)))
}
