//! The state of the desk screens and how actions change it. Drawing reads
//! this and nothing else; the clock is injected, so a render is repeatable.

use super::action::Action;
use super::form::RegisterForm;
use super::input::TextInput;
pub use super::lists::List;
use super::lists::{open_list, step_filter};
use super::popup::Popup;
use crate::domain::permit::{may, Duty};
use crate::domain::{Contact, Matter, PetitionerId};
use crate::i18n::Lang;
use crate::service::lookup::Found;
use crate::service::queues::{Filter, Queue};
use crate::service::views::{Card, HomeCounts, Revealed};
use crate::service::{deed, DeskApi, Result, ServiceError};
use std::collections::HashMap;
use time::Date;

/// Most petitioners a lookup lists.
pub const LOOKUP_LIMIT: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Home,
    Lookup,
    Card,
    Matter,
    /// One of the desk's work lists.
    List,
    /// The registration form (F2).
    Register,
    /// Town scorecards (F5).
    Scorecard,
    /// Statistics (F6).
    Stats,
    /// The contacts behind one count of a scorecard.
    Drill,
    /// Villages with no contact in the period (零访村).
    ZeroVisit,
    /// The audit trail (F7).
    Audit,
    /// Staff management (F8).
    Staff,
    Help,
}

impl Screen {
    /// The keymap section of this screen.
    pub fn section(self) -> &'static str {
        match self {
            Screen::Home => "home",
            Screen::Lookup => "lookup",
            Screen::Card => "card",
            Screen::Matter => "matter",
            Screen::List => "list",
            Screen::Register => "register",
            Screen::Scorecard => "scorecard",
            Screen::Stats => "stats",
            Screen::Drill => "drill",
            Screen::ZeroVisit => "villages",
            Screen::Audit => "audit",
            Screen::Staff => "staff",
            Screen::Help => "help",
        }
    }
}

/// What the event loop hands to `update`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Action(Action),
    /// Typed or pasted text for the focused input.
    Text(String),
    Backspace,
    Delete,
    Left,
    Right,
    /// A report job's progress (its number, percent done).
    Progress(u64, u8),
    /// A report job's answer, or why it failed (in the desk's language).
    Done(u64, std::result::Result<super::report::JobOutput, String>),
    /// Another desk changed records: what is on screen is read again.
    Changed(crate::service::api::Changed),
}

pub struct Model {
    pub lang: Lang,
    pub today: Date,
    pub user: String,
    pub towns: HashMap<String, String>,
    pub stack: Vec<Screen>,
    pub home: HomeCounts,
    pub home_selected: usize,
    /// The open work list and its rows: matters, or today's contacts.
    pub list: List,
    pub list_matters: Vec<(Matter, Option<Date>)>,
    pub list_contacts: Vec<Contact>,
    pub list_selected: usize,
    /// The filter of the list of all open matters.
    pub filter: Filter,
    pub query: TextInput,
    pub results: Vec<Found>,
    pub selected: usize,
    pub card: Option<Card>,
    pub card_selected: usize,
    /// The card's person's numbers in full, shown until the card is left and
    /// kept nowhere else.
    pub revealed: Option<(PetitionerId, Revealed)>,
    pub matter: Option<Matter>,
    pub matter_scroll: usize,
    pub matter_due: Option<Date>,
    /// What this person may do to the matter now (state and role).
    pub matter_actions: Vec<crate::domain::Action>,
    /// The registration form, kept while staff look something up.
    pub form: Option<RegisterForm>,
    pub popup: Option<Popup>,
    /// The report screens' period, results and work in flight.
    pub report: super::report::ReportState,
    /// The audit screen's filter and entries.
    pub audit: super::audit::AuditState,
    /// The staff screen's list.
    pub staff: super::admin::StaffState,
    /// One line of feedback, cleared by the next action.
    pub status: Option<String>,
    pub quit: bool,
}

impl Model {
    pub fn new(desk: &dyn DeskApi, lang: Lang, today: Date) -> Result<Model> {
        Ok(Model {
            lang,
            today,
            user: desk.user().name.clone(),
            towns: desk.town_names()?,
            stack: vec![Screen::Home],
            home: desk.home_counts(today)?,
            home_selected: 0,
            list: List::Today,
            list_matters: Vec::new(),
            list_contacts: Vec::new(),
            list_selected: 0,
            filter: Filter::default(),
            query: TextInput::default(),
            results: Vec::new(),
            selected: 0,
            card: None,
            card_selected: 0,
            revealed: None,
            matter: None,
            matter_scroll: 0,
            matter_due: None,
            matter_actions: Vec::new(),
            form: None,
            report: super::report::ReportState::new(today, desk.stat_start_day()?),
            audit: super::audit::AuditState::new(desk.tz()),
            staff: super::admin::StaffState::new(),
            // A registration left half-typed last time is offered first.
            popup: desk.draft()?.map(|d| Popup::DraftOffer {
                saved_at: super::form::show_time(d.saved_at, desk.tz()),
            }),
            // Said at once when this year has no holiday schedule on file.
            status: desk
                .holiday_warning(today)?
                .map(|year| lang.no_holiday_list(year)),
            quit: false,
        })
    }

    /// Whether printable keys are text for an input now.
    pub fn takes_text(&self) -> bool {
        match &self.popup {
            Some(p) => p.takes_text(),
            None => matches!(self.screen(), Screen::Lookup | Screen::Register),
        }
    }

    /// The keymap section for keys now: the screen's.
    pub fn section(&self) -> &'static str {
        self.screen().section()
    }

    /// Opens the registration form: the one in progress, else a new one,
    /// refilled from the draft when `from_draft`.
    pub fn open_form(&mut self, desk: &dyn DeskApi, from_draft: bool) -> Result<()> {
        if self.form.is_none() {
            let mut form = RegisterForm::new(desk)?;
            if from_draft {
                if let Some(d) = desk.draft()? {
                    form.restore(&d.fields, desk)?;
                    self.status = Some(self.lang.text().draft_restored.into());
                }
            }
            self.form = Some(form);
        }
        self.push(Screen::Register);
        Ok(())
    }

    /// Keeps the form as a draft if it changed since the last one: the event
    /// loop calls this when typing pauses and before it exits.
    pub fn keep_draft(&mut self, desk: &dyn DeskApi) -> Result<()> {
        if let Some(f) = self.form.as_mut().filter(|f| f.draft_dirty) {
            desk.save_draft(f.to_draft())?;
            f.draft_dirty = false;
            tracing::info!("draft kept for {}", desk.user().login);
        }
        Ok(())
    }

    /// Shows `matter` with its due date and the actions this person may take.
    pub fn show_matter(&mut self, matter: Option<Matter>, desk: &dyn DeskApi) -> Result<()> {
        (self.matter_due, self.matter_actions) = match &matter {
            Some(m) => (desk.due_of(m.clone())?, desk.actions_for(m.clone())?),
            None => (None, Vec::new()),
        };
        self.matter = matter;
        Ok(())
    }

    /// Says on the status line, in the desk's language, that this person's
    /// role may not do `what` (a `service::deed`).
    pub(super) fn refuse(&mut self, desk: &dyn DeskApi, what: &'static str) {
        let e = ServiceError::Forbidden {
            login: desk.user().login.clone(),
            role: desk.user().role,
            what,
        };
        self.status = Some(self.lang.error(&e));
    }

    /// A server that stopped, or is not back yet, is said on the status
    /// line and the desk stays open: its next step tries the server again.
    /// Any other failure ends the desk as before.
    pub fn said(&mut self, result: Result<()>) -> Result<()> {
        match result {
            Err(e @ (ServiceError::Stopped { .. } | ServiceError::Server { .. })) => {
                self.status = Some(self.lang.error(&e));
                Ok(())
            }
            other => other,
        }
    }

    pub fn screen(&self) -> Screen {
        *self.stack.last().unwrap_or(&Screen::Home)
    }

    pub(super) fn push(&mut self, s: Screen) {
        if self.screen() != s {
            self.stack.push(s);
        }
    }

    pub fn town_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.towns.get(code).map_or(code, String::as_str)
    }

    /// Rows the current list has, and the selected one.
    fn cursor(&mut self) -> Option<(usize, &mut usize)> {
        match self.screen() {
            Screen::Home => Some((List::HOME.len(), &mut self.home_selected)),
            Screen::List => Some((self.list_len(), &mut self.list_selected)),
            Screen::Lookup => Some((self.results.len(), &mut self.selected)),
            Screen::Card => Some((
                self.card.as_ref().map_or(0, |c| c.matters.len()),
                &mut self.card_selected,
            )),
            Screen::Matter => Some((
                self.matter.as_ref().map_or(0, |m| m.events.len()),
                &mut self.matter_scroll,
            )),
            _ => None,
        }
    }
}

/// Page size for PageUp / PageDown.
const PAGE: usize = 10;

/// Applies one message. Queries go to the service synchronously: a lookup
/// takes well under a millisecond, so typing never waits on a frame.
pub fn update(model: &mut Model, msg: Msg, desk: &dyn DeskApi) -> Result<()> {
    let result = apply(model, msg, desk);
    // Whole numbers are shown on their card only: leaving it forgets them.
    if model.screen() != Screen::Card {
        model.revealed = None;
    }
    model.said(result)
}

fn apply(model: &mut Model, msg: Msg, desk: &dyn DeskApi) -> Result<()> {
    // Answers from the worker arrive whatever is on screen.
    match msg {
        Msg::Progress(n, p) => {
            if let Some((m, progress)) = model.report.running.as_mut() {
                if *m == n {
                    *progress = p;
                }
            }
            return Ok(());
        }
        Msg::Done(n, out) => {
            super::report::done(model, n, out);
            return Ok(());
        }
        Msg::Changed(c) => {
            tracing::debug!("{} changed records ({})", c.by, c.what);
            return refresh_all(model, desk);
        }
        _ => {}
    }
    model.status = None;
    if model.popup.is_some() {
        return super::popup::update(model, msg, desk);
    }
    if model.screen() == Screen::Register {
        return super::register::update(model, msg, desk);
    }
    match msg {
        Msg::Text(s) => {
            model.query.insert(&s);
            return refresh_lookup(model, desk);
        }
        Msg::Backspace => {
            model.query.backspace();
            return refresh_lookup(model, desk);
        }
        Msg::Delete => {
            model.query.delete();
            return refresh_lookup(model, desk);
        }
        Msg::Left => model.query.left(),
        Msg::Right => model.query.right(),
        Msg::Action(a) => {
            let on_report = matches!(
                model.screen(),
                Screen::Scorecard | Screen::Stats | Screen::Drill | Screen::ZeroVisit
            );
            let taken = match model.screen() {
                Screen::Audit => super::audit::act(model, a, desk)?,
                Screen::Staff => super::admin::act(model, a, desk)?,
                _ => on_report && super::report::act(model, a, desk)?,
            };
            if !taken {
                act(model, a, desk)?;
            }
        }
        Msg::Progress(..) | Msg::Done(..) | Msg::Changed(..) => {}
    }
    Ok(())
}

/// Reads again what the screens show from the records, keeping each
/// screen's place: another desk registered a contact or acted on a matter.
/// The card is left as it is: reading it again would be another audited view.
fn refresh_all(model: &mut Model, desk: &dyn DeskApi) -> Result<()> {
    model.home = desk.home_counts(model.today)?;
    if model.stack.contains(&Screen::List) {
        super::lists::load_list(model, desk)?;
    }
    if !model.query.text().is_empty() {
        let selected = model.selected;
        refresh_lookup(model, desk)?;
        model.selected = selected.min(model.results.len().saturating_sub(1));
    }
    if let Some(ledger) = model.matter.as_ref().map(|m| m.ledger) {
        let scroll = model.matter_scroll;
        model.show_matter(desk.matter(ledger)?, desk)?;
        model.matter_scroll = scroll;
    }
    Ok(())
}

fn refresh_lookup(model: &mut Model, desk: &dyn DeskApi) -> Result<()> {
    // A refused query (part of a number) must not leave the last answer shown.
    model.results.clear();
    model.results = desk.lookup(model.query.text().to_string(), LOOKUP_LIMIT)?;
    model.selected = 0;
    Ok(())
}

fn act(model: &mut Model, a: Action, desk: &dyn DeskApi) -> Result<()> {
    match a {
        Action::Quit => model.quit = true,
        Action::Help => model.push(Screen::Help),
        Action::Lookup => model.push(Screen::Lookup),
        Action::Home => {
            model.stack.truncate(1);
            model.home = desk.home_counts(model.today)?;
        }
        Action::Back => {
            if model.screen() == Screen::Lookup {
                // Leaving the lookup ends the search: audited with its final query.
                desk.lookup_done()?;
            }
            if model.stack.len() > 1 {
                model.stack.pop();
            }
            if model.screen() == Screen::Home {
                model.home = desk.home_counts(model.today)?;
            }
        }
        Action::ListToday
        | Action::ListMine
        | Action::ListOverdue
        | Action::ListDueSoon
        | Action::ListReady => {
            if let Some(l) = List::HOME.iter().find(|l| l.action() == Some(a)) {
                open_list(model, *l, desk)?;
            }
        }
        Action::Matters => open_list(model, List::Queue(Queue::Mine), desk)?,
        Action::Register => {
            // A leader looks and reports: the form would only be refused on saving.
            if may(desk.user().role, Duty::Register) {
                model.open_form(desk, true)?
            } else {
                model.refuse(desk, deed::REGISTER)
            }
        }
        Action::Act => {
            if let (Screen::Matter, Some(m)) = (model.screen(), &model.matter) {
                let actions = desk.actions_for(m.clone())?;
                if actions.is_empty() {
                    model.status = Some(model.lang.text().no_actions.into());
                } else {
                    model.popup = Some(Popup::ActionMenu {
                        actions,
                        selected: 0,
                    });
                }
            }
        }
        Action::CloseReady if model.list == List::Queue(Queue::ReadyToClose) => {
            if model.screen() == Screen::List && !model.list_matters.is_empty() {
                model.popup = Some(Popup::CloseReady {
                    count: model.list_matters.len(),
                });
            }
        }
        Action::FilterTown | Action::FilterCategory | Action::FilterState
            if model.screen() == Screen::List && model.list == List::Open =>
        {
            step_filter(model, a, desk)?;
            open_list(model, List::Open, desk)?;
        }
        Action::NextList | Action::PrevList if model.screen() == Screen::List => {
            let by = if a == Action::NextList { 1 } else { -1 };
            open_list(model, model.list.step(by), desk)?;
        }
        Action::Open => match model.screen() {
            Screen::Home => open_list(model, List::HOME[model.home_selected], desk)?,
            Screen::List => {
                if let Some(l) = model.list_ledger() {
                    open_matter(model, l, desk)?;
                }
            }
            Screen::Lookup => {
                if let Some(f) = model.results.get(model.selected) {
                    model.card = desk.petitioner_card(f.id)?;
                    model.card_selected = 0;
                    model.push(Screen::Card);
                }
            }
            Screen::Card => {
                let ledger = model
                    .card
                    .as_ref()
                    .and_then(|c| c.matters.get(model.card_selected))
                    .map(|(m, _)| m.ledger);
                if let Some(l) = ledger {
                    open_matter(model, l, desk)?;
                }
            }
            _ => {}
        },
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::First
        | Action::Last => {
            if let Some((n, sel)) = model.cursor() {
                let last = n.saturating_sub(1);
                *sel = match a {
                    Action::Up => sel.saturating_sub(1),
                    Action::Down => (*sel + 1).min(last),
                    Action::PageUp => sel.saturating_sub(PAGE),
                    Action::PageDown => (*sel + PAGE).min(last),
                    Action::First => 0,
                    _ => last,
                };
            }
        }
        Action::Reveal => {
            let id = model.card.as_ref().map(|c| c.petitioner.id);
            if let (Screen::Card, Some(id)) = (model.screen(), id) {
                // The service refuses roles that may not, and audits the look.
                match desk.reveal(id) {
                    Ok(r) => model.revealed = Some((id, r)),
                    Err(e) => model.status = Some(model.lang.error(&e)),
                }
            }
        }
        Action::Scorecards => super::report::open(model, Screen::Scorecard, desk)?,
        Action::Statistics => super::report::open(model, Screen::Stats, desk)?,
        Action::Audit => super::audit::open(model, desk)?,
        Action::Staff => super::admin::open(model, desk)?,
        Action::NextField
        | Action::PrevField
        | Action::Save
        | Action::NextList
        | Action::PrevList
        | Action::Discard
        | Action::CloseReady
        | Action::FilterTown
        | Action::FilterCategory
        | Action::FilterState
        | Action::PrevPeriod
        | Action::NextPeriod
        | Action::PeriodMonth
        | Action::PeriodQuarter
        | Action::PeriodYear
        | Action::ToggleRules
        | Action::ZeroVisit
        | Action::Export
        | Action::AuditFilter
        | Action::StaffAdd
        | Action::StaffDisable
        | Action::StaffEnable
        | Action::StaffRole => {}
    }
    Ok(())
}

fn open_matter(
    model: &mut Model,
    ledger: crate::domain::LedgerNo,
    desk: &dyn DeskApi,
) -> Result<()> {
    model.show_matter(desk.matter(ledger)?, desk)?;
    model.matter_scroll = 0;
    model.push(Screen::Matter);
    Ok(())
}
