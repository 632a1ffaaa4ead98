//! The words of a petitioner's card and a matter as a clerk reads them:
//! who answers for the matter, how late it is, and where in a long history
//! the screen is. Chinese (the default) and English.

use super::Lang;

pub struct RecordWords {
    /// `{n}`: the matter's petitioners, beside the history.
    pub petitioners_of: &'static str,
    /// Who handles the matter in its unit (承办人).
    pub handler: &'static str,
    /// `{n}`: the card's matters.
    pub matters_of: &'static str,
    /// `{total}`: the card's contacts, all on screen.
    pub contacts_all: &'static str,
    /// `{total}`, `{from}`, `{to}`: the card's contacts and those on screen.
    pub contacts_of: &'static str,
    pub no_contacts: &'static str,
    /// `{total}`: a matter's contacts and events, all on screen.
    pub history_all: &'static str,
    /// `{total}`, `{from}`, `{to}`: a matter's contacts and events.
    pub history_of: &'static str,
    pub no_history: &'static str,
    /// `{n}`: days past the due date, after the date.
    pub days_late: &'static str,
}

pub const ZH: RecordWords = RecordWords {
    petitioners_of: "信访人（{n}）",
    handler: "承办人",
    matters_of: "信访事项（{n}件）",
    contacts_all: "信访记录（共{total}次）",
    contacts_of: "信访记录（共{total}次，第{from}-{to}次）",
    no_contacts: "信访记录（无）",
    history_all: "信访及办理经过（共{total}条）",
    history_of: "信访及办理经过（共{total}条，第{from}-{to}条）",
    no_history: "信访及办理经过（无）",
    days_late: "（超期{n}天）",
};

pub const EN: RecordWords = RecordWords {
    petitioners_of: "Petitioners ({n})",
    handler: "Handler",
    matters_of: "Matters ({n})",
    contacts_all: "Contacts ({total})",
    contacts_of: "Contacts ({from}-{to} of {total})",
    no_contacts: "Contacts (none)",
    history_all: "Contacts and actions ({total})",
    history_of: "Contacts and actions ({from}-{to} of {total})",
    no_history: "Contacts and actions (none)",
    days_late: " ({n} days overdue)",
};

pub fn record_words(lang: Lang) -> &'static RecordWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}
