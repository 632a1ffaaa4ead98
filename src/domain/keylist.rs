//! Which matters look like key cases (积案 candidates), and who is on the
//! 上访老户 / key-person list (docs/rules.md#key-cases). Pure functions over
//! records the store gives.

use super::case::CaseSource;
use super::model::{code_enum, Channel, LedgerNo, Matter, PetitionerId};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, Duration, Month, UtcOffset};

/// Contacts on one matter from which it is a candidate (重复信访 ≥ 5).
pub const MANY_CONTACTS: usize = 5;
/// How far back a repeat or skip-level visit makes a matter a candidate.
pub const RECENT_DAYS: i64 = 90;
/// Months without a contact after which a person leaves the list.
pub const DEFAULT_LIST_MONTHS: u16 = 12;

code_enum!(
    /// Why a matter is suggested as a key case.
    CandidateReason {
        ManyContacts = "many_contacts" / "信访五次以上" / "five or more contacts",
        LongStanding = "long_standing" / "上访老户未结事项" / "open matter of a long-standing petitioner",
        RecentRepeat = "recent_repeat" / "近90天重复访" / "repeat visit in the last 90 days",
        RecentSkipLevel = "recent_skip_level" / "近90天越级访" / "skip-level visit in the last 90 days",
    }
);

code_enum!(
    /// How a person on the list stands (稳控状态).
    WatchStatus {
        Stable = "stable" / "稳定",
        Watch = "watch" / "关注",
        Risk = "risk" / "有风险" / "at risk",
    }
);

/// A matter suggested as a key case, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub matter: LedgerNo,
    pub reasons: Vec<CandidateReason>,
    pub contacts: usize,
    pub last_contact: Option<Date>,
}

impl Candidate {
    /// The source a case opened from this suggestion records.
    pub fn source(&self) -> CaseSource {
        if self.reasons.contains(&CandidateReason::LongStanding) {
            CaseSource::LongStanding
        } else if self.reasons.contains(&CandidateReason::ManyContacts) {
            CaseSource::Repeat
        } else {
            CaseSource::Screened
        }
    }
}

/// Why `m` would be a key case on `today`, or `None`: five or more contacts;
/// an open matter of a long-standing petitioner (`long_standing` says who
/// is); a repeat visit or a skip-level visit in the last 90 days (`today`
/// and the 89 days before it, local dates).
pub fn candidate(
    m: &Matter,
    long_standing: impl Fn(PetitionerId) -> bool,
    today: Date,
    tz: UtcOffset,
) -> Option<Candidate> {
    let mut reasons = Vec::new();
    if m.contacts.len() >= MANY_CONTACTS {
        reasons.push(CandidateReason::ManyContacts);
    }
    if m.state.is_open() && m.petitioners.iter().any(|p| long_standing(*p)) {
        reasons.push(CandidateReason::LongStanding);
    }
    let since = today - Duration::days(RECENT_DAYS - 1);
    let recent = |c: &&super::Contact| {
        let d = c.at.local_date(tz);
        c.channel == Channel::Visit && d >= since && d <= today
    };
    if m.contacts.iter().filter(recent).any(|c| c.repeat) {
        reasons.push(CandidateReason::RecentRepeat);
    }
    if m.contacts.iter().filter(recent).any(|c| c.skip_level) {
        reasons.push(CandidateReason::RecentSkipLevel);
    }
    let last_contact = m.contacts.iter().map(|c| c.at.local_date(tz)).max();
    (!reasons.is_empty()).then_some(Candidate {
        matter: m.ledger,
        reasons,
        contacts: m.contacts.len(),
        last_contact,
    })
}

/// What the office keeps about a person on the list: who answers for them
/// (稳控责任人), how they stand, and since when (the day flagged or last
/// changed, which keeps them on the list like a contact would).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watch {
    pub petitioner: PetitionerId,
    pub responsible: String,
    pub status: WatchStatus,
    pub since: Date,
    pub by: String,
}

/// One person on the 上访老户 / key-person list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    pub petitioner: PetitionerId,
    pub name: String,
    pub long_standing: bool,
    /// The reason given when flagged a key person (重点人员).
    pub key_person: Option<String>,
    pub responsible: Option<String>,
    pub status: Option<WatchStatus>,
    pub last_contact: Option<Date>,
}

/// `day` moved by whole months, the day of month kept where it exists
/// (31 January + 1 month is 28 or 29 February).
pub fn add_months(day: Date, months: u16) -> Date {
    let total = day.year() * 12 + i32::from(day.month() as u8 - 1) + i32::from(months);
    let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u8 + 1);
    let month = Month::try_from(month).unwrap_or(Month::December);
    let last = month.length(year);
    Date::from_calendar_date(year, month, day.day().min(last)).unwrap_or(day)
}

/// Whether a person stays on the list on `today`: their latest contact or
/// the day they were flagged (whichever is later) is less than `months`
/// months before. On the day `months` months have passed, they leave.
pub fn stays_on_list(
    last_contact: Option<Date>,
    flagged: Option<Date>,
    today: Date,
    months: u16,
) -> bool {
    match last_contact.max(flagged) {
        Some(latest) => today < add_months(latest, months),
        None => false,
    }
}

impl fmt::Display for Candidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "matter {}", self.matter)
    }
}
