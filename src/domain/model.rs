//! The records of a petition office (their fields: docs/interchange.md; their rules: docs/rules.md). Plain data: no I/O, no storage.

use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, OffsetDateTime, UtcOffset};

/// A moment, as Unix seconds. Records store instants only; they are shown and
/// exported in the desk's time zone, so an export never depends on how an
/// import spelled its offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Ts(pub i64);

impl Ts {
    pub fn from_datetime(dt: OffsetDateTime) -> Ts {
        Ts(dt.unix_timestamp())
    }
    pub fn to_datetime(self, tz: UtcOffset) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(self.0)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
            .to_offset(tz)
    }
    /// RFC 3339 text in the given offset, e.g. `2026-03-02T09:15:00+08:00`.
    pub fn rfc3339(self, tz: UtcOffset) -> String {
        use time::format_description::well_known::Rfc3339;
        self.to_datetime(tz)
            .format(&Rfc3339)
            .unwrap_or_else(|_| self.0.to_string())
    }

    /// The local calendar date of this moment at the desk.
    pub fn local_date(self, tz: UtcOffset) -> Date {
        self.to_datetime(tz).date()
    }
}

/// The desk's default time zone (China Standard Time).
pub const DEFAULT_TZ: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(tz) => tz,
    Err(_) => UtcOffset::UTC,
};

/// An English name given after the Chinese one, else the code itself.
macro_rules! en_or_code {
    ($en:literal; $code:literal) => {
        $en
    };
    (; $code:literal) => {
        $code
    };
}

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal / $zh:literal $(/ $en:literal)?),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The interchange (JSON Lines) name.
            pub fn code(self) -> &'static str { match self { $($name::$variant => $code),+ } }
            /// The Chinese word staff use.
            pub fn zh(self) -> &'static str { match self { $($name::$variant => $zh),+ } }
            /// The English words, where they differ from the code.
            pub fn en(self) -> &'static str { match self { $($name::$variant => $crate::domain::model::en_or_code!($($en)?; $code)),+ } }
            pub fn from_code(s: &str) -> Option<$name> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
            pub fn codes() -> String {
                [$($code),+].join(", ")
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.code()) }
        }
    };
}

// Other domain modules name their codes the same way.
pub(crate) use {code_enum, en_or_code};

code_enum!(
    /// How a contact reached the office.
    Channel { Visit = "visit" / "来访", Letter = "letter" / "来信", Call = "call" / "来电", Online = "online" / "网上信访" }
);

code_enum!(
    /// Where a contact happened, lowest first (ordering is meaningful).
    Level { Town = "town" / "乡镇", County = "county" / "县区", City = "city" / "到市", Province = "province" / "赴省", National = "national" / "进京" }
);

code_enum!(
    Role { Receptionist = "receptionist" / "接待员", Handler = "handler" / "承办人", Supervisor = "supervisor" / "科室负责人", Leader = "leader" / "领导", Admin = "admin" / "管理员" }
);

code_enum!(
    Satisfaction { Satisfied = "satisfied" / "满意", Basic = "basic" / "基本满意" / "basically satisfied", Unsatisfied = "unsatisfied" / "不满意" }
);

code_enum!(
    /// What a reply (答复意见) decides on the request: supported, explained,
    /// or not supported (docs/rules.md#the-matter-workflow).
    Opinion { Support = "support" / "支持" / "supported", Explain = "explain" / "解释说明" / "explained", NotSupported = "not_supported" / "不予支持" / "not supported" }
);

code_enum!(
    Gender { Male = "male" / "男", Female = "female" / "女" }
);

code_enum!(
    /// Where a matter stands in its statutory workflow (docs/rules.md#the-matter-workflow).
    MatterState {
        Registered = "registered" / "已登记",
        InProgress = "in_progress" / "办理中" / "in progress",
        Replied = "replied" / "已答复",
        UnderReview = "under_review" / "复查中" / "under review",
        ReviewDecided = "review_decided" / "已复查" / "review decided",
        UnderRereview = "under_rereview" / "复核中" / "under re-review",
        Final = "final" / "终结",
        Closed = "closed" / "办结",
    }
);

code_enum!(
    /// How a matter is handled by law (依法分类处理), chosen at `accept`
    /// (docs/rules.md#classification); only 申诉求决类 has review and re-review.
    MatterKind {
        Suggestion = "suggestion" / "建议意见类",
        Report = "report" / "检举控告类",
        Appeal = "appeal" / "申诉求决类",
    }
);

code_enum!(
    /// A workflow event's action (docs/rules.md#the-matter-workflow, docs/interchange.md#event).
    Step {
        Accept = "accept" / "受理",
        Reject = "reject" / "不予受理",
        Forward = "forward" / "转送",
        Redirect = "redirect" / "导入法律程序" / "redirected to legal process",
        Assign = "assign" / "交办",
        Transfer = "transfer" / "转办",
        Extend = "extend" / "延期",
        Reply = "reply" / "答复",
        ResolveOnSpot = "resolve_on_spot" / "当场办结" / "resolve on the spot",
        ReviewRequest = "review_request" / "申请复查" / "review request",
        ReviewDecision = "review_decision" / "复查决定" / "review decision",
        RereviewRequest = "rereview_request" / "申请复核" / "re-review request",
        RereviewDecision = "rereview_decision" / "复核决定" / "re-review decision",
        Close = "close" / "办结",
        Evaluate = "evaluate" / "评价",
        ReassignFirstReceiver = "reassign_first_receiver" / "变更首接人" / "change of first receiver",
        HearingStart = "hearing_start" / "听证开始" / "hearing start",
        HearingEnd = "hearing_end" / "听证结束" / "hearing end",
        Deliver = "deliver" / "送达",
    }
);

code_enum!(
    /// A written notice (文书) the office issues for a matter
    /// (docs/rules.md#written-notices).
    NoticeKind {
        Receipt = "receipt" / "登记回执" / "receipt",
        Accept = "accept" / "受理告知书" / "acceptance notice",
        Reject = "reject" / "不予受理告知书" / "refusal notice",
        Forward = "forward" / "转送告知书" / "forwarding notice",
        Redirect = "redirect" / "导入法律程序告知书" / "legal-route notice",
        Extend = "extend" / "延期告知书" / "extension notice",
        Reply = "reply" / "处理意见书" / "handling opinion",
        Review = "review" / "复查意见书" / "review opinion",
        Rereview = "rereview" / "复核意见书" / "re-review opinion",
        Reminder = "reminder" / "提醒函" / "reminder letter",
        Directive = "directive" / "督办函" / "supervision directive",
    }
);

code_enum!(
    /// How a written notice reached the petitioner (送达方式, docs/rules.md#delivery).
    DeliveryMethod { InPerson = "in_person" / "直接送达" / "in person", Post = "post" / "邮寄送达" / "by post", Sms = "sms" / "短信送达" / "SMS", Online = "online" / "网上送达" }
);

/// A `deliver` event's particulars: how, and which notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub method: DeliveryMethod,
    /// The notice delivered: the code of the action it records (`reply`,
    /// `review_decision`, `rereview_decision`…) or free text.
    pub notice: String,
}

impl MatterState {
    /// Open matters carry a due date; closed and final ones have ended.
    pub fn is_open(self) -> bool {
        !matches!(self, MatterState::Closed | MatterState::Final)
    }
    /// States in which a missed due date makes the matter overdue (docs/rules.md#deadlines).
    pub fn can_be_overdue(self) -> bool {
        matches!(
            self,
            MatterState::Registered
                | MatterState::InProgress
                | MatterState::UnderReview
                | MatterState::UnderRereview
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Town {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Village {
    pub code: String,
    pub town: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// The Unix user name.
    pub login: String,
    pub name: String,
    pub role: Role,
    pub unit: Option<String>,
    pub disabled: bool,
}

/// Internal, never-reused number of a petitioner (our own counter, not sled's).
pub type PetitionerId = u64;
/// Internal number of a contact.
pub type ContactId = u64;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Petitioner {
    pub id: PetitionerId,
    pub name: String,
    /// Normalised 18-character resident ID number.
    pub id_number: Option<String>,
    /// Another identity document, as "kind:number" text (passport, military ID…).
    pub other_doc: Option<String>,
    pub phones: Vec<String>,
    pub town: Option<String>,
    pub village: Option<String>,
    pub address: Option<String>,
    /// Given explicitly only when there is no resident ID to derive it from.
    pub gender: Option<Gender>,
    /// Reason the person is a key person (重点人员), set by a supervisor.
    pub key_person: Option<String>,
    pub notes: Option<String>,
    /// The matters this person is a party to, in ledger order.
    pub matters: Vec<LedgerNo>,
}

/// A matter's ledger number (编号): year and a gapless sequence within the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LedgerNo {
    pub year: u16,
    pub seq: u32,
}

impl LedgerNo {
    /// Parses `2026-000123`; anything else is not a ledger number.
    pub fn parse(s: &str) -> Option<LedgerNo> {
        let (y, n) = s.split_once('-')?;
        if y.len() != 4 || n.len() != 6 || !y.bytes().chain(n.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let seq: u32 = n.parse().ok()?;
        (seq > 0).then_some(LedgerNo {
            year: y.parse().ok()?,
            seq,
        })
    }
}

impl fmt::Display for LedgerNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:06}", self.year, self.seq)
    }
}

/// One dated step in a matter's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: Ts,
    pub action: Step,
    pub by: String,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub unit: Option<String>,
    pub handler: Option<String>,
    pub days: Option<u16>,
    pub satisfaction: Option<Satisfaction>,
    /// Whom a matter is forwarded to, or the new first receiver's login.
    pub to: Option<String>,
    /// How and which notice a `deliver` event delivered. Records written
    /// before delivery existed (format version 1) have none.
    #[serde(default, deserialize_with = "crate::domain::compat::since_v2")]
    pub delivery: Option<Delivery>,
    /// A `reply`'s opinion type (答复意见类型). Records written before it
    /// existed (format versions 1 and 2) have none.
    #[serde(default, deserialize_with = "crate::domain::compat::since_v3")]
    pub opinion: Option<Opinion>,
}

impl Event {
    pub fn new(at: Ts, action: Step, by: &str) -> Event {
        Event {
            at,
            action,
            by: by.to_string(),
            reason: None,
            note: None,
            unit: None,
            handler: None,
            days: None,
            satisfaction: None,
            to: None,
            delivery: None,
            opinion: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matter {
    pub ledger: LedgerNo,
    pub summary: String,
    pub category: String,
    pub petitioners: Vec<PetitionerId>,
    pub town: String,
    pub jurisdiction: Level,
    /// Who answers for the matter now (首接人); changed only by reassignment.
    pub first_receiver: String,
    /// Who registered it; never changes.
    pub registered_by: String,
    pub unit: Option<String>,
    pub handler: Option<String>,
    pub leader: Option<String>,
    pub registered_at: Ts,
    pub state: MatterState,
    /// Every event, in time order.
    pub events: Vec<Event>,
    /// Every contact about this matter, in time order. Kept inside the matter:
    /// they are always read together, and a separate key per contact would
    /// multiply the store's pages.
    pub contacts: Vec<Contact>,
    /// Set when the matter is accepted; `None` before (and for matters of
    /// records written before classification, which count as 申诉求决类).
    #[serde(default, deserialize_with = "super::compat::since_v2")]
    pub kind: Option<MatterKind>,
}

impl Matter {
    /// The kind the workflow follows: 申诉求决类 until classified otherwise.
    pub fn kind_or_appeal(&self) -> MatterKind {
        self.kind.unwrap_or(MatterKind::Appeal)
    }
}

impl Matter {
    /// A matter just registered by `receiver`: no ledger number yet, no events.
    pub fn registered(receiver: &str, at: Ts) -> Matter {
        Matter {
            ledger: LedgerNo { year: 0, seq: 0 },
            summary: String::new(),
            category: String::new(),
            petitioners: Vec::new(),
            town: String::new(),
            jurisdiction: Level::County,
            first_receiver: receiver.to_string(),
            registered_by: receiver.to_string(),
            unit: None,
            handler: None,
            leader: None,
            registered_at: at,
            state: MatterState::Registered,
            events: Vec::new(),
            contacts: Vec::new(),
            kind: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    pub at: Ts,
    pub channel: Channel,
    pub level: Level,
    pub headcount: u32,
    /// The persons recorded; for a collective visit, its representatives.
    pub petitioners: Vec<PetitionerId>,
    pub matter: LedgerNo,
    pub town: String,
    pub receiver: String,
    pub summary: String,
    pub abnormal: bool,
    pub letter_no: Option<String>,
    /// Derived when stored (docs/rules.md: Repeat contacts and long-standing petitioners, Skip-level) and recomputed when an earlier contact or
    /// event of the same matter arrives later.
    pub repeat: bool,
    pub skip_level: bool,
}

/// One line of the audit trail: who did what to which record, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: Ts,
    pub by: String,
    pub record: String,
    pub what: String,
}
