//! What the matter screen holds.

use super::action_form::ActionForm;
use crate::domain::notice::Notice;
use crate::domain::{LedgerNo, Matter, NoticeKind, PetitionerId, Step};
use crate::service::views::Names;
use crate::tui::widgets::scroll::Scroll;
use time::Date;

#[derive(Default)]
pub struct State {
    pub matter: Option<Matter>,
    pub due: Option<Date>,
    /// What this person may do to the matter now (state and role).
    pub actions: Vec<Step>,
    /// The matter's petitioners, id and name; Enter opens the chosen one's card.
    pub petitioners: Vec<(PetitionerId, String)>,
    /// The petitioner Up/Down choose.
    pub selected: usize,
    /// The contacts and actions shown, newest first.
    pub history: Scroll,
    /// Category, unit and staff names, read when the matter opens.
    pub names: Names,
    pub popup: Option<Popup>,
    /// The matter's written notices, with their numbers and delivery.
    pub notices: Vec<Notice>,
    /// The key case on the matter (积案), for those who see it.
    pub case: Option<crate::domain::case::Case>,
    /// The reception days (领导接访日) the matter's visits fell on.
    pub receptions: Vec<crate::domain::supervision::ReceptionDay>,
    /// Matters this one was opened over (from a card opened on the one
    /// below), newest last: Esc shows the one below again at its place.
    pub(super) earlier: Vec<(LedgerNo, usize, Scroll)>,
}

pub enum Popup {
    /// The actions this person may take on the matter now.
    Menu { actions: Vec<Step>, selected: usize },
    Form(Box<ActionForm>),
    /// The notices that fit the matter now (`p`).
    Notices { kinds: Vec<NoticeKind>, selected: usize },
    /// A notice offered at once: Enter issues it, Esc skips it.
    Offer(NoticeKind),
    /// What this person may do to the matter's key case now (`c`).
    CaseMenu {
        deeds: Vec<super::case_form::CaseDeed>,
        selected: usize,
    },
    Case(Box<super::case_form::CaseForm>),
}
