//! Written notices (文书, docs/rules.md#written-notices): which kind fits a
//! matter's state, what a notice's fields are filled with, its document
//! number, and the record kept of it. Plain rules; the templates are in
//! `template`, the office's settings for them in `settings`.

pub mod settings;
pub mod template;

use super::model::{DeliveryMethod, Event, LedgerNo, Matter, MatterState, NoticeKind, Step, Ts};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use time::Date;

/// Where a whole ID number goes in a notice's stored text: the number itself
/// is never stored, it is filled in when the notice is output (so a reprint
/// is the same document, and the store holds no whole number).
pub const WHOLE_ID_MARK: &str = "\u{E000}id_number_whole\u{E001}";

/// One notice issued for a matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub ledger: LedgerNo,
    pub kind: NoticeKind,
    /// The numbering year and the number within the kind and year.
    pub year: u16,
    pub seq: u32,
    /// The document number as issued (`清信受〔2026〕12号`).
    pub doc_no: String,
    pub issued_at: Ts,
    /// The staff login that issued it.
    pub by: String,
    /// The title line, then the body, as issued; a whole ID number as
    /// `WHOLE_ID_MARK`.
    pub text: String,
    pub delivery: Option<NoticeDelivery>,
}

/// How and when a notice reached the petitioner, and who recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeDelivery {
    pub method: DeliveryMethod,
    pub at: Ts,
    pub by: String,
}

/// Why a notice may not be issued for a matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeError {
    /// The matter has not taken the step the notice tells of.
    Unfit {
        kind: NoticeKind,
        state: MatterState,
        needs: String,
    },
    /// The reply has no opinion type, or no text.
    ReplyIncomplete { field: String },
}

impl fmt::Display for NoticeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoticeError::Unfit { kind, state, needs } => write!(
                f,
                "a {} ({}) is issued {needs}; the matter is {} ({})",
                kind.zh(),
                kind.code(),
                state.zh(),
                state.code()
            ),
            NoticeError::ReplyIncomplete { field } => write!(
                f,
                "a 处理意见书 (reply) needs the reply's {field}; the recorded reply has none"
            ),
        }
    }
}

impl std::error::Error for NoticeError {}

/// The step a kind tells of, when it tells of one.
fn step_of(kind: NoticeKind) -> Option<&'static [Step]> {
    use NoticeKind as K;
    Some(match kind {
        K::Accept => &[Step::Accept],
        K::Reject => &[Step::Reject],
        K::Forward => &[Step::Forward],
        K::Redirect => &[Step::Redirect],
        K::Extend => &[Step::Extend],
        K::Reply => &[Step::Reply, Step::ResolveOnSpot],
        K::Review => &[Step::ReviewDecision],
        K::Rereview => &[Step::RereviewDecision],
        K::Receipt | K::Reminder | K::Directive => return None,
    })
}

/// The notice that tells the petitioner of `step`, if one does: what the
/// desk offers once the step is taken.
pub fn for_step(step: Step) -> Option<NoticeKind> {
    NoticeKind::ALL
        .iter()
        .copied()
        .find(|k| step_of(*k).is_some_and(|steps| steps.contains(&step)))
}

/// What a `deliver` event names as the notice it delivered: the code of the
/// step the notice tells of (`reply`, `review_decision`…), so that the
/// delivery of a reply starts the review window; the kind's own code for a
/// receipt or a supervision letter.
pub fn delivered_code(kind: NoticeKind) -> &'static str {
    step_of(kind).map_or(kind.code(), |s| s[0].code())
}

/// Whether `kind` may be issued for `matter` now, and the event it tells of
/// (the last of its step): a receipt any time; a supervision letter while
/// the matter is open; the others once their step is on record (a reply
/// with its opinion type and text).
pub fn fits(matter: &Matter, kind: NoticeKind) -> Result<Option<&Event>, NoticeError> {
    let unfit = |needs: String| NoticeError::Unfit {
        kind,
        state: matter.state,
        needs,
    };
    let Some(steps) = step_of(kind) else {
        if matches!(kind, NoticeKind::Reminder | NoticeKind::Directive) && !matter.state.is_open() {
            return Err(unfit("for an open matter".into()));
        }
        return Ok(None);
    };
    let event = matter
        .events
        .iter()
        .rev()
        .find(|e| steps.contains(&e.action))
        .ok_or_else(|| unfit(format!("after {} ({})", steps[0].zh(), steps[0].code())))?;
    if kind == NoticeKind::Reply {
        if event.opinion.is_none() {
            return Err(NoticeError::ReplyIncomplete {
                field: "opinion type (支持/解释说明/不予支持)".into(),
            });
        }
        if event.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            return Err(NoticeError::ReplyIncomplete {
                field: "text".into(),
            });
        }
    }
    Ok(Some(event))
}

/// The kinds that fit `matter` now, in their usual order.
pub fn fitting(matter: &Matter) -> Vec<NoticeKind> {
    NoticeKind::ALL
        .iter()
        .copied()
        .filter(|k| fits(matter, *k).is_ok())
        .collect()
}

/// What the service looked up for a notice's fields: names in place of
/// codes and logins, the due date by the office's calendar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub office: String,
    pub petitioners: Vec<String>,
    /// The first petitioner's ID number, masked.
    pub id_number_masked: Option<String>,
    pub category: String,
    pub unit: Option<String>,
    pub receiver: String,
    pub due: Option<Date>,
    /// `to` of a forward or redirect: a unit's name where it names one.
    pub to: Option<String>,
}

/// `2026年3月2日`: how the documents write a date.
pub fn date_zh(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), u8::from(d.month()), d.day())
}

/// The value of every field of a notice about `matter`, issued on `date`
/// with `doc_no`; `event` is the step it tells of (see `fits`).
pub fn values(
    matter: &Matter,
    event: Option<&Event>,
    facts: &Facts,
    doc_no: &str,
    date: Date,
    registered: Date,
) -> BTreeMap<&'static str, String> {
    let mut v: BTreeMap<&'static str, String> = BTreeMap::new();
    v.insert("office", facts.office.clone());
    v.insert("doc_no", doc_no.to_string());
    v.insert("date", date_zh(date));
    v.insert("ledger", matter.ledger.to_string());
    v.insert("petitioner", facts.petitioners.join("、"));
    v.insert("summary", matter.summary.clone());
    v.insert("registered", date_zh(registered));
    v.insert("category", facts.category.clone());
    v.insert("receiver", facts.receiver.clone());
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    v.insert("id_number", opt(&facts.id_number_masked));
    v.insert("unit", opt(&facts.unit));
    v.insert("due", facts.due.map(date_zh).unwrap_or_default());
    v.insert("kind", matter.kind_or_appeal().zh().to_string());
    if let Some(e) = event {
        v.insert("reason", opt(&e.reason));
        v.insert(
            "to",
            facts
                .to
                .clone()
                .or_else(|| e.to.clone())
                .unwrap_or_default(),
        );
        v.insert("days", e.days.map(|d| d.to_string()).unwrap_or_default());
        v.insert("reply", opt(&e.note));
        v.insert(
            "opinion",
            e.opinion.map(|o| o.zh().to_string()).unwrap_or_default(),
        );
    }
    v
}

/// A notice ready to output: the office's header, the title and body lines
/// with the whole ID number filled in or masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Printable {
    pub notice: Notice,
    /// The office's name, the header line of the document.
    pub office: String,
    pub title: String,
    pub body: Vec<String>,
}

impl Printable {
    /// `notice` with `WHOLE_ID_MARK` replaced by `id_number` (whole or
    /// masked, as the person's role allows).
    pub fn of(notice: Notice, office: &str, id_number: &str) -> Printable {
        let id_number = if id_number.is_empty() {
            "—"
        } else {
            id_number
        };
        let text = notice.text.replace(WHOLE_ID_MARK, id_number);
        let mut lines = text.lines();
        let title = lines.next().unwrap_or_default().to_string();
        let body = lines.map(str::to_string).collect();
        Printable {
            notice,
            office: office.to_string(),
            title,
            body,
        }
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
