//! Working a key case from its matter (`c`): the menu of what this person
//! may do to it now, each through a small form. Enter or Ctrl-S saves; a
//! missing field is named on the form and nothing is sent; a refusal from
//! the service is said on the status line and the form stays. Once saved,
//! the matter's head shows the change.

use super::case_form::{case_deeds, CaseDeed, CaseForm, Proposed};
use super::state::{Popup, State};
use crate::domain::case::CaseStatus;
use crate::domain::{Channel, LedgerNo};
use crate::i18n::case_desk::case_desk_words;
use crate::service::DeskApi;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::effect::{Effect, Msg};
use crate::tui::widgets::input::{arrow, edit};
use crate::tui::widgets::table::move_cursor;

/// What this person may do to the shown matter's case now.
pub fn deeds(s: &State, m: &Ctx) -> Vec<CaseDeed> {
    if s.matter.is_none() {
        return Vec::new();
    }
    case_deeds(s.case.as_ref(), &m.login, m.role)
}

/// `c`: the case's menu, or its one form straight away.
pub fn open_menu(s: &mut State, m: &mut Ctx) -> Effect<State> {
    let deeds = deeds(s, m);
    match deeds.as_slice() {
        [] => {
            m.status = Some(case_desk_words(m.lang).nothing_to_do.into());
            Effect::None
        }
        [one] => open_form(*one),
        _ => {
            s.popup = Some(Popup::CaseMenu { deeds, selected: 0 });
            Effect::None
        }
    }
}

/// Keys with the case's menu or one of its forms open.
pub fn popup_key(s: &mut State, m: &mut Ctx, popup: Popup, msg: Msg) -> Effect<State> {
    match (popup, msg) {
        (Popup::CaseMenu { deeds, selected }, Msg::Action(Action::Open)) => {
            deeds.get(selected).map_or(Effect::None, |d| open_form(*d))
        }
        (Popup::CaseMenu { deeds, mut selected }, Msg::Action(a @ (Action::Up | Action::Down))) => {
            move_cursor(&mut selected, deeds.len(), a);
            s.popup = Some(Popup::CaseMenu { deeds, selected });
            Effect::None
        }
        (Popup::Case(f), Msg::Action(a)) => form_key(s, m, *f, a),
        (Popup::Case(mut f), text) => {
            if !edit(f.input_mut(), &text) {
                f.side(arrow(&text));
            }
            s.popup = Some(Popup::Case(f));
            Effect::None
        }
        (_, Msg::Action(Action::Back)) => Effect::None,
        (popup, _) => {
            s.popup = Some(popup);
            Effect::None
        }
    }
}

fn form_key(s: &mut State, m: &mut Ctx, mut f: CaseForm, a: Action) -> Effect<State> {
    match a {
        Action::Back => return Effect::None,
        Action::NextField | Action::Down => f.step(1),
        Action::PrevField | Action::Up => f.step(-1),
        Action::Save | Action::Open => return save(s, m, f),
        _ => {}
    }
    s.popup = Some(Popup::Case(Box::new(f)));
    Effect::None
}

/// The form for `deed`, with the leaders, units and the reception day
/// read from the service.
fn open_form(deed: CaseDeed) -> Effect<State> {
    Effect::call(move |desk, s: &mut State, m| {
        let form = match deed {
            CaseDeed::Open => opening_form(desk, s, m)?,
            CaseDeed::Leader => {
                let current = s.case.as_ref().map_or("", |c| c.leader.as_str());
                CaseForm::leader(desk.active_leaders()?, current)
            }
            CaseDeed::Status => CaseForm::status(s.case.as_ref().map_or(CaseStatus::Open, |c| c.status)),
            other => CaseForm::new(other),
        };
        s.popup = Some(Popup::Case(Box::new(form)));
        Ok(Effect::None)
    })
}

/// The opening form: the leader who received the latest visit on a
/// reception day proposed first, the matter's unit (else the first unit
/// present that day), its handler and its due date.
fn opening_form(desk: &dyn DeskApi, s: &State, m: &Ctx) -> crate::service::Result<CaseForm> {
    let receiving = receiving_leader(s, m.tz);
    let matter = s.matter.as_ref();
    let day_unit = receiving.as_ref().and_then(|(day, leader)| {
        s.receptions
            .iter()
            .find(|r| r.date == *day && r.leader == *leader)
            .and_then(|r| r.units.first().cloned())
    });
    let proposed = Proposed {
        leader: receiving.as_ref().map(|(_, l)| l.clone()),
        unit: matter.and_then(|x| x.unit.clone()).or(day_unit),
        owner: matter.and_then(|x| x.handler.clone()),
        due: s.due.filter(|d| *d >= m.today),
    };
    let receiving = receiving.map(|(_, l)| l);
    Ok(CaseForm::open(desk.active_leaders()?, desk.units()?, receiving, proposed))
}

/// The day of the matter's latest visit and the one leader on the rota
/// that day, if it was a reception day with a single leader.
pub fn receiving_leader(s: &State, tz: time::UtcOffset) -> Option<(time::Date, String)> {
    let day = s
        .matter
        .as_ref()?
        .contacts
        .iter()
        .filter(|c| c.channel == Channel::Visit)
        .map(|c| c.at.local_date(tz))
        .max()?;
    let mut on_day = s.receptions.iter().filter(|r| r.date == day);
    match (on_day.next(), on_day.next()) {
        (Some(only), None) => Some((day, only.leader.clone())),
        _ => None,
    }
}

/// Checks the form, then asks the service; the matter is read again after.
fn save(s: &mut State, m: &mut Ctx, mut f: CaseForm) -> Effect<State> {
    let Some(ledger) = s.matter.as_ref().map(|x| x.ledger) else {
        return Effect::None;
    };
    f.error = f.problem(m.lang, m.today);
    if f.error.is_some() {
        s.popup = Some(Popup::Case(Box::new(f)));
        return Effect::None;
    }
    let lang = m.lang;
    Effect::call(move |desk, s: &mut State, m| {
        match send(desk, ledger, &f) {
            Ok(said) => {
                m.status = Some(said(lang));
                s.show(desk.matter(ledger)?, desk)?;
            }
            Err(e) => {
                m.status = Some(lang.error(&e));
                s.popup = Some(Popup::Case(Box::new(f)));
            }
        }
        Ok(Effect::None)
    })
}

type Said = Box<dyn Fn(crate::i18n::Lang) -> String>;

/// The service call the form asks for, and what to say once done.
fn send(desk: &dyn DeskApi, ledger: LedgerNo, f: &CaseForm) -> crate::service::Result<Said> {
    let text = |t: &crate::tui::widgets::input::TextInput| t.text().trim().to_string();
    let leader = f.chosen_leader().unwrap_or("").to_string();
    Ok(match f.deed {
        CaseDeed::Open => {
            let draft = f.draft().unwrap_or_default();
            // Owned by the leader who received the visit: the session's case.
            if f.receiving.as_deref() == Some(leader.as_str()) {
                desk.open_case_from_session(ledger, Some(leader), draft)?;
            } else {
                desk.open_case(ledger, draft)?;
            }
            Box::new(move |l| format!("{} {ledger}", case_desk_words(l).opened))
        }
        CaseDeed::Leader => {
            desk.assign_case_leader(ledger, leader)?;
            Box::new(|l| case_desk_words(l).leader_changed.to_string())
        }
        CaseDeed::Log => {
            desk.add_case_log(ledger, f.kind, text(&f.note))?;
            let kind = f.kind;
            Box::new(move |l| {
                format!("{}{}{}", case_desk_words(l).logged, l.text().colon, l.case_log_kind(kind))
            })
        }
        CaseDeed::Status => {
            let to = f.chosen_status().unwrap_or(CaseStatus::Open);
            let reason = Some(text(&f.reason)).filter(|r| !r.is_empty());
            desk.set_case_status(ledger, to, reason)?;
            Box::new(move |l| format!("{} {}", case_desk_words(l).status_now, l.case_status(to)))
        }
        CaseDeed::Clear => {
            desk.clear_case(ledger, text(&f.reason))?;
            Box::new(|l| case_desk_words(l).cleared.to_string())
        }
    })
}
