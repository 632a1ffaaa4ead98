//! The JSON Lines interchange format, version 1 (docs/interchange.md): one struct per line
//! type, exactly the fields the format allows. Values stay text here; the import
//! validates them so that every problem can name its field.

use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TownLine {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VillageLine {
    pub code: String,
    pub town: String,
    pub name: String,
}

/// Units and categories share one shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeNameLine {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffLine {
    pub login: String,
    pub name: String,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub disabled: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PetitionerLine {
    #[serde(rename = "ref")]
    pub reference: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    /// Another identity document as "kind:number" (an addition to version 1, docs/interchange.md#versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_doc: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub town: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Only for petitioners without a resident ID (it is derived from the ID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// The reason the person is a key person (重点人员).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatterLine {
    #[serde(rename = "ref")]
    pub reference: String,
    /// The ledger number to keep (an addition to version 1, docs/interchange.md#versions; export writes it so a
    /// matter numbered out of registration order keeps its number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger: Option<String>,
    pub petitioners: Vec<String>,
    pub category: String,
    pub town: String,
    pub summary: String,
    pub first_receiver: String,
    pub registered_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// Login of the leader in charge (包案领导), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leader: Option<String>,
    /// `suggestion`, `report` or `appeal`, as classified at acceptance
    /// (依法分类处理); absent before it, and a matter without one is handled
    /// as `appeal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactLine {
    pub matter: String,
    pub petitioners: Vec<String>,
    pub at: String,
    pub channel: String,
    pub level: String,
    pub headcount: u32,
    #[serde(default)]
    pub abnormal: bool,
    pub receiver: String,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub town: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventLine {
    pub matter: String,
    pub at: String,
    pub action: String,
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<String>,
    /// Whom a matter is forwarded to, or the new first receiver's login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `deliver`: how the notice reached the petitioner (`in_person`, `post`,
    /// `sms`, `online`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// `deliver`: the notice delivered (`reply`, `review_decision`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// `reply`: its opinion type (`support`, `explain`, `not_supported`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<String>,
}

/// A written notice issued for a matter (docs/interchange.md#notice).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeLine {
    pub matter: String,
    pub kind: String,
    /// The numbering year and the number within the kind and year.
    pub year: u16,
    pub number: u32,
    pub doc_no: String,
    pub issued_at: String,
    pub by: String,
    /// The title line, then the body, as issued; where a whole ID number was
    /// printed, the mark U+E000 `id_number_whole` U+E001.
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_by: Option<String>,
}

impl NoticeLine {
    /// The line of a stored notice of the matter `matter` (a ref or ledger number).
    pub fn from_notice(
        matter: &str,
        n: crate::domain::notice::Notice,
        tz: time::UtcOffset,
    ) -> NoticeLine {
        let d = n.delivery.as_ref();
        NoticeLine {
            matter: matter.to_string(),
            kind: n.kind.code().into(),
            year: n.year,
            number: n.seq,
            doc_no: n.doc_no,
            issued_at: n.issued_at.rfc3339(tz),
            by: n.by,
            text: n.text,
            delivered_method: d.map(|d| d.method.code().into()),
            delivered_at: d.map(|d| d.at.rfc3339(tz)),
            delivered_by: d.map(|d| d.by.clone()),
        }
    }
}

/// A key case (积案) on a matter, with the four 定.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseLine {
    pub matter: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_no: Option<String>,
    pub leader: String,
    pub measures: String,
    pub due: String,
    pub unit: String,
    pub owner: String,
    pub opened: String,
}

/// One entry of a case's log (包调查 / 包处理 / 包稳定).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseLogLine {
    pub matter: String,
    pub at: String,
    pub kind: String,
    pub by: String,
    pub note: String,
}

/// A change of a case's status; `cleared` (销号) carries its reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseStatusLine {
    pub matter: String,
    pub at: String,
    pub status: String,
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A supervision letter (督查督办) and the unit's reply.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupervisionLine {
    pub matter: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    pub unit: String,
    pub issued: String,
    pub reply_due: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replied: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_note: Option<String>,
    pub by: String,
}

/// A leader's reception session on the rota (领导接访日).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceptionDayLine {
    pub date: String,
    pub leader: String,
    pub place: String,
    #[serde(default)]
    pub units: Vec<String>,
}

/// One line of an interchange file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Line {
    Town(TownLine),
    Village(VillageLine),
    Unit(CodeNameLine),
    Category(CodeNameLine),
    Staff(StaffLine),
    Petitioner(PetitionerLine),
    Matter(MatterLine),
    Contact(ContactLine),
    Event(EventLine),
    Notice(NoticeLine),
    Case(CaseLine),
    CaseLog(CaseLogLine),
    CaseStatus(CaseStatusLine),
    Supervision(SupervisionLine),
    ReceptionDay(ReceptionDayLine),
}

impl EventLine {
    /// The line for a stored event of the matter `matter` (a ref or ledger number).
    pub fn from_event(matter: &str, e: crate::domain::Event, tz: time::UtcOffset) -> EventLine {
        EventLine {
            matter: matter.to_string(),
            at: e.at.rfc3339(tz),
            action: e.action.code().into(),
            by: e.by,
            reason: e.reason,
            note: e.note,
            unit: e.unit,
            handler: e.handler,
            days: e.days,
            satisfaction: e.satisfaction.map(|s| s.code().into()),
            to: e.to,
            method: e.delivery.as_ref().map(|d| d.method.code().into()),
            notice: e.delivery.map(|d| d.notice),
            opinion: e.opinion.map(|o| o.code().into()),
        }
    }
}

impl Line {
    /// The JSON text of this line, without a newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("interchange lines always serialise")
    }
}
