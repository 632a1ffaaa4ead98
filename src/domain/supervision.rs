//! 督查督办 and 领导接访日 (docs/rules.md#key-cases): letters to a unit about a
//! matter, with a reply deadline, and the leaders' reception rota.

use super::model::{code_enum, LedgerNo, Level};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::Date;

code_enum!(
    /// A reminder (提醒函) or a directive (督办函), which may be 挂牌 at a level.
    SupervisionKind {
        Reminder = "reminder" / "提醒函",
        Directive = "directive" / "督办函",
    }
);

/// A supervision letter to a unit about a matter (and so its case).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supervision {
    /// The office's own number, never reused.
    pub id: u64,
    pub matter: LedgerNo,
    pub kind: SupervisionKind,
    /// The level a directive is 挂牌 at; reminders have none.
    pub level: Option<Level>,
    pub unit: String,
    pub issued: Date,
    pub reply_due: Date,
    pub replied: Option<Date>,
    pub reply_note: Option<String>,
    /// The supervisor who issued it.
    pub by: String,
}

/// Why a supervision was refused; nothing was written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum SupervisionError {
    #[error("a reminder (提醒函) is not 挂牌 at a level; only a directive is")]
    LevelOnReminder,
    #[error("the reply is due {reply_due}, before the letter is issued ({issued})")]
    DueBeforeIssued { issued: Date, reply_due: Date },
    #[error("supervision {0} was already answered on {1}")]
    AlreadyReplied(u64, Date),
    #[error("the reply date {replied} is before the letter was issued ({issued})")]
    ReplyBeforeIssued { issued: Date, replied: Date },
}

impl Supervision {
    /// Whether it is unanswered past its reply deadline on `today` (the
    /// deadline day itself is in time).
    pub fn is_overdue(&self, today: Date) -> bool {
        self.replied.is_none() && today > self.reply_due
    }

    /// The rules a new letter keeps: a level only on a directive, a reply
    /// due on or after the day it is issued, a reply not before it.
    pub fn validate(&self) -> Result<(), SupervisionError> {
        if self.kind == SupervisionKind::Reminder && self.level.is_some() {
            return Err(SupervisionError::LevelOnReminder);
        }
        if self.reply_due < self.issued {
            return Err(SupervisionError::DueBeforeIssued {
                issued: self.issued,
                reply_due: self.reply_due,
            });
        }
        match self.replied {
            Some(r) if r < self.issued => Err(SupervisionError::ReplyBeforeIssued {
                issued: self.issued,
                replied: r,
            }),
            _ => Ok(()),
        }
    }

    /// Records the unit's reply on `day`; a letter is answered once.
    pub fn reply(&mut self, day: Date, note: String) -> Result<(), SupervisionError> {
        if let Some(d) = self.replied {
            return Err(SupervisionError::AlreadyReplied(self.id, d));
        }
        if day < self.issued {
            return Err(SupervisionError::ReplyBeforeIssued {
                issued: self.issued,
                replied: day,
            });
        }
        self.replied = Some(day);
        self.reply_note = Some(note).filter(|n| !n.trim().is_empty());
        Ok(())
    }
}

impl fmt::Display for Supervision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "supervision {}", self.id)
    }
}

/// One session of a leader receiving petitioners (领导接访日).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceptionDay {
    pub date: Date,
    pub leader: String,
    pub place: String,
    /// Codes of the units present.
    pub units: Vec<String>,
}
