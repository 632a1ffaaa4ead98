//! What a refusal says a person may not do: the `what` of
//! `ServiceError::Forbidden`, in English here and worded for the desk by
//! `i18n` (matter actions are named by their codes instead).

pub const REGISTER: &str = "register contacts";
pub const REVEAL: &str = "reveal ID numbers and phones";
pub const PARTIAL_NUMBER_SEARCH: &str = "search by part of an ID number or phone (type the whole number, a phone's last 4 digits, or a name with the ID number's last 4 to 6 characters)";
pub const IMPORT: &str = "import records";
pub const EXPORT: &str = "export records";
pub const BACKUP: &str = "back up the database";
pub const SET_HOLIDAYS: &str = "set holidays";
pub const SET_STAT_MONTH: &str = "set the statistical month";
pub const SET_OFFICE: &str = "change the office settings";
pub const MIGRATE: &str = "migrate the database";
pub const COMPACT: &str = "compact the database";
pub const VIEW_REPORTS: &str = "view reports";
pub const READ_AUDIT: &str = "read the audit trail";
pub const MANAGE_STAFF: &str = "manage staff";
pub const CHECK: &str = "check the database";
pub const KEEP_CASES: &str = "open, assign or clear key cases";
pub const WORK_CASE: &str = "record work on this key case";
pub const SEE_CASES: &str = "see these key cases";
pub const SUPERVISE: &str = "issue supervision letters";
pub const ANSWER_SUPERVISION: &str = "answer this supervision letter";
pub const RECEPTION_ROTA: &str = "keep the reception rota";
pub const FLAG_KEY_PERSON: &str = "flag key persons";

/// Every deed above, so a test can hold each to its translations.
pub const ALL: &[&str] = &[
    REGISTER,
    REVEAL,
    PARTIAL_NUMBER_SEARCH,
    IMPORT,
    EXPORT,
    BACKUP,
    SET_HOLIDAYS,
    SET_STAT_MONTH,
    SET_OFFICE,
    MIGRATE,
    COMPACT,
    VIEW_REPORTS,
    READ_AUDIT,
    MANAGE_STAFF,
    CHECK,
    KEEP_CASES,
    WORK_CASE,
    SEE_CASES,
    SUPERVISE,
    ANSWER_SUPERVISION,
    RECEPTION_ROTA,
    FLAG_KEY_PERSON,
];
