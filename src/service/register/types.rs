//! What the registration form hands the service and what it gets back:
//! plain data, so the desk, the command line and the server share it.

use crate::domain::{idnum, phone, Channel, LedgerNo, Level, PetitionerId, Ts};
use std::fmt;

/// A person not yet on file, as typed at the desk.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewPetitioner {
    pub name: String,
    /// As typed; empty when the person has no resident ID (or did not give it).
    pub id_number: String,
    /// As typed, one number each.
    pub phones: Vec<String>,
    pub town: Option<String>,
    pub village: Option<String>,
    pub address: Option<String>,
}

/// Corrected details of a person on file, given with a registration: the
/// town, village and address as they should now read, and each phone slot
/// either kept (`None`, the number on file is masked at the desk) or
/// replaced. The change is audited with the contact.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    pub phones: Vec<Option<String>>,
    pub town: Option<String>,
    pub village: Option<String>,
    pub address: Option<String>,
}

/// What the form shows of a person on file before correcting them: the
/// places in full, the phones masked.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PersonDetails {
    pub phones: Vec<String>,
    pub town: Option<String>,
    pub village: Option<String>,
    pub address: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Person {
    Existing(PetitionerId),
    New(NewPetitioner),
}

/// A matter opened by this contact.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewMatter {
    pub category: String,
    pub summary: String,
    /// The matter's town (属地); defaults to the petitioner's, and may
    /// differ from it (a person of one town petitions about another's road).
    pub town: Option<String>,
    pub jurisdiction: Level,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MatterChoice {
    /// A repeat contact on a matter already on file.
    Existing(LedgerNo),
    New(NewMatter),
}

/// Everything the registration form gathers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Registration {
    /// When the contact happened; `None` is now.
    pub at: Option<Ts>,
    pub channel: Channel,
    pub level: Level,
    pub headcount: u32,
    pub person: Person,
    /// For a collective visit: the other representatives (the person above is
    /// the first), at most four more.
    pub representatives: Vec<PetitionerId>,
    pub letter_no: Option<String>,
    pub matter: MatterChoice,
    /// What this contact said; defaults to a new matter's summary.
    pub summary: String,
    pub abnormal: bool,
    /// The person on file's details corrected as they register.
    #[serde(default)]
    pub correction: Option<Correction>,
}

/// The fields of a registration a problem can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormField {
    At,
    Headcount,
    Representatives,
    LetterNo,
    Summary,
    /// The petitioner chosen from those on file.
    Petitioner,
    /// The matter chosen as a repeat.
    Matter,
    Category,
    /// The petitioner's town.
    Town,
    Village,
    /// The matter's town (属地), when it is not the petitioner's.
    MatterTown,
    Address,
    /// A new petitioner's name.
    Name,
    IdNumber,
    Phones,
}

impl FormField {
    /// The field's name in English messages and JSON.
    pub fn name(self) -> &'static str {
        match self {
            FormField::At => "at",
            FormField::Headcount => "headcount",
            FormField::Representatives => "representatives",
            FormField::LetterNo => "letter_no",
            FormField::Summary => "summary",
            FormField::Petitioner => "petitioner",
            FormField::Matter => "matter",
            FormField::Category => "category",
            FormField::Town => "town",
            FormField::Village => "village",
            FormField::MatterTown => "matter_town",
            FormField::Address => "address",
            FormField::Name => "name",
            FormField::IdNumber => "id_number",
            FormField::Phones => "phones",
        }
    }
}

impl fmt::Display for FormField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A field compared with its name, as messages and JSON carry it.
impl PartialEq<&str> for FormField {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

/// A problem with one field of the form; nothing is saved while any remain.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    pub field: FormField,
    pub problem: Problem,
}

impl FieldError {
    /// The problem in English (the command line, logs, the server).
    pub fn message(&self) -> String {
        self.problem.to_string()
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

/// What is wrong with a field, as data: the desk words it in its language.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Problem {
    /// Needed here and empty ("a name", "a summary"…).
    Required(
        #[serde(deserialize_with = "crate::domain::interned::static_str")]
        crate::domain::interned::StaticStr,
    ),
    TooLong {
        max: usize,
    },
    /// A record named that is not on file ("petitioner 5", "town \"999\"").
    NotOnFile(String),
    InFuture,
    BeforeRegistration(LedgerNo),
    Headcount {
        max: u32,
    },
    NotCollective {
        min: u32,
    },
    TooManyRepresentatives {
        max: usize,
    },
    IdNumber(idnum::IdError),
    AlreadyOnFile {
        name: String,
    },
    Phone {
        typed: String,
        error: phone::PhoneError,
    },
    VillageOutsideTown {
        village: String,
        town: String,
    },
    /// The form's time is not of the form YYYY-MM-DD HH:MM.
    TimeFormat,
    /// A representative named but not picked from the candidates.
    NotPicked(String),
    /// A representative named whom no one on file matches.
    NoOneFound(String),
    /// A correction given for a person not on file.
    NotCorrectable,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Required(what) => write!(f, "{what} is needed"),
            Problem::TooLong { max } => write!(f, "longer than {max} characters"),
            Problem::NotOnFile(what) => write!(f, "{what} is not on file"),
            Problem::InFuture => f.write_str("lies in the future"),
            Problem::BeforeRegistration(l) => write!(f, "is before matter {l} was registered"),
            Problem::Headcount { max } => write!(f, "must be 1 to {max}"),
            Problem::NotCollective { min } => write!(
                f,
                "only a collective visit (≥ {min} persons) records representatives"
            ),
            Problem::TooManyRepresentatives { max } => write!(f, "at most {max} representatives"),
            Problem::IdNumber(e) => write!(f, "{e}"),
            Problem::AlreadyOnFile { name } => {
                write!(f, "already on file as {name}: pick them instead")
            }
            Problem::Phone { typed, error } => write!(f, "{typed:?}: {error}"),
            Problem::VillageOutsideTown { village, town } => {
                write!(f, "{village:?} is not in town {town}")
            }
            Problem::TimeFormat => f.write_str("expected YYYY-MM-DD HH:MM"),
            Problem::NotPicked(typed) => write!(
                f,
                "{typed:?} is not picked: mark a person on file with ↑/↓ and space"
            ),
            Problem::NoOneFound(typed) => write!(
                f,
                "no one on file matches {typed:?}: a representative is registered first"
            ),
            Problem::NotCorrectable => f.write_str("only a person on file is corrected"),
        }
    }
}

/// Which review stage sets the allowed level of a visit (docs/rules.md, Skip-level).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Stage {
    BeforeReply,
    AfterReply,
    AfterReview,
}

/// Something staff should know while registering; never blocks saving.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Warning {
    /// 上访老户: contacts in ≥ 3 years or ≥ 10 contacts, this one included.
    LongStanding {
        contacts: usize,
        years: usize,
    },
    KeyPerson {
        reason: String,
    },
    SkipLevel {
        level: Level,
        allowed: Level,
        stage: Stage,
    },
    CollectiveWithoutRepresentatives {
        headcount: u32,
    },
    /// The petitioner already has this open matter in the same category.
    PossibleDuplicate {
        ledger: LedgerNo,
        summary: String,
    },
    /// A phone that is not a mobile number; kept as typed.
    OddPhone(String),
    /// A contact on a matter that has ended in its final decision (终结):
    /// recorded on it, no new clock; the same facts and reasons are not
    /// accepted again (不再受理).
    FinalMatter {
        ledger: LedgerNo,
    },
}

/// What the form would save: its errors and warnings, without writing.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Preview {
    pub errors: Vec<FieldError>,
    pub warnings: Vec<Warning>,
}

/// A saved registration: shown only after the store has flushed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Registered {
    pub ledger: LedgerNo,
    pub contact: u64,
    pub petitioner: PetitionerId,
    pub new_matter: bool,
    pub warnings: Vec<Warning>,
}
