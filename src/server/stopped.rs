//! Which requests may have done what when the server's connection drops
//! before their answer. `Cut` and its words are the service's (see
//! `service::error`); the requests are the protocol's, so they meet here.

use super::protocol::Request;
use crate::service::api::Kind;

pub use crate::service::error::Cut;

impl Cut {
    /// What `request` leaves behind if its answer never comes. The parts of
    /// an import (its files' bytes) are held in the server's memory only.
    pub fn of(request: &Request) -> Cut {
        match request {
            Request::Call(call) if call.kind() == Kind::Write => Cut::Write,
            Request::Import => Cut::Import,
            _ => Cut::Read,
        }
    }
}
