//! The fields of the registration form, their keys in a saved draft and the
//! service's fields whose problems are shown beside each.

use crate::service::register::FormField;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Channel,
    At,
    Level,
    Headcount,
    Person,
    IdNumber,
    Phone,
    Phone2,
    Town,
    Village,
    Address,
    /// Whether a person on file's details are being corrected.
    Correct,
    Matter,
    Category,
    /// The matter's town, when not the petitioner's.
    MatterTown,
    Jurisdiction,
    Summary,
    LetterNo,
    Representatives,
    Abnormal,
}

/// The draft's key for the person chosen from the candidates.
pub(super) const CHOSEN: &str = "chosen";
/// The draft's key for the representatives marked (their numbers on file).
pub(super) const MARKED: &str = "representative_ids";

impl Field {
    pub const ALL: [Field; 20] = [
        Field::Channel,
        Field::At,
        Field::Level,
        Field::Headcount,
        Field::Person,
        Field::IdNumber,
        Field::Phone,
        Field::Phone2,
        Field::Town,
        Field::Village,
        Field::Address,
        Field::Correct,
        Field::Matter,
        Field::Category,
        Field::MatterTown,
        Field::Jurisdiction,
        Field::Summary,
        Field::LetterNo,
        Field::Representatives,
        Field::Abnormal,
    ];

    /// The field's key in a saved draft (kept across versions: a draft
    /// outlives the desk that wrote it).
    pub fn key(self) -> &'static str {
        match self {
            Field::Channel => "channel",
            Field::At => "at",
            Field::Level => "level",
            Field::Headcount => "headcount",
            Field::Person => "person",
            Field::IdNumber => "id_number",
            Field::Phone => "phone",
            Field::Phone2 => "phone2",
            Field::Town => "town",
            Field::Village => "village",
            Field::Address => "address",
            Field::Correct => "correct",
            Field::Matter => "matter",
            Field::Category => "category",
            Field::MatterTown => "matter_town",
            Field::Jurisdiction => "jurisdiction",
            Field::Summary => "summary",
            Field::LetterNo => "letter_no",
            Field::Representatives => "representatives",
            Field::Abnormal => "abnormal",
        }
    }

    /// The service's fields whose problems are shown beside this one.
    pub fn service_fields(self) -> &'static [FormField] {
        match self {
            Field::At => &[FormField::At],
            Field::Headcount => &[FormField::Headcount],
            Field::Person => &[FormField::Name, FormField::Petitioner],
            Field::IdNumber => &[FormField::IdNumber],
            Field::Phone | Field::Phone2 => &[FormField::Phones],
            Field::Town => &[FormField::Town],
            Field::Village => &[FormField::Village],
            Field::Address => &[FormField::Address],
            Field::Matter => &[FormField::Matter],
            Field::Category => &[FormField::Category],
            Field::MatterTown => &[FormField::MatterTown],
            Field::Summary => &[FormField::Summary],
            Field::LetterNo => &[FormField::LetterNo],
            Field::Representatives => &[FormField::Representatives],
            Field::Channel
            | Field::Level
            | Field::Jurisdiction
            | Field::Abnormal
            | Field::Correct => &[],
        }
    }

    pub fn is_choice(self) -> bool {
        matches!(
            self,
            Field::Channel
                | Field::Level
                | Field::Town
                | Field::Village
                | Field::Correct
                | Field::Matter
                | Field::Category
                | Field::MatterTown
                | Field::Jurisdiction
                | Field::Abnormal
        )
    }
}
