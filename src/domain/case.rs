//! Key cases (积案 / 重点信访事项) under a leader (领导包案, docs/rules.md#key-cases):
//! one per matter, with the four 定 (leader, measures, deadline, responsible
//! unit and person), a dated log of the three 包, and a status that ends in
//! 销号. Plain data and the rules over it; no I/O.

use super::model::{code_enum, LedgerNo, Ts};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, UtcOffset};

code_enum!(
    /// How a matter entered the list of key cases.
    CaseSource {
        Assigned = "assigned" / "上级交办" / "assigned from above",
        Screened = "screened" / "排查",
        Repeat = "repeat" / "重复信访" / "repeat contacts",
        LongStanding = "long_standing" / "上访老户" / "long-standing petitioner",
    }
);

code_enum!(
    /// Where a key case stands: open until resolved (化解), settled (息访) or
    /// stabilised (稳控), then cleared (销号) by a supervisor.
    CaseStatus {
        Open = "open" / "在办",
        Resolved = "resolved" / "化解",
        Settled = "settled" / "息访",
        Stabilised = "stabilised" / "稳控",
        Cleared = "cleared" / "销号",
    }
);

code_enum!(
    /// The three 包 a leader answers for: investigate, handle, stabilise.
    CaseLogKind {
        Investigate = "investigate" / "包调查",
        Handle = "handle" / "包处理",
        Stabilise = "stabilise" / "包稳定",
    }
);

/// Every change of status the rules allow, and only those: an open case is
/// resolved, settled or stabilised; a stabilised one may still be resolved or
/// settled; any of the three may reopen (the petitioner came back) or be
/// cleared. A cleared case is done.
pub const TRANSITIONS: &[(CaseStatus, CaseStatus)] = {
    use CaseStatus::*;
    &[
        (Open, Resolved),
        (Open, Settled),
        (Open, Stabilised),
        (Stabilised, Resolved),
        (Stabilised, Settled),
        (Resolved, Open),
        (Settled, Open),
        (Stabilised, Open),
        (Resolved, Cleared),
        (Settled, Cleared),
        (Stabilised, Cleared),
    ]
};

/// The longest measures, note or reason kept.
pub const MAX_CASE_TEXT: usize = 500;

/// A change of a case's status: who, when, and why (销号 needs a reason).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub at: Ts,
    pub status: CaseStatus,
    pub by: String,
    pub reason: Option<String>,
}

/// One dated entry of the leader's work on the case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLog {
    pub at: Ts,
    pub kind: CaseLogKind,
    pub by: String,
    pub note: String,
}

/// A key case: one per matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub matter: LedgerNo,
    pub source: CaseSource,
    /// The higher body that assigned the case (上级交办) and its number.
    pub assigned_by: Option<String>,
    pub assigned_no: Option<String>,
    /// 定领导: the leader in charge (a `leader` login).
    pub leader: String,
    /// 定措施.
    pub measures: String,
    /// 定时限: the local date by which it is to be resolved.
    pub due: Date,
    /// 定责任: the responsible unit and the person there (a staff login).
    pub unit: String,
    pub owner: String,
    pub opened: Date,
    pub status: CaseStatus,
    /// Every change of status, oldest first.
    pub changes: Vec<StatusChange>,
    pub log: Vec<CaseLog>,
}

/// What opening a case asks for; the four 定 may be missing, and are named.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDraft {
    pub source: Option<CaseSource>,
    pub assigned_by: Option<String>,
    pub assigned_no: Option<String>,
    pub leader: Option<String>,
    pub measures: Option<String>,
    pub due: Option<Date>,
    pub unit: Option<String>,
    pub owner: Option<String>,
}

/// Why a case change was refused; nothing was written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CaseError {
    #[error("a key case needs the four 定: {} missing", .0.join(", "))]
    Missing(Vec<String>),
    #[error("the case of matter {matter} is {status}; it cannot become {to}")]
    NotAllowed {
        matter: LedgerNo,
        status: CaseStatus,
        to: CaseStatus,
    },
    #[error("the case of matter {0} is cleared (销号); nothing more is recorded on it")]
    Cleared(LedgerNo),
    #[error("clearing a case (销号) needs a reason")]
    NoReason,
    #[error("the deadline {due} is before the case was opened ({opened})")]
    DueBeforeOpened { due: Date, opened: Date },
    #[error("matter {0} already has a key case")]
    AlreadyOpen(LedgerNo),
    #[error("matter {0} has no key case")]
    NoCase(LedgerNo),
    #[error("{0:?} is not an active leader (role leader)")]
    NotLeader(String),
    #[error("{field}: {text} is longer than {MAX_CASE_TEXT} characters")]
    TooLong { field: String, text: String },
}

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}

impl CaseDraft {
    /// The fields of the four 定 (and, for an assigned case, the assigning
    /// body and its number) that are not given, in the form's order.
    pub fn missing(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut need = |ok: bool, name: &str| {
            if !ok {
                out.push(name.to_string());
            }
        };
        need(!blank(&self.leader), "leader");
        need(!blank(&self.measures), "measures");
        need(self.due.is_some(), "due");
        need(!blank(&self.unit), "unit");
        need(!blank(&self.owner), "owner");
        if self.source == Some(CaseSource::Assigned) {
            need(!blank(&self.assigned_by), "assigned_by");
            need(!blank(&self.assigned_no), "assigned_no");
        }
        out
    }

    /// The case this draft opens on `matter` on `opened`, or why not.
    pub fn open(&self, matter: LedgerNo, opened: Date) -> Result<Case, CaseError> {
        let missing = self.missing();
        if !missing.is_empty() {
            return Err(CaseError::Missing(missing));
        }
        let text = |s: &Option<String>| s.as_deref().unwrap_or("").trim().to_string();
        let due = self.due.unwrap_or(opened);
        if due < opened {
            return Err(CaseError::DueBeforeOpened { due, opened });
        }
        let measures = text(&self.measures);
        check_len("measures", &measures)?;
        let source = self.source.unwrap_or(CaseSource::Screened);
        let assigned = |s: &Option<String>| {
            (source == CaseSource::Assigned)
                .then(|| text(s))
                .filter(|s| !s.is_empty())
        };
        Ok(Case {
            matter,
            source,
            assigned_by: assigned(&self.assigned_by),
            assigned_no: assigned(&self.assigned_no),
            leader: text(&self.leader),
            measures,
            due,
            unit: text(&self.unit),
            owner: text(&self.owner),
            opened,
            status: CaseStatus::Open,
            changes: Vec::new(),
            log: Vec::new(),
        })
    }
}

/// Refuses a text longer than the case keeps.
pub fn check_len(field: &str, text: &str) -> Result<(), CaseError> {
    if text.chars().count() > MAX_CASE_TEXT {
        return Err(CaseError::TooLong {
            field: field.to_string(),
            text: text.chars().take(20).collect::<String>() + "…",
        });
    }
    Ok(())
}

impl Case {
    /// Whether the case is open past its deadline on `today`: the deadline
    /// day itself is still in time, the day after is overdue.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status == CaseStatus::Open && today > self.due
    }

    /// Changes the status to `to` (by `by`, at `at`), or names why not.
    /// Clearing needs a reason.
    pub fn change_status(
        &mut self,
        to: CaseStatus,
        by: &str,
        at: Ts,
        reason: Option<String>,
    ) -> Result<(), CaseError> {
        if self.status == CaseStatus::Cleared {
            return Err(CaseError::Cleared(self.matter));
        }
        if !TRANSITIONS.contains(&(self.status, to)) {
            return Err(CaseError::NotAllowed {
                matter: self.matter,
                status: self.status,
                to,
            });
        }
        let reason = reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        if to == CaseStatus::Cleared && reason.is_none() {
            return Err(CaseError::NoReason);
        }
        if let Some(r) = &reason {
            check_len("reason", r)?;
        }
        self.status = to;
        self.changes.push(StatusChange {
            at,
            status: to,
            by: by.to_string(),
            reason,
        });
        Ok(())
    }

    /// Adds a log entry; a cleared case takes none.
    pub fn add_log(&mut self, entry: CaseLog) -> Result<(), CaseError> {
        if self.status == CaseStatus::Cleared {
            return Err(CaseError::Cleared(self.matter));
        }
        check_len("note", &entry.note)?;
        self.log.push(entry);
        Ok(())
    }

    /// The status the case had at the end of local day `day`; `None` when
    /// it was opened after that day.
    pub fn status_on(&self, day: Date, tz: UtcOffset) -> Option<CaseStatus> {
        if self.opened > day {
            return None;
        }
        let mut status = CaseStatus::Open;
        for c in &self.changes {
            if c.at.local_date(tz) > day {
                break;
            }
            status = c.status;
        }
        Some(status)
    }

    /// The local date the case first reached `status` (the first change to it).
    pub fn reached(&self, status: CaseStatus, tz: UtcOffset) -> Option<Date> {
        self.changes
            .iter()
            .find(|c| c.status == status)
            .map(|c| c.at.local_date(tz))
    }

    /// Whether it was open and past its deadline at the end of `day`.
    pub fn overdue_on(&self, day: Date, tz: UtcOffset) -> bool {
        self.status_on(day, tz) == Some(CaseStatus::Open) && day > self.due
    }
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "case {}", self.matter)
    }
}
