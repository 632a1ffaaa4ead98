//! A connection's first steps: the hello with its deadline, the version
//! check, and admitting the peer as active staff within the limits.

use super::*;

/// Writes one handshake reply.
pub(super) fn reply(stream: &UnixStream, r: &HelloReply) -> Result<(), FrameError> {
    write_frame(
        &mut BufWriter::new(stream),
        "a handshake reply",
        r,
        MAX_RESPONSE,
    )
}

/// The client's hello, or none when it sent none in time (or something
/// else, which it is told).
pub(super) fn read_hello(
    shared: &Shared,
    stream: &UnixStream,
    peer: &Peer,
    accepted: Instant,
) -> Option<Hello> {
    // A connection that never says hello must not keep its place for ever;
    // after the handshake a desk may sit idle all day. Read unbuffered, so
    // nothing after the hello is taken from the stream.
    let mut until = Deadline {
        stream,
        until: accepted + shared.handshake_time,
    };
    match read_frame(&mut until, "a handshake", MAX_REQUEST) {
        Ok(h) => Some(h),
        Err(FrameError::Closed) => None,
        Err(FrameError::Io(e))
            if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
        {
            tracing::info!(
                "uid {}: no hello within {:?}",
                peer.uid,
                shared.handshake_time
            );
            None
        }
        Err(e) => {
            tracing::warn!("uid {}: not an xfdesk handshake: {e}", peer.uid);
            let _ = reply(
                stream,
                &HelloReply::Refused {
                    message: format!(
                        "this is an xfdesk server and that was not an xfdesk handshake: {e}"
                    ),
                },
            );
            None
        }
    }
}

/// Tells a client of another protocol version which versions differ and
/// what to do.
pub(super) fn refuse_version(stream: &UnixStream, peer: &Peer, hello: &Hello) {
    tracing::warn!(
        "uid {}: refused protocol {} (xfdesk {})",
        peer.uid,
        hello.version,
        hello.release
    );
    let _ = reply(
        stream,
        &HelloReply::WrongVersion {
            server: PROTOCOL_VERSION,
            message: format!(
                "this server speaks xfdesk protocol {PROTOCOL_VERSION} (xfdesk {}) and your xfdesk {} speaks protocol {}; use the same xfdesk release as the server (ask your admin to upgrade the desks or the server together)",
                env!("CARGO_PKG_VERSION"),
                hello.release,
                hello.version
            ),
        },
    );
}

/// The peer's desk and its place among its login's connections; none when
/// the peer is not active staff or its login has no place left (it is told).
pub(super) fn admit<'a>(
    shared: &'a Shared,
    stream: &UnixStream,
    peer: &Peer,
) -> Option<(Desk, Place<'a>)> {
    let login = (shared.identify)(peer);
    let desk = match &login {
        None => Err(None),
        Some(l) => Desk::shared(Arc::clone(&shared.store), l).map_err(Some),
    };
    let desk = match desk {
        Ok(d) => d,
        Err(e) => {
            refuse(
                stream,
                peer,
                refusal(&shared.store, peer, login.as_deref(), e.as_ref()),
            );
            return None;
        }
    };
    match Place::take(shared, &desk.user().login) {
        Ok(place) => Some((desk, place)),
        Err(max) => {
            let message = format!(
                "staff login {:?} already has its limit of {max} connections to this server; close a desk or a command of yours, or ask an admin to raise --max-per-login",
                desk.user().login
            );
            refuse(stream, peer, message);
            None
        }
    }
}

/// Refuses the handshake with `message`.
pub(super) fn refuse(stream: &UnixStream, peer: &Peer, message: String) {
    tracing::warn!("uid {} refused: {message}", peer.uid);
    let _ = reply(stream, &HelloReply::Refused { message });
}
