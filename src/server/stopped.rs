//! What a desk is told when the server's connection drops while a request
//! waits for its answer: a write may have been saved before the server
//! stopped, so "failed" would invite doing it twice.

use super::protocol::Request;
use crate::service::api::Kind;

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
    /// What `request` leaves behind if its answer never comes. The parts of
    /// an import (its files' bytes) are held in the server's memory only.
    pub fn of(request: &Request) -> Cut {
        match request {
            Request::Call(call) if call.kind() == Kind::Write => Cut::Write,
            Request::Import => Cut::Import,
            _ => Cut::Read,
        }
    }

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
pub fn english(cut: &Cut, reconnect: &bool) -> &'static str {
    cut.words(*reconnect)
}
