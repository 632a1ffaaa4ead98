//! A matter: its state, deadlines, people and history, and the workflow
//! actions this person may take on it now, each through a small form and a
//! confirmation. Up/Down and Enter choose a petitioner and open their card;
//! Older/Newer (PageDown/PageUp, Ctrl-d/Ctrl-u) page through the history.

pub mod action_form;
mod case;
mod case_draw;
pub mod case_form;
mod notice;
mod state;
pub use state::{Popup, State};
mod draw;

use crate::service::act::ActionInput;
use action_form::ActionForm;
use crate::domain::Matter;
use crate::service::DeskApi;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::effect::{Effect, Go, Msg, Returning};
use crate::tui::screen::{keep, moves, no_key, popup_form, shell, Def};
use crate::tui::widgets::input::{arrow, edit};
use crate::tui::widgets::table::move_cursor;

/// How many matters are kept to go back to: more than a clerk stacks.
const EARLIER: usize = 8;

pub const DEF: Def<State> = Def {
    section: "matter",
    hints: &[
        Action::Open,
        Action::Older,
        Action::Act,
        Action::Notice,
        Action::Case,
        Action::IssueLetter,
        Action::NextField,
        Action::Save,
        Action::Back,
        Action::Quit,
    ],
    title: |_, m| m.lang.text().screen_matter.into(),
    takes_text: |s| matches!(s.popup, Some(Popup::Form(_) | Popup::Case(_))),
    opened_by: no_key,
    open,
    update,
    refresh,
    hidden: keep,
    draw: draw::draw,
    offers: |s, m, a| match &s.popup {
        Some(Popup::Menu { .. } | Popup::Notices { .. } | Popup::CaseMenu { .. }) => {
            matches!(a, Action::Up | Action::Down | Action::Open | Action::Back)
        }
        Some(Popup::Offer(_)) => matches!(a, Action::Open | Action::Back),
        Some(Popup::Form(_) | Popup::Case(_)) => popup_form(a),
        None if a == Action::Case => !case::deeds(s, m).is_empty(),
        None => {
            shell(a)
                || moves(a)
                || matches!(
                    a,
                    Action::Act | Action::Notice | Action::Open | Action::Older | Action::Newer
                )
                || (a == Action::IssueLetter && s.matter.is_some())
        }
    },
};

impl State {
    /// Shows `matter` with its due date, its petitioners and the actions
    /// this person may take.
    fn show(&mut self, matter: Option<Matter>, desk: &dyn DeskApi) -> crate::service::Result<()> {
        (self.due, self.actions, self.petitioners) = match &matter {
            Some(m) => (
                desk.due_of(m.clone())?,
                desk.actions_for(m.clone())?,
                desk.matter_petitioners(m.ledger)?,
            ),
            None => (None, Vec::new(), Vec::new()),
        };
        // A role that may not see a case or notices sees the matter without them.
        self.case = match matter.as_ref().map(|m| desk.case(m.ledger)) {
            Some(Ok(c)) => c,
            Some(Err(crate::service::ServiceError::Forbidden { .. })) | None => None,
            Some(Err(e)) => return Err(e),
        };
        self.receptions = match &matter {
            Some(m) => desk.receptions_of(m.ledger)?,
            None => Vec::new(),
        };
        self.notices = match matter.as_ref().map(|m| desk.notices_of(m.ledger)) {
            Some(Ok(n)) => n,
            Some(Err(crate::service::ServiceError::Forbidden { .. })) | None => Vec::new(),
            Some(Err(e)) => return Err(e),
        };
        self.selected = self.selected.min(self.petitioners.len().saturating_sub(1));
        self.matter = matter;
        Ok(())
    }

    /// How many entries the history has: every contact and every event.
    fn history_len(&self) -> usize {
        self.matter
            .as_ref()
            .map_or(0, |m| m.contacts.len() + m.events.len())
    }
}

fn open(_: &mut State, _: &mut Ctx, go: Go) -> Effect<State> {
    let Go::Matter(ledger) = go else {
        return Effect::None;
    };
    Effect::call(move |desk, s: &mut State, m| {
        let matter = desk.matter(ledger)?;
        s.names = desk.names()?;
        if let Some(left) = s.matter.as_ref().map(|m| m.ledger) {
            let history = std::mem::take(&mut s.history);
            s.earlier.push((left, s.selected, history));
            if s.earlier.len() > EARLIER {
                s.earlier.remove(0);
            }
        }
        s.selected = 0;
        s.show(matter, desk)?;
        // A walk-in's receipt, offered as the matter just registered opens.
        if let Some((l, kind)) = m.offer_notice.take() {
            if l == ledger && desk.notice_kinds(ledger)?.contains(&kind) {
                s.popup = Some(Popup::Offer(kind));
            }
        }
        Ok(Effect::Show)
    })
}

/// Another desk changed records: the matter is read again, keeping the
/// place in its history and the chosen petitioner.
fn refresh(s: &mut State, _: &Ctx, _: bool) -> Effect<State> {
    let Some(ledger) = s.matter.as_ref().map(|m| m.ledger) else {
        return Effect::None;
    };
    Effect::call(move |desk, s: &mut State, _| {
        s.show(desk.matter(ledger)?, desk)?;
        Ok(Effect::None)
    })
}

fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    if let Some(popup) = s.popup.take() {
        return popup_key(s, m, popup, msg);
    }
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    let len = s.history_len();
    match a {
        Action::Act => {
            let Some(matter) = s.matter.clone() else {
                return Effect::None;
            };
            let none = m.lang.text().no_actions;
            Effect::call(move |desk, s: &mut State, m| {
                let actions = desk.actions_for(matter)?;
                if actions.is_empty() {
                    m.status = Some(none.into());
                } else {
                    s.popup = Some(Popup::Menu {
                        actions,
                        selected: 0,
                    });
                }
                Ok(Effect::None)
            })
        }
        Action::Notice => notice::open_menu(s, m),
        Action::Case => case::open_menu(s, m),
        // A supervision letter about this matter: the letters' screen asks the rest.
        Action::IssueLetter => s
            .matter
            .as_ref()
            .map_or(Effect::Pass, |x| Effect::Go(Go::Letter(x.ledger))),
        Action::Register => s.matter.as_ref().map_or(Effect::Pass, |x| Effect::Go(Go::RegisterFor(Returning::Matter(x.ledger)))),
        // The matter below, if this one was opened over it, is read again
        // and shown at its place.
        Action::Back => match s.earlier.pop() {
            Some((ledger, selected, history)) => {
                (s.selected, s.history) = (selected, history);
                Effect::call(move |desk, s: &mut State, _| {
                    s.show(desk.matter(ledger)?, desk)?;
                    Ok(Effect::Back)
                })
            }
            None => Effect::Back,
        },
        // The card is a view of its own, audited by the service.
        Action::Open => match s.petitioners.get(s.selected) {
            Some((id, _)) => Effect::Go(Go::Card(*id)),
            None => Effect::None,
        },
        _ if s.history.key(len, a) => Effect::None,
        _ if move_cursor(&mut s.selected, s.petitioners.len(), a) => Effect::None,
        _ => Effect::Pass,
    }
}

/// Keys with the menu or the form open; the popup sees every key first.
fn popup_key(s: &mut State, m: &mut Ctx, popup: Popup, msg: Msg) -> Effect<State> {
    if matches!(popup, Popup::Notices { .. } | Popup::Offer(_)) {
        return notice::popup_key(s, m, popup, msg);
    }
    if matches!(popup, Popup::CaseMenu { .. } | Popup::Case(_)) {
        return case::popup_key(s, m, popup, msg);
    }
    match (popup, msg) {
        (Popup::Form(f), Msg::Action(a)) => action_form(s, m, *f, a),
        (Popup::Form(mut f), text) => {
            if !edit(f.input_mut(), &text) {
                f.side(arrow(&text));
            }
            f.confirming = false;
            s.popup = Some(Popup::Form(f));
            Effect::None
        }
        (Popup::Menu { actions, selected }, Msg::Action(Action::Open)) => {
            let Some(step) = actions.get(selected).copied() else {
                return Effect::None;
            };
            Effect::call(move |desk, s: &mut State, _| {
                let mut form = ActionForm::new(step, desk.units()?);
                if step == crate::domain::Step::Deliver {
                    let open = s.notices.iter().filter(|n| n.delivery.is_none());
                    form = form.with_notices(open.map(|n| n.doc_no.clone()).collect());
                }
                s.popup = Some(Popup::Form(Box::new(form)));
                Ok(Effect::None)
            })
        }
        (Popup::Menu { actions, mut selected }, Msg::Action(a @ (Action::Up | Action::Down))) => {
            move_cursor(&mut selected, actions.len(), a);
            s.popup = Some(Popup::Menu { actions, selected });
            Effect::None
        }
        // Esc closes the menu; other keys leave it as it is.
        (_, Msg::Action(Action::Back)) => Effect::None,
        (popup, _) => {
            s.popup = Some(popup);
            Effect::None
        }
    }
}

/// Keys of the action form: fields, confirmation, and the action itself.
fn action_form(s: &mut State, m: &mut Ctx, mut f: ActionForm, a: Action) -> Effect<State> {
    match a {
        Action::Back if f.confirming => f.confirming = false,
        Action::Back => return Effect::None,
        Action::NextField | Action::Down => f.step(1),
        Action::PrevField | Action::Up => f.step(-1),
        Action::Open if !f.confirming && f.focus + 1 < f.fields.len() => f.step(1),
        // Asked to confirm, only Enter confirms.
        Action::Save if f.confirming => {}
        Action::Save | Action::Open => {
            let Some(ledger) = s.matter.as_ref().map(|m| m.ledger) else {
                return Effect::None;
            };
            return if f.confirming {
                take_action(f, ledger, m)
            } else {
                ask_to_confirm(f, ledger, m)
            };
        }
        _ => {}
    }
    s.popup = Some(Popup::Form(Box::new(f)));
    Effect::None
}

/// What the form holds, as the service takes it; a days field that is not
/// a number is refused in the desk's language.
fn service_input(f: &ActionForm, lang: crate::i18n::Lang) -> Result<ActionInput, String> {
    f.input_for_service()
        .map_err(|_| lang.text().days_not_number.to_string())
}

/// Asks the service whether the action would be taken, writing nothing;
/// only then asks the clerk to confirm. A refusal (an extension past the
/// limit, a reply with no text) is shown in the form before 确认办理？.
fn ask_to_confirm(mut f: ActionForm, ledger: crate::domain::LedgerNo, m: &Ctx) -> Effect<State> {
    let lang = m.lang;
    Effect::call(move |desk, s: &mut State, _| {
        let checked = service_input(&f, lang)
            .and_then(|input| desk.check_act(ledger, input).map_err(|e| lang.error(&e)));
        (f.confirming, f.error) = match checked {
            Ok(()) => (true, None),
            Err(e) => (false, Some(e)),
        };
        s.popup = Some(Popup::Form(Box::new(f)));
        Ok(Effect::None)
    })
}

/// Takes the confirmed action; a refusal is shown in the form and nothing
/// was changed.
fn take_action(mut f: ActionForm, ledger: crate::domain::LedgerNo, m: &Ctx) -> Effect<State> {
    let lang = m.lang;
    Effect::call(move |desk, s: &mut State, m| {
        let taken = service_input(&f, lang)
            .and_then(|input| desk.act(ledger, input).map_err(|e| lang.error(&e)));
        match taken {
            Ok(done) => {
                let t = lang.text();
                m.status = Some(format!("{}{} {}", t.done, lang.step(f.action), done.ledger));
                s.show(Some(done), desk)?;
                notice::offer_after(s, desk, f.action)?;
            }
            Err(e) => {
                f.error = Some(e);
                f.confirming = false;
                s.popup = Some(Popup::Form(Box::new(f)));
            }
        }
        Ok(Effect::None)
    })
}

