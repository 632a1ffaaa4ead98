//! What every screen may read and a few things any may change: the desk's
//! language, day and user, the town names, the status line, and the report
//! screens' shared period and work. Screens get this, never each other.

use super::action::Action;
use super::report::ReportState;
use super::theme::Theme;
use crate::domain::Role;
use crate::i18n::Lang;
use crate::service::ServiceError;
use std::collections::HashMap;
use time::{Date, UtcOffset};

pub struct Ctx {
    pub lang: Lang,
    pub today: Date,
    /// The desk's time zone: times read as the office's clock shows them.
    pub tz: UtcOffset,
    /// The name of the person at the desk, for the title bar.
    pub user: String,
    pub login: String,
    pub role: Role,
    pub towns: HashMap<String, String>,
    /// One line of feedback, cleared by the next key.
    pub status: Option<String>,
    /// The report screens' period, results and work in flight.
    pub report: ReportState,
    /// A notice to offer when the matter opens: a walk-in's receipt, just
    /// after the registration is saved.
    pub offer_notice: Option<(crate::domain::LedgerNo, crate::domain::NoticeKind)>,
}

impl Ctx {
    pub fn town_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.towns.get(code).map_or(code, String::as_str)
    }

    /// Says on the status line, in the desk's language, that this person's
    /// role may not do `what` (a `service::deed`).
    pub fn refuse(&mut self, what: &'static str) {
        let e = ServiceError::Forbidden {
            login: self.login.clone(),
            role: self.role,
            what,
        };
        self.status = Some(self.lang.error(&e));
    }

    /// Says `e` on the status line in the desk's language.
    pub fn say_error(&mut self, e: &ServiceError) {
        self.status = Some(self.lang.error(e));
    }
}

/// What a screen's `draw` reads besides its own state.
pub struct View<'a> {
    pub ctx: &'a Ctx,
    pub theme: &'a Theme,
    /// The keys bound to an action in a keymap section, shortest first.
    pub keys: &'a dyn Fn(&str, Action) -> Vec<String>,
    /// The section of the screen below the top one (what help describes).
    pub below: &'static str,
    /// Whether an action does something on the screen below now, for
    /// this person (`States::offers`).
    pub below_offers: &'a dyn Fn(Action) -> bool,
    /// Whether the screen below takes text now: its line-editing keys.
    pub below_takes_text: bool,
}

impl View<'_> {
    /// The shortest key bound to `action` in `section`, or nothing.
    pub fn key(&self, section: &str, action: Action) -> String {
        (self.keys)(section, action)
            .into_iter()
            .next()
            .unwrap_or_default()
    }
}
