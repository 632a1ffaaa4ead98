//! A matter: its state, deadlines and history, and the workflow actions this
//! person may take on it now, each through a small form and a confirmation.

pub mod action_form;

use crate::service::act::ActionInput;
use action_form::{ActField, ActionForm};
use crate::domain::{Step, Matter};
use crate::service::DeskApi;
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg, Returning};
use crate::tui::screen::{keep, moves, no_key, popup_form, shell, Def};
use crate::tui::widgets::input::{arrow, edit};
use crate::tui::widgets::popup::{form_box, form_last_line, message_box, FormRow};
use crate::tui::widgets::records::date;
use crate::tui::widgets::table::move_cursor;
use crate::tui::widgets::{block, pad};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use time::Date;

#[derive(Default)]
pub struct State {
    pub matter: Option<Matter>,
    pub due: Option<Date>,
    /// What this person may do to the matter now (state and role).
    pub actions: Vec<Step>,
    /// The first event shown.
    pub scroll: usize,
    pub popup: Option<Popup>,
}

pub enum Popup {
    /// The actions this person may take on the matter now.
    Menu { actions: Vec<Step>, selected: usize },
    Form(Box<ActionForm>),
}

pub const DEF: Def<State> = Def {
    section: "matter",
    hints: &[
        Action::Act,
        Action::NextField,
        Action::Save,
        Action::Back,
        Action::Quit,
    ],
    title: |_, m| m.lang.text().screen_matter.into(),
    takes_text: |s| matches!(s.popup, Some(Popup::Form(_))),
    opened_by: no_key,
    open,
    update,
    refresh,
    hidden: keep,
    draw,
    offers: |s, _, a| match &s.popup {
        Some(Popup::Menu { .. }) => matches!(a, Action::Up | Action::Down | Action::Open | Action::Back),
        Some(Popup::Form(_)) => popup_form(a),
        None => shell(a) || moves(a) || a == Action::Act,
    },
};

impl State {
    /// Shows `matter` with its due date and the actions this person may take.
    fn show(&mut self, matter: Option<Matter>, desk: &dyn DeskApi) -> crate::service::Result<()> {
        (self.due, self.actions) = match &matter {
            Some(m) => (desk.due_of(m.clone())?, desk.actions_for(m.clone())?),
            None => (None, Vec::new()),
        };
        self.matter = matter;
        Ok(())
    }
}

fn open(_: &mut State, _: &mut Ctx, go: Go) -> Effect<State> {
    let Go::Matter(ledger) = go else {
        return Effect::None;
    };
    Effect::call(move |desk, s: &mut State, _| {
        s.show(desk.matter(ledger)?, desk)?;
        s.scroll = 0;
        Ok(Effect::Show)
    })
}

fn refresh(s: &mut State, _: &Ctx, _: bool) -> Effect<State> {
    let Some(ledger) = s.matter.as_ref().map(|m| m.ledger) else {
        return Effect::None;
    };
    Effect::call(move |desk, s: &mut State, _| {
        let scroll = s.scroll;
        s.show(desk.matter(ledger)?, desk)?;
        s.scroll = scroll;
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
    let events = s.matter.as_ref().map_or(0, |m| m.events.len());
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
        Action::Register => s.matter.as_ref().map_or(Effect::Pass, |x| Effect::Go(Go::RegisterFor(Returning::Matter(x.ledger)))),
        _ if move_cursor(&mut s.scroll, events, a) => Effect::None,
        _ => Effect::Pass,
    }
}

/// Keys with the menu or the form open; the popup sees every key first.
fn popup_key(s: &mut State, m: &mut Ctx, popup: Popup, msg: Msg) -> Effect<State> {
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
                s.popup = Some(Popup::Form(Box::new(ActionForm::new(step, desk.units()?))));
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

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    draw_matter(f, area, s, v);
    let (m, theme) = (v.ctx, v.theme);
    match &s.popup {
        Some(Popup::Menu { actions, selected }) => {
            let lines = actions
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let name = format!("{} ({})", m.lang.step(*a), a.code());
                    if i == *selected {
                        Line::from(vec![Span::raw("> "), Span::styled(name, theme.selected())])
                    } else {
                        Line::from(format!("  {name}"))
                    }
                })
                .collect();
            message_box(f, area, m.lang.text().actions_title, lines, theme);
        }
        Some(Popup::Form(form)) => draw_action_form(f, s, form, area, v),
        None => {}
    }
}

fn draw_matter(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let Some(mt) = &s.matter else { return };
    let [head, events] = Layout::vertical([Constraint::Length(6), Constraint::Min(3)]).areas(area);
    f.render_widget(
        Paragraph::new(head_lines(mt, s, v)).block(block(t.screen_matter, theme)),
        head,
    );
    let lines: Vec<Line> = mt
        .events
        .iter()
        .skip(s.scroll)
        .map(|e| event_line(e, m))
        .collect();
    f.render_widget(Paragraph::new(lines).block(block(t.events, theme)), events);
}

/// The matter's ledger number, summary, state, people, dates and the
/// actions open to this person.
fn head_lines<'a>(mt: &'a Matter, s: &State, v: &View) -> Vec<Line<'a>> {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let c = t.colon;
    vec![
        Line::from(vec![
            Span::styled(mt.ledger.to_string(), theme.title()),
            Span::raw(format!("  {}", mt.summary)),
        ]),
        Line::from(format!(
            "{}{c}{}  {}{c}{}  {}{c}{}",
            t.state,
            m.lang.state(mt.state),
            t.first_receiver,
            mt.first_receiver,
            t.unit,
            mt.unit.as_deref().unwrap_or("—")
        )),
        Line::from(format!(
            "{}{c}{}  {}{c}{}  {}{c}{}  {}{c}{}",
            t.category,
            mt.category,
            t.a_kind,
            mt.kind.map_or("—", |k| m.lang.kind(k)),
            t.registered,
            date(mt.registered_at),
            t.due,
            s.due.map_or("—".to_string(), |d| d.to_string())
        )),
        Line::from(vec![
            Span::styled(format!("{}{c}", t.actions_title), theme.dim()),
            Span::raw(
                s.actions
                    .iter()
                    .map(|a| m.lang.step(*a))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ]),
    ]
}

/// One event of the history: date, step, who, and what it recorded.
fn event_line(e: &crate::domain::Event, m: &Ctx) -> Line<'static> {
            let satisfaction = e.satisfaction.map(|s| match m.lang {
                crate::i18n::Lang::Zh => s.zh(),
                crate::i18n::Lang::En => s.code(),
            });
            // 送达: how, and which notice (named as its action when it is one).
            let delivery = e.delivery.as_ref().map(|d| {
                let notice = crate::domain::Step::from_code(&d.notice)
                    .map_or(d.notice.as_str(), |a| m.lang.step(a));
                format!("{} {notice}", m.lang.delivery(d.method))
            });
            let detail: Vec<&str> = [
                e.unit.as_deref(),
                e.reason.as_deref(),
                e.opinion.map(|o| m.lang.opinion(o)),
                e.note.as_deref(),
                e.to.as_deref(),
                satisfaction,
                delivery.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect();
            let action = match m.lang {
                crate::i18n::Lang::Zh => e.action.zh(),
                crate::i18n::Lang::En => e.action.code(),
            };
            Line::from(format!(
                "{} {} {} {}",
                date(e.at),
                pad(action, 10),
                pad(&e.by, 10),
                detail.join(" ")
            ))
}


fn draw_action_form(f: &mut Frame, s: &State, form: &ActionForm, area: Rect, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let label = |x: ActField| match x {
        ActField::Unit => t.a_unit,
        ActField::Reason => t.a_reason,
        ActField::To => t.a_to,
        ActField::Days => t.a_days,
        ActField::Satisfaction => t.a_satisfaction,
        ActField::Kind => t.a_kind,
        ActField::Method => t.a_method,
        ActField::Notice => t.a_notice,
        ActField::Opinion => t.a_opinion,
        ActField::Note if form.action == crate::domain::Step::Reply => t.a_reply_text,
        ActField::Note => t.a_note,
    };
    let title = format!(
        "{} {}",
        m.lang.step(form.action),
        s.matter
            .as_ref()
            .map_or(String::new(), |x| x.ledger.to_string())
    );
    let rows: Vec<FormRow> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let focused = i == form.focus;
            let value = match field {
                ActField::Unit => format!(
                    "‹ {} ›",
                    form.units
                        .get(form.unit)
                        .map_or(t.none.to_string(), |u| format!("{} {}", u.code, u.name))
                ),
                ActField::Satisfaction => {
                    format!("‹ {} ›", m.lang.satisfaction(form.satisfaction))
                }
                ActField::Kind => format!("‹ {} ›", m.lang.kind(form.kind)),
                ActField::Method => format!("‹ {} ›", m.lang.delivery(form.method)),
                ActField::Opinion => format!(
                    "‹ {} ›",
                    form.opinion.map_or(t.none, |o| m.lang.opinion(o))
                ),
                other => form
                    .input(*other)
                    .map(|x| x.text().to_string())
                    .unwrap_or_default(),
            };
            let caret = form
                .input(*field)
                .filter(|_| focused && !form.confirming)
                .map(|x| x.caret_column());
            FormRow {
                label: label(*field),
                value,
                focused,
                caret,
            }
        })
        .collect();
    let last = form_last_line(
        form.confirming.then_some(t.confirm_action),
        form.error.as_deref(),
        t.form_keys,
        theme,
    );
    form_box(f, area, &title, (&rows, 10), last, theme);
}
