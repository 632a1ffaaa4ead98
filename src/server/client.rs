//! A connection to `xfdesk serve`, with the Desk's methods and types: the
//! desk screens and the commands call these instead of an embedded store
//! when the server's socket exists.

use super::protocol::{
    read_frame, write_frame, FrameError, Hello, HelloReply, Request, Response, Welcome,
    MAX_REQUEST, MAX_RESPONSE,
};
use crate::domain::{LedgerNo, Matter, PetitionerId};
use crate::service::act::ActionInput;
use crate::service::check::CheckReport;
use crate::service::lookup::Found;
use crate::service::register::{Registered, Registration};
use crate::service::views::Card;
use crate::service::{Result, ServiceError};
use std::io::{BufReader, BufWriter, ErrorKind};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

const CLOSED: &str = "the server closed the connection (it stopped, or refused the request)";

pub struct Client {
    socket: PathBuf,
    reader: BufReader<UnixStream>,
    writer: BufWriter<UnixStream>,
    welcome: Welcome,
}

impl Client {
    /// Connects and shakes hands; refused with the server's words (another
    /// protocol version, an unknown or disabled user, a full server).
    pub fn connect(socket: &Path) -> Result<Client> {
        Client::connect_as(socket, &Hello::this_release())
    }

    /// Connects sending `hello` (tests play clients of other releases).
    pub fn connect_as(socket: &Path, hello: &Hello) -> Result<Client> {
        let fail = |detail: String| ServiceError::Server {
            socket: socket.to_path_buf(),
            detail,
        };
        let stream = UnixStream::connect(socket).map_err(|e| {
            fail(match e.kind() {
                ErrorKind::NotFound => {
                    "no server is running (the socket does not exist); start one with `xfdesk serve`".into()
                }
                ErrorKind::ConnectionRefused => {
                    "no server answers (it stopped or crashed); start one with `xfdesk serve`".into()
                }
                ErrorKind::PermissionDenied => format!(
                    "permission denied: the socket is for the database directory's group ({e})"
                ),
                _ => format!("cannot connect: {e}"),
            })
        })?;
        let read_half = stream
            .try_clone()
            .map_err(|e| fail(format!("cannot connect: {e}")))?;
        let mut client = Client {
            socket: socket.to_path_buf(),
            reader: BufReader::new(read_half),
            writer: BufWriter::new(stream),
            welcome: Welcome {
                login: String::new(),
                name: String::new(),
                role: crate::domain::Role::Receptionist,
                release: String::new(),
            },
        };
        // A server that refuses at once (full) may close before reading
        // this; its reply is still there to read.
        let sent = write_frame(&mut client.writer, "a handshake", hello, MAX_REQUEST);
        let reply: HelloReply =
            match read_frame(&mut client.reader, "the handshake reply", MAX_RESPONSE) {
                Ok(r) => r,
                Err(e) => return Err(client.broken(sent.err().unwrap_or(e))),
            };
        match reply {
            HelloReply::Welcome(w) => client.welcome = w,
            HelloReply::WrongVersion { message, .. } | HelloReply::Refused { message } => {
                return Err(fail(message))
            }
        }
        Ok(client)
    }

    /// Who the server serves this connection as.
    pub fn user(&self) -> &Welcome {
        &self.welcome
    }

    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Sends one request and reads its response; an error response becomes
    /// `ServiceError::Remote`.
    pub fn call(&mut self, req: &Request) -> Result<Response> {
        write_frame(&mut self.writer, "a request", req, MAX_REQUEST).map_err(|e| self.broken(e))?;
        let resp: Response =
            read_frame(&mut self.reader, "a response", MAX_RESPONSE).map_err(|e| self.broken(e))?;
        match resp {
            Response::Error(e) => Err(ServiceError::Remote {
                kind: e.kind,
                message: e.message,
            }),
            r => Ok(r),
        }
    }

    fn broken(&self, e: FrameError) -> ServiceError {
        ServiceError::Server {
            socket: self.socket.clone(),
            detail: match e {
                FrameError::Closed => CLOSED.into(),
                FrameError::Io(e)
                    if matches!(e.kind(), ErrorKind::BrokenPipe | ErrorKind::ConnectionReset) =>
                {
                    CLOSED.into()
                }
                e => e.to_string(),
            },
        }
    }

    fn unexpected(&self, wanted: &str, got: &Response) -> ServiceError {
        let got = format!("{got:?}");
        let got: String = got.chars().take(40).collect();
        ServiceError::Server {
            socket: self.socket.clone(),
            detail: format!("answered {got}… where {wanted} was expected"),
        }
    }

    pub fn lookup(&mut self, query: &str, limit: usize) -> Result<Vec<Found>> {
        let req = Request::Lookup {
            query: query.into(),
            limit: limit.min(u32::MAX as usize) as u32,
        };
        match self.call(&req)? {
            Response::Found(f) => Ok(f.into_iter().map(Into::into).collect()),
            other => Err(self.unexpected("lookup results", &other)),
        }
    }

    /// Returns once the server has the contact on disk.
    pub fn register(&mut self, r: &Registration) -> Result<Registered> {
        match self.call(&Request::Register(r.clone()))? {
            Response::Registered(r) => Ok(r),
            other => Err(self.unexpected("a registration", &other)),
        }
    }

    pub fn act(&mut self, ledger: LedgerNo, input: &ActionInput) -> Result<Matter> {
        let req = Request::Act {
            ledger,
            input: input.clone(),
        };
        match self.call(&req)? {
            Response::Matter(m) => Ok(m),
            other => Err(self.unexpected("a matter", &other)),
        }
    }

    pub fn card(&mut self, petitioner: PetitionerId) -> Result<Option<Card>> {
        match self.call(&Request::Card(petitioner))? {
            Response::Card(c) => Ok(c),
            other => Err(self.unexpected("a card", &other)),
        }
    }

    pub fn check(&mut self) -> Result<CheckReport> {
        match self.call(&Request::Check)? {
            Response::Checked(c) => Ok(c),
            other => Err(self.unexpected("a check report", &other)),
        }
    }
}
