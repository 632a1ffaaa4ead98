//! The wire protocol of `xfdesk serve`: frames of a big-endian u32 length and
//! a postcard body. A connection opens with the client's `Hello` and the
//! server's `HelloReply`; then the client sends one `Request` at a time and
//! reads its `Response` before the next.
//!
//! `Hello` and the `WrongVersion` and `Refused` replies are the part every
//! release keeps byte for byte (never reorder or change them), so a client of
//! another release is told in words it can decode. Everything else may change
//! when `PROTOCOL_VERSION` does.

use crate::domain::{LedgerNo, Matter, MatterState, PetitionerId, Role};
use crate::service::act::ActionInput;
use crate::service::check::CheckReport;
use crate::service::lookup::{Found, MatterBrief};
use crate::service::register::{Registered, Registration};
use crate::service::views::Card;
use crate::service::ServiceError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::io::{ErrorKind as IoKind, Read, Write};

/// Bumped whenever a request or response changes shape.
pub const PROTOCOL_VERSION: u32 = 1;

/// The largest request a server reads: a registration is a few KiB, so this
/// only stops a broken or hostile client from making it allocate gigabytes.
pub const MAX_REQUEST: usize = 1 << 20;

/// The largest response: a long-standing petitioner's card is the biggest.
pub const MAX_RESPONSE: usize = 16 << 20;

/// The most petitioners one lookup returns.
pub const MAX_LOOKUP: u32 = 200;

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
/// credentials, never from anything the client says).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    pub login: String,
    pub name: String,
    pub role: Role,
    /// The server's xfdesk release.
    pub release: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// `Desk::lookup`; the server caps `limit` at `MAX_LOOKUP`.
    Lookup { query: String, limit: u32 },
    /// `Desk::register`: answered once the contact is flushed to disk.
    Register(Registration),
    /// `Desk::act`: answered once the event is flushed to disk.
    Act {
        ledger: LedgerNo,
        input: ActionInput,
    },
    /// `Desk::petitioner_card` (audited, flushed).
    Card(PetitionerId),
    /// `Desk::check`: writers wait while it runs.
    Check,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    Found(Vec<WireFound>),
    Registered(Registered),
    Matter(Matter),
    Card(Option<Card>),
    Checked(CheckReport),
    Error(RemoteError),
}

/// A service error as the server words it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteError {
    pub kind: ErrorKind,
    pub message: String,
}

/// What kind of refusal or failure a `RemoteError` is, for a client that
/// reacts to some differently (a form error stays on the form).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// Not (or no longer) active staff.
    Refused,
    /// The role may not do this.
    Forbidden,
    NotFound,
    /// A form with problems, or bad input.
    Invalid,
    /// The workflow does not allow the action in the matter's state.
    Workflow,
    /// The store failed; the database may need an admin.
    Store,
    /// The request broke the protocol (too large, undecodable).
    Protocol,
}

impl RemoteError {
    pub fn from_service(e: &ServiceError) -> RemoteError {
        let kind = match e {
            ServiceError::UnknownUser { .. } | ServiceError::Disabled { .. } => ErrorKind::Refused,
            ServiceError::Forbidden { .. } => ErrorKind::Forbidden,
            ServiceError::NotFound(_) => ErrorKind::NotFound,
            ServiceError::Workflow { .. } => ErrorKind::Workflow,
            ServiceError::Invalid(_)
            | ServiceError::Form(_)
            | ServiceError::Import(_)
            | ServiceError::Staff(_) => ErrorKind::Invalid,
            ServiceError::Remote { kind, .. } => *kind,
            ServiceError::Store(_) | ServiceError::Io { .. } | ServiceError::Server { .. } => {
                ErrorKind::Store
            }
        };
        RemoteError {
            kind,
            message: e.to_string(),
        }
    }

    pub fn protocol(message: String) -> RemoteError {
        RemoteError {
            kind: ErrorKind::Protocol,
            message,
        }
    }
}

/// `Found` on the wire: its serde form is the command line's JSON (masked
/// text, no id), which does not read back, so the wire has its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireFound {
    pub id: u64,
    pub name: String,
    pub id_number: Option<String>,
    pub phones: Vec<String>,
    pub town: Option<String>,
    pub contacts: u64,
    pub long_standing: bool,
    pub key_person: bool,
    pub matters: Vec<(LedgerNo, MatterState, String, String, time::Date)>,
}

impl From<Found> for WireFound {
    fn from(f: Found) -> WireFound {
        let Found {
            id,
            name,
            id_number,
            phones,
            town,
            contacts,
            long_standing,
            key_person,
            matters,
        } = f;
        WireFound {
            id,
            name,
            id_number,
            phones,
            town,
            contacts: contacts as u64,
            long_standing,
            key_person,
            matters: matters
                .into_iter()
                .map(|m| (m.ledger, m.state, m.category, m.summary, m.registered))
                .collect(),
        }
    }
}

impl From<WireFound> for Found {
    fn from(w: WireFound) -> Found {
        Found {
            id: w.id,
            name: w.name,
            id_number: w.id_number,
            phones: w.phones,
            town: w.town,
            contacts: w.contacts as usize,
            long_standing: w.long_standing,
            key_person: w.key_person,
            matters: w
                .matters
                .into_iter()
                .map(
                    |(ledger, state, category, summary, registered)| MatterBrief {
                        ledger,
                        state,
                        category,
                        summary,
                        registered,
                    },
                )
                .collect(),
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
    fn the_refusals_of_the_handshake_keep_their_bytes() {
        let wrong = HelloReply::WrongVersion {
            server: 1,
            message: "m".into(),
        };
        assert_eq!(postcard::to_allocvec(&wrong).unwrap(), [1, 1, 1, b'm']);
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
