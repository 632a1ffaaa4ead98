//! The wire protocol of `xfdesk serve`: frames of a big-endian u32 length and
//! a postcard body. A connection opens with the client's `Hello` and the
//! server's `HelloReply`; then the client sends one `Request` at a time and
//! reads `ServerFrame`s until the request's `Reply` before it sends the next.
//! A client that asked to `Watch` may also get a `Push` at any time.
//!
//! `Hello` and the `WrongVersion` and `Refused` replies are the part every
//! release keeps byte for byte (never reorder or change them), so a client of
//! another release is told in words it can decode. Everything else may change
//! when `PROTOCOL_VERSION` does.

use crate::domain::interned::StaticStr;
use crate::domain::period::Period;
use crate::domain::rules::Rules;
use crate::domain::workflow::WorkflowError;
use crate::domain::{LedgerNo, Role, Staff};
use crate::service::api::{About, Call, Changed};
use crate::service::import::already::Overlap;
use crate::service::import::Problem as ImportProblem;
use crate::service::register::FieldError;
use crate::service::staff::StaffError;
use crate::service::ServiceError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::io::{ErrorKind as IoKind, Read, Write};

/// What kind of failure a `WireError::Other` is: the service's vocabulary,
/// named here too for the protocol's users.
pub use crate::service::error::ErrorKind;

/// Bumped whenever a request or response changes shape.
pub const PROTOCOL_VERSION: u32 = 7;

/// The largest request a server reads: a registration is a few KiB and an
/// import travels in chunks of `IMPORT_CHUNK`, so this only stops a broken or
/// hostile client from making it allocate gigabytes.
pub const MAX_REQUEST: usize = 1 << 20;

/// The largest response: a long-standing petitioner's card is the biggest.
pub const MAX_RESPONSE: usize = 16 << 20;

/// Import and export travel in chunks of this size.
pub const IMPORT_CHUNK: usize = 256 << 10;

/// The most petitioners one lookup returns.
pub const MAX_LOOKUP: usize = 200;

/// The most open matters one list returns (the desk's open list shows 500).
pub const MAX_OPEN_MATTERS: usize = 500;

/// The most matters of one work queue (as many as the open list).
pub const MAX_QUEUE: usize = 500;

/// The most rows of the overdue list, a scorecard's drill-down and the
/// audit trail: a few MiB each, where a county's year could be hundreds.
/// The answer says how many there were, so the client can say so.
pub const MAX_ROWS: usize = 10_000;

/// The client's first frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    pub version: u32,
    /// The client's xfdesk release, for the server's log and messages.
    pub release: String,
}

impl Hello {
    pub fn this_release() -> Hello {
        Hello {
            version: PROTOCOL_VERSION,
            release: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// The server's answer to `Hello`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HelloReply {
    Welcome(Welcome),
    /// Client and server speak different protocols; `message` names both
    /// versions and what to do.
    WrongVersion {
        server: u32,
        message: String,
    },
    /// Not served: an unknown or disabled user (the message names the
    /// admins to ask), or a server at its limit of connections.
    Refused {
        message: String,
    },
}

/// Who the server takes the client to be (from the socket's peer
/// credentials, never from anything the client says), and the office's
/// settings a desk needs first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    pub staff: Staff,
    pub about: About,
    /// The server's xfdesk release.
    pub release: String,
}

/// What a client sends after the handshake, one at a time; each is answered
/// by exactly one `ServerFrame::Reply`, perhaps after `Chunk` or `Progress`
/// frames of its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// A plain call of `DeskCalls` (boxed: a registration is large).
    Call(Box<Call>),
    /// `scorecard`, with `Progress` frames while it runs.
    ScorecardWithProgress { rules: Rules, period: Period },
    /// `stats`, with `Progress` frames while it runs.
    StatsWithProgress { period: Period },
    /// Starts a file of the import being sent (refused at once unless the
    /// user may import).
    ImportFile { name: String },
    /// The next chunk of the file being sent.
    ImportBytes(#[serde(with = "bytes")] Vec<u8>),
    /// Imports the files sent, all or nothing.
    Import,
    /// Every record as JSON Lines, in `Chunk` frames before the reply.
    Export { target: String },
    /// From now on, tell this connection of every change another desk makes
    /// (`Push` frames, between or during replies).
    Watch,
    /// The whole database as a backup, in `Chunk` frames before the reply
    /// (protocol 3).
    Backup { target: String },
}

/// What a server sends after the handshake.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ServerFrame {
    /// The answer to the request: its value encoded, or why it failed.
    Reply(Result<Vec<u8>, WireError>),
    /// Part of an export or a backup.
    Chunk(#[serde(with = "bytes")] Vec<u8>),
    /// How far a report is (0.0–1.0).
    Progress(f32),
    /// Another desk changed something (after `Watch`).
    Push(Changed),
}

/// A chunk of a file as one run of bytes: the same bytes on the wire as a
/// sequence of u8, but decoded by one copy instead of element by element
/// (a 64 MiB import is a second's work, not minutes, in a debug build).
mod bytes {
    use serde::de::{Deserializer, Error, SeqAccess, Visitor};
    use serde::Serializer;

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_byte_buf(Bytes)
    }

    struct Bytes;

    impl<'de> Visitor<'de> for Bytes {
        type Value = Vec<u8>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("bytes")
        }

        fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }

        fn visit_byte_buf<E: Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(v)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            let mut out = Vec::new();
            while let Some(b) = seq.next_element()? {
                out.push(b);
            }
            Ok(out)
        }
    }
}

/// A service error on the wire: the refusals a desk words in its own
/// language keep their data; the rest travel as text with a kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WireError {
    UnknownUser {
        login: String,
        admins: Vec<String>,
    },
    Disabled {
        login: String,
        admins: Vec<String>,
    },
    Staff(StaffError),
    Forbidden {
        login: String,
        role: Role,
        #[serde(deserialize_with = "crate::domain::interned::static_str")]
        what: StaticStr,
    },
    Import(Vec<ImportProblem>),
    /// An import's lines already in the database (protocol 4).
    AlreadyThere(Vec<Overlap>),
    Invalid(String),
    Form(Vec<FieldError>),
    Workflow {
        ledger: LedgerNo,
        error: WorkflowError,
    },
    NotFound(String),
    Other {
        kind: ErrorKind,
        message: String,
    },
}

impl WireError {
    pub fn from_service(e: ServiceError) -> WireError {
        match e {
            ServiceError::UnknownUser { login, admins } => WireError::UnknownUser { login, admins },
            ServiceError::Disabled { login, admins } => WireError::Disabled { login, admins },
            ServiceError::Staff(e) => WireError::Staff(e),
            ServiceError::Forbidden { login, role, what } => {
                WireError::Forbidden { login, role, what }
            }
            ServiceError::Import(p) => WireError::Import(p),
            ServiceError::AlreadyThere(o) => WireError::AlreadyThere(o),
            ServiceError::Invalid(s) => WireError::Invalid(s),
            ServiceError::Form(f) => WireError::Form(f),
            ServiceError::Workflow { ledger, error } => WireError::Workflow { ledger, error },
            ServiceError::NotFound(s) => WireError::NotFound(s),
            ServiceError::Remote { kind, message } => WireError::Other { kind, message },
            e @ (ServiceError::Store(_)
            | ServiceError::Io { .. }
            | ServiceError::Server { .. }
            | ServiceError::Stopped { .. }) => WireError::Other {
                kind: ErrorKind::Store,
                message: e.to_string(),
            },
        }
    }

    pub fn into_service(self) -> ServiceError {
        match self {
            WireError::UnknownUser { login, admins } => ServiceError::UnknownUser { login, admins },
            WireError::Disabled { login, admins } => ServiceError::Disabled { login, admins },
            WireError::Staff(e) => ServiceError::Staff(e),
            WireError::Forbidden { login, role, what } => {
                ServiceError::Forbidden { login, role, what }
            }
            WireError::Import(p) => ServiceError::Import(p),
            WireError::AlreadyThere(o) => ServiceError::AlreadyThere(o),
            WireError::Invalid(s) => ServiceError::Invalid(s),
            WireError::Form(f) => ServiceError::Form(f),
            WireError::Workflow { ledger, error } => ServiceError::Workflow { ledger, error },
            WireError::NotFound(s) => ServiceError::NotFound(s),
            WireError::Other { kind, message } => ServiceError::Remote { kind, message },
        }
    }

    pub fn protocol(message: String) -> WireError {
        WireError::Other {
            kind: ErrorKind::Protocol,
            message,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The other side closed the connection between frames.
    #[error("the connection was closed")]
    Closed,
    #[error("{what} of {len} bytes is larger than the limit of {max} bytes")]
    TooLarge {
        what: &'static str,
        len: usize,
        max: usize,
    },
    #[error("{what} could not be decoded ({detail})")]
    Decode { what: &'static str, detail: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Writes `value` as one frame and flushes; refused before anything is
/// written when its body exceeds `max`.
pub fn write_frame<W: Write, T: Serialize>(
    w: &mut W,
    what: &'static str,
    value: &T,
    max: usize,
) -> Result<(), FrameError> {
    let body = postcard::to_allocvec(value).map_err(|e| FrameError::Decode {
        what,
        detail: e.to_string(),
    })?;
    if body.len() > max {
        return Err(FrameError::TooLarge {
            what,
            len: body.len(),
            max,
        });
    }
    w.write_all(&(body.len() as u32).to_be_bytes())?;
    w.write_all(&body)?;
    w.flush()?;
    Ok(())
}

/// Reads one frame's body, refusing one longer than `max` before reading it.
pub fn read_body<R: Read>(
    r: &mut R,
    what: &'static str,
    max: usize,
) -> Result<Vec<u8>, FrameError> {
    let mut len = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match r.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Err(FrameError::Closed),
            Ok(0) => return Err(cut_short(what)),
            Ok(n) => got += n,
            Err(e) if e.kind() == IoKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > max {
        return Err(FrameError::TooLarge { what, len, max });
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).map_err(|e| match e.kind() {
        IoKind::UnexpectedEof => cut_short(what),
        _ => e.into(),
    })?;
    Ok(body)
}

fn cut_short(what: &'static str) -> FrameError {
    FrameError::Io(std::io::Error::new(
        IoKind::UnexpectedEof,
        format!("the connection was closed in the middle of {what}"),
    ))
}

pub fn decode<T: DeserializeOwned>(what: &'static str, body: &[u8]) -> Result<T, FrameError> {
    postcard::from_bytes(body).map_err(|e| FrameError::Decode {
        what,
        detail: e.to_string(),
    })
}

/// Reads and decodes one frame.
pub fn read_frame<R: Read, T: DeserializeOwned>(
    r: &mut R,
    what: &'static str,
    max: usize,
) -> Result<T, FrameError> {
    decode(what, &read_body(r, what, max)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_is_a_big_endian_length_and_a_postcard_body() {
        let mut buf = Vec::new();
        let hello = Hello {
            version: 1,
            release: "0.1.0".into(),
        };
        write_frame(&mut buf, "a hello", &hello, MAX_REQUEST).unwrap();
        assert_eq!(&buf[..4], &[0, 0, 0, 7]);
        // The handshake must read the same in every release.
        assert_eq!(&buf[4..], &[1, 5, b'0', b'.', b'1', b'.', b'0']);
        let back: Hello = read_frame(&mut &buf[..], "a hello", MAX_REQUEST).unwrap();
        assert_eq!(back, hello);
    }

    #[test]
    fn a_chunk_is_its_length_and_its_bytes() {
        let chunk = Request::ImportBytes(vec![7, 8, 9]);
        let body = postcard::to_allocvec(&chunk).unwrap();
        assert_eq!(body, [4, 3, 7, 8, 9]);
        assert_eq!(postcard::from_bytes::<Request>(&body).unwrap(), chunk);
        let chunk = ServerFrame::Chunk(vec![1; 300]);
        let body = postcard::to_allocvec(&chunk).unwrap();
        assert_eq!(&body[..3], [1, 0xac, 0x02]);
        assert_eq!(postcard::from_bytes::<ServerFrame>(&body).unwrap(), chunk);
    }

    #[test]
    fn the_refusals_of_the_handshake_keep_their_bytes() {
        let wrong = HelloReply::WrongVersion {
            server: 2,
            message: "m".into(),
        };
        assert_eq!(postcard::to_allocvec(&wrong).unwrap(), [1, 2, 1, b'm']);
        let refused = HelloReply::Refused {
            message: "m".into(),
        };
        assert_eq!(postcard::to_allocvec(&refused).unwrap(), [2, 1, b'm']);
    }

    #[test]
    fn frames_over_the_limit_are_refused_both_ways() {
        let big = vec![0u8; 100];
        let mut buf = Vec::new();
        let e = write_frame(&mut buf, "a request", &big, 50).unwrap_err();
        assert!(buf.is_empty());
        assert!(e.to_string().contains("larger than the limit of 50"), "{e}");
        let header = 2_000_000u32.to_be_bytes();
        let e = read_body(&mut &header[..], "a request", MAX_REQUEST).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a request of 2000000 bytes is larger than the limit of 1048576 bytes"
        );
    }

    #[test]
    fn a_frame_cut_short_is_not_a_clean_close() {
        assert!(matches!(
            read_body(&mut &[][..], "a request", 10),
            Err(FrameError::Closed)
        ));
        let e = read_body(&mut &[0u8, 0][..], "a request", 10).unwrap_err();
        assert!(e.to_string().contains("middle of a request"), "{e}");
        let e = read_body(&mut &[0u8, 0, 0, 5, 1][..], "a request", 10).unwrap_err();
        assert!(e.to_string().contains("middle of a request"), "{e}");
    }
}
