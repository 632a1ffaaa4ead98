//! What can go wrong in a use-case, in the service's words: the desk, the
//! command line and the server all speak this vocabulary (the server carries
//! it over the wire, see `server::protocol::WireError`).

use super::import::{self, already};
use super::register::FieldError;
use super::staff::StaffError;
use crate::domain::workflow::WorkflowError;
use crate::domain::{LedgerNo, Role};
use crate::store::StoreError;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// `admins`: the active admins, whom to ask.
    #[error("Unix user {login:?} is not on the staff list of this database; {} to add you (xfdesk staff add)", ask_admin(.admins))]
    UnknownUser { login: String, admins: Vec<String> },
    #[error("staff login {login:?} is disabled; {} to re-enable it (xfdesk staff enable)", ask_admin(.admins))]
    Disabled { login: String, admins: Vec<String> },
    #[error(transparent)]
    Staff(#[from] StaffError),
    #[error("{role} {login:?} may not {what}")]
    Forbidden {
        login: String,
        role: Role,
        what: &'static str,
    },
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", import::format_problems(.0))]
    Import(Vec<import::Problem>),
    /// An import refused only because its lines are in the database already.
    #[error("{}", already::describe(.0))]
    AlreadyThere(Vec<already::Overlap>),
    #[error("{0}")]
    Invalid(String),
    /// A form with problems, each beside its field; nothing was saved.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Form(Vec<FieldError>),
    /// A matter action the workflow does not allow now.
    #[error("matter {ledger}: {error}")]
    Workflow {
        ledger: LedgerNo,
        error: WorkflowError,
    },
    #[error("{0} is not on file")]
    NotFound(String),
    /// The server's socket: not answering, another server on it, a
    /// connection broken off, an answer that breaks the protocol.
    #[error("xfdesk serve at {}: {detail}", .socket.display())]
    Server { socket: PathBuf, detail: String },
    /// The server's connection dropped while a request waited for its
    /// answer; what that request may have done is `cut`'s to say.
    #[error("xfdesk serve at {}: {}", .socket.display(), english(.cut, .reconnect))]
    Stopped {
        socket: PathBuf,
        cut: Cut,
        /// The desk connects again at its next call.
        reconnect: bool,
    },
    /// A request the server refused or failed, in its words.
    #[error("{message}")]
    Remote { kind: ErrorKind, message: String },
}

impl From<crate::secure_file::Error> for ServiceError {
    fn from(e: crate::secure_file::Error) -> ServiceError {
        ServiceError::Io {
            path: e.path,
            source: e.source,
        }
    }
}

/// "ask an admin (root, lijun)": whom a refused person turns to.
fn ask_admin(admins: &[String]) -> String {
    if admins.is_empty() {
        "ask an admin".into()
    } else {
        format!("ask an admin ({})", admins.join(", "))
    }
}

/// What kind of failure a request the server failed (`ServiceError::Remote`)
/// is. Its variants travel by position on the wire: never reorder them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// The store failed; the database may need an admin.
    Store,
    /// The request broke the protocol (too large, undecodable).
    Protocol,
}

/// What a desk is told when the server's connection drops while a request
/// waits for its answer: a write may have been saved before the server
/// stopped, so "failed" would invite doing it twice. (Which requests are
/// which is the server's to say: `Cut::of` in `server::stopped`.)
///
/// What was waiting for its answer when the connection dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// A read, or a request that never reached the server: nothing changed.
    Read,
    /// A change (registration, action, staff, settings): it may be saved.
    Write,
    /// An import: its journal may have been completed and finished since.
    Import,
}

impl Cut {
    /// In English; `reconnect` when the desk connects again at its next call.
    pub fn words(self, reconnect: bool) -> &'static str {
        match (self, reconnect) {
            (Cut::Read, false) => {
                "the server closed the connection (it stopped, or refused the request)"
            }
            (Cut::Read, true) => "the server stopped; reconnecting at the next step (try again)",
            (Cut::Write, false) => {
                "the server stopped before answering: this change may have been saved; look for it before making it again"
            }
            (Cut::Write, true) => {
                "the server stopped; this change may or may not have been saved: look for it before making it again (reconnecting at the next step)"
            }
            (Cut::Import, _) => {
                "the server stopped before answering: the import may have been saved; run `xfdesk check` (it says whether an import cut short was finished) or look for its records before importing again"
            }
        }
    }

    /// In Chinese, for the desk screens.
    pub fn zh(self, reconnect: bool) -> &'static str {
        match (self, reconnect) {
            (Cut::Read, false) => "服务器断开了连接（已停止，或拒绝了请求）",
            (Cut::Read, true) => "服务器已停止，下一步操作时将重新连接（请重试）",
            (Cut::Write, false) => "服务器未答复就停止了：此项更改可能已保存，重做之前请先查找",
            (Cut::Write, true) => {
                "服务器已停止：此项更改可能已保存，也可能没有，重做之前请先查找（下一步操作时将重新连接）"
            }
            (Cut::Import, _) => {
                "服务器未答复就停止了：导入可能已保存；重新导入之前请运行 xfdesk check（它会说明中断的导入是否已完成）或查找其中的记录"
            }
        }
    }
}

/// `Cut::words` for `ServiceError`'s message, which has its fields by reference.
fn english(cut: &Cut, reconnect: &bool) -> &'static str {
    cut.words(*reconnect)
}
