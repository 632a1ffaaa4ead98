//! A matter: its state, deadlines, people and history, and the workflow
//! actions this person may take on it now, each through a small form and a
//! confirmation. Up/Down and Enter choose a petitioner and open their card;
//! Older/Newer (PageDown/PageUp, Ctrl-d/Ctrl-u) page through the history.

pub mod action_form;

use crate::service::act::ActionInput;
use action_form::{ActField, ActionForm};
use crate::domain::workflow::days_overdue;
use crate::domain::{Contact, Event, LedgerNo, Matter, PetitionerId, Role, Step};
use crate::i18n::record_words;
use crate::service::views::Names;
use crate::service::DeskApi;
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg, Returning};
use crate::tui::screen::{keep, moves, no_key, popup_form, shell, Def};
use crate::tui::widgets::input::{arrow, edit};
use crate::tui::widgets::popup::{form_box, form_last_line, message_box, FormRow};
use crate::tui::widgets::records::{contact_marks, date};
use crate::tui::widgets::scroll::{counted, wrap, Scroll};
use crate::tui::widgets::table::move_cursor;
use crate::tui::widgets::{block, pad};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use time::Date;
use unicode_width::UnicodeWidthStr;

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
    /// Matters this one was opened over (from a card opened on the one
    /// below), newest last: Esc shows the one below again at its place.
    earlier: Vec<(LedgerNo, usize, Scroll)>,
}

/// How many matters are kept to go back to: more than a clerk stacks.
const EARLIER: usize = 8;

pub enum Popup {
    /// The actions this person may take on the matter now.
    Menu { actions: Vec<Step>, selected: usize },
    Form(Box<ActionForm>),
}

pub const DEF: Def<State> = Def {
    section: "matter",
    hints: &[
        Action::Open,
        Action::Older,
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
        None => {
            shell(a)
                || moves(a)
                || matches!(a, Action::Act | Action::Open | Action::Older | Action::Newer)
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
    Effect::call(move |desk, s: &mut State, _| {
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

/// Width of the petitioners' column beside the history.
const PEOPLE_WIDTH: u16 = 18;

fn draw_matter(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let Some(mt) = &s.matter else { return };
    let head_lines = head_lines(mt, s, v, usize::from(area.width.saturating_sub(2)));
    let [head, body] = Layout::vertical([
        Constraint::Length(head_lines.len() as u16 + 2),
        Constraint::Min(3),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(head_lines).block(block(t.screen_matter, theme)),
        head,
    );
    let [people, history] =
        Layout::horizontal([Constraint::Length(PEOPLE_WIDTH), Constraint::Min(20)]).areas(body);
    draw_petitioners(f, people, s, v);
    draw_history(f, history, mt, s, v);
}

/// The matter's petitioners, the chosen one marked as in every list.
fn draw_petitioners(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let w = record_words(m.lang);
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    // Keep the chosen one in view.
    let top = (s.selected + 1).saturating_sub(rows);
    let lines: Vec<Line> = s
        .petitioners
        .iter()
        .enumerate()
        .skip(top)
        .take(rows)
        .map(|(i, (_, name))| {
            if i == s.selected {
                Line::from(vec![
                    Span::raw("> "),
                    Span::styled(name.as_str(), theme.selected()),
                ])
            } else {
                Line::from(format!("  {name}"))
            }
        })
        .collect();
    let title = w
        .petitioners_of
        .replace("{n}", &s.petitioners.len().to_string());
    f.render_widget(Paragraph::new(lines).block(block(&title, theme)), area);
}

/// One entry of a matter's history: a contact (someone came, wrote or
/// called) or an event (something was done).
enum Entry<'a> {
    Contact(&'a Contact),
    Event(&'a Event),
}

/// Every contact and event of the matter, newest first, a page at a time.
fn draw_history(f: &mut Frame, area: Rect, mt: &Matter, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let w = record_words(m.lang);
    let mut entries: Vec<(crate::domain::Ts, Entry)> = mt
        .contacts
        .iter()
        .map(|c| (c.at, Entry::Contact(c)))
        .chain(mt.events.iter().map(|e| (e.at, Entry::Event(e))))
        .collect();
    // Newest first; at the same moment the contact before what was done on it.
    entries.sort_by_key(|(at, e)| (std::cmp::Reverse(*at), matches!(e, Entry::Contact(_))));
    let cells: Vec<[String; 4]> = entries
        .iter()
        .map(|(at, e)| match e {
            Entry::Contact(c) => contact_row(*at, c, &s.names, m),
            Entry::Event(e) => event_row(e, &s.names, m),
        })
        .collect();
    // Columns as wide as their widest cell, so both languages line up; what
    // an entry records wraps under its own column rather than being cut.
    let width = |i: usize| {
        cells
            .iter()
            .map(|r| UnicodeWidthStr::width(r[i].as_str()))
            .max()
            .unwrap_or(0)
    };
    let (what, who) = (width(1), width(2));
    let lead = UnicodeWidthStr::width("2026-01-01 ") + what + 1 + who + 1;
    let room = usize::from(area.width.saturating_sub(2))
        .saturating_sub(lead)
        .max(8);
    let mut rows: Vec<(usize, String)> = Vec::new();
    for (i, [day, a, b, detail]) in cells.iter().enumerate() {
        for (n, part) in wrap(detail, room).into_iter().enumerate() {
            let head = if n == 0 {
                format!("{day} {} {} ", pad(a, what), pad(b, who))
            } else {
                " ".repeat(lead)
            };
            rows.push((i, head + &part));
        }
    }
    let shown = s
        .history
        .window(rows.len(), usize::from(area.height.saturating_sub(2)));
    let lines: Vec<Line> = rows[shown.clone()]
        .iter()
        .map(|(_, text)| Line::from(text.clone()))
        .collect();
    let title = match (rows.get(shown.start), rows[shown.clone()].last()) {
        (Some((first, _)), Some((last, _))) => {
            counted(w.history_all, w.history_of, &(*first..*last + 1), entries.len())
        }
        _ => w.no_history.to_string(),
    };
    f.render_widget(Paragraph::new(lines).block(block(&title, theme)), area);
}

/// A contact: its date, channel and level, who received it, its marks and
/// summary.
fn contact_row(at: crate::domain::Ts, c: &Contact, names: &Names, m: &Ctx) -> [String; 4] {
    let marks = contact_marks(m, c);
    let detail = if marks.is_empty() {
        c.summary.clone()
    } else {
        format!("{marks} {}", c.summary)
    };
    [
        date(at),
        format!("{} {}", m.lang.channel(c.channel), m.lang.level(c.level)),
        names.staff(&c.receiver).to_string(),
        detail,
    ]
}

/// The matter's ledger number and summary, state and kind, dates, who
/// answers for it, and the actions open to this person.
fn head_lines<'a>(mt: &'a Matter, s: &'a State, v: &View, width: usize) -> Vec<Line<'a>> {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let w = record_words(m.lang);
    let c = t.colon;
    // Admins keep the codes and logins they manage beside the names.
    let admin = m.role == Role::Admin;
    let named = |name: &str, code: &str| {
        if admin && name != code {
            format!("{name}({code})")
        } else {
            name.to_string()
        }
    };
    let names = &s.names;
    let person = |login: Option<&str>| login.map_or("—".to_string(), |l| named(names.staff(l), l));
    let due = match s.due {
        None => Span::raw(format!("{}{c}—", t.due)),
        Some(d) => match days_overdue(mt.state, Some(d), m.today) {
            Some(n) => Span::styled(
                format!("{}{c}{d}{}", t.due, w.days_late.replace("{n}", &n.to_string())),
                theme.warn(),
            ),
            None => Span::raw(format!("{}{c}{d}", t.due)),
        },
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(mt.ledger.to_string(), theme.title()),
            Span::raw(format!("  {}", mt.summary)),
        ]),
        Line::from(format!(
            "{}{c}{}  {}{c}{}  {}{c}{}",
            t.state,
            m.lang.state(mt.state),
            t.a_kind,
            mt.kind.map_or("—", |k| m.lang.kind(k)),
            t.category,
            named(names.category(&mt.category), &mt.category),
        )),
        Line::from(vec![
            Span::raw(format!("{}{c}{}  ", t.registered, date(mt.registered_at))),
            due,
        ]),
        Line::from(format!(
            "{}{c}{}  {}{c}{}  {}{c}{}",
            t.first_receiver,
            person(Some(&mt.first_receiver)),
            t.unit,
            mt.unit
                .as_deref()
                .map_or("—".to_string(), |u| named(names.unit(u), u)),
            w.handler,
            person(mt.handler.as_deref()),
        )),
    ];
    lines.extend(action_lines(s, v, width));
    lines
}

/// The actions open to this person, after their label, wrapped between
/// names to `width` columns so that none is cut.
fn action_lines<'a>(s: &State, v: &View, width: usize) -> Vec<Line<'a>> {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let label = format!("{}{}", t.actions_title, t.colon);
    let mut used = UnicodeWidthStr::width(label.as_str());
    let mut lines = vec![Line::from(Span::styled(label, theme.dim()))];
    for (i, name) in s.actions.iter().map(|a| m.lang.step(*a)).enumerate() {
        let w = UnicodeWidthStr::width(name);
        let mut gap = if i == 0 { "" } else { " " };
        if i > 0 && used + 1 + w > width {
            // A new line, indented under the label.
            lines.push(Line::from("  "));
            (used, gap) = (2, "");
        }
        used += gap.len() + w;
        if let Some(line) = lines.last_mut() {
            line.spans.push(Span::raw(format!("{gap}{name}")));
        }
    }
    lines
}

/// An event: its date, step, who took it, and what it recorded, units and
/// people by name.
fn event_row(e: &Event, names: &Names, m: &Ctx) -> [String; 4] {
    let satisfaction = e.satisfaction.map(|s| m.lang.satisfaction(s));
    // 送达: how, and which notice (named as its action when it is one).
    let delivery = e.delivery.as_ref().map(|d| {
        let notice = Step::from_code(&d.notice).map_or(d.notice.as_str(), |a| m.lang.step(a));
        format!("{} {notice}", m.lang.delivery(d.method))
    });
    let detail: Vec<&str> = [
        e.unit.as_deref().map(|u| names.unit(u)),
        e.handler.as_deref().map(|h| names.staff(h)),
        e.reason.as_deref(),
        e.opinion.map(|o| m.lang.opinion(o)),
        e.note.as_deref(),
        e.to.as_deref().map(|to| names.staff(to)),
        satisfaction,
        delivery.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    [
        date(e.at),
        m.lang.step(e.action).to_string(),
        names.staff(&e.by).to_string(),
        detail.join(" "),
    ]
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
