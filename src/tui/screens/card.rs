//! A petitioner's card: who they are, their matters and every contact.
//! Each view of it is audited by the service; whole numbers are shown on
//! request (audited too) and forgotten when the card is left.

use crate::domain::workflow::days_overdue;
use crate::domain::PetitionerId;
use crate::i18n::record_words;
use crate::service::views::{Card, Names, Revealed};
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg, Returning};
use crate::tui::screen::{browse, no_key, unchanged, Def};
use crate::tui::widgets::block;
use crate::tui::widgets::records::{contact_marks, date};
use crate::tui::widgets::scroll::{draw_paged, wrap, Scroll};
use crate::tui::widgets::table::move_cursor;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

mod flag {
    //! Flagging a key person (重点人员) from the card, and naming who answers
    //! for them (稳控责任人) and how they stand: supervisors.

    use super::State;
    use crate::domain::keylist::WatchStatus;
    use crate::i18n::case_views::{case_view_words, watch_status};
    use crate::i18n::cases::case_words;
    use crate::service::views::{Card, Names};
    use crate::tui::action::Action;
    use crate::tui::ctx::Ctx;
    use crate::tui::effect::{Effect, Msg};
    use crate::tui::widgets::fields::{Field, Form, Outcome};

    /// The form: the reason (kept when already flagged), the person
    /// responsible among the staff, by name, and the status.
    pub fn form(card: &Card, names: &Names, m: &Ctx) -> Form {
        let (w, c) = (case_view_words(m.lang), case_words(m.lang));
        let mut staff: Vec<(String, String)> = names
            .staff
            .iter()
            .map(|(login, name)| (login.clone(), name.clone()))
            .collect();
        staff.sort();
        let statuses = WatchStatus::ALL
            .iter()
            .map(|x| (x.code().to_string(), watch_status(m.lang, *x).to_string()))
            .collect();
        let watch = card.watch.as_ref();
        let reason = card.petitioner.key_person.as_deref().unwrap_or_default();
        Form::new(
            format!("{} {}", Action::FlagKeyPerson.describe(m.lang), card.petitioner.name),
            vec![
                (w.reason, Field::text(reason)),
                (
                    c.responsible,
                    Field::choice(staff, watch.map(|x| x.responsible.as_str())),
                ),
                (
                    w.status,
                    Field::choice(
                        statuses,
                        Some(watch.map_or(WatchStatus::Watch, |x| x.status).code()),
                    ),
                ),
            ],
            w.form_keys,
        )
    }

    /// A key of the open form; saving asks the service, then shows the
    /// card again as it now is. A refusal stays in the form.
    pub fn key(s: &mut State, m: &Ctx, mut form: Form, msg: &Msg) -> Effect<State> {
        match form.key(msg) {
            Outcome::Stay => {
                s.flag = Some(form);
                return Effect::None;
            }
            Outcome::Cancel => return Effect::None,
            Outcome::Submit => {}
        }
        let Some(id) = s.card.as_ref().map(|c| c.petitioner.id) else {
            return Effect::None;
        };
        let lang = m.lang;
        let reason = Some(form.text(0).to_string()).filter(|r| !r.is_empty());
        let who = form.chosen(1).unwrap_or_default().to_string();
        let status = form
            .chosen(2)
            .and_then(WatchStatus::from_code)
            .unwrap_or(WatchStatus::Watch);
        Effect::call(move |desk, s: &mut State, m| {
            match desk.keep_watch(id, reason, who, status) {
                Ok(_) => {
                    s.card = desk.petitioner_card(id)?;
                    m.status = Some(case_view_words(lang).flagged.into());
                }
                Err(e) => {
                    form.error = Some(lang.error(&e));
                    s.flag = Some(form);
                }
            }
            Ok(Effect::None)
        })
    }
}

#[derive(Default)]
pub struct State {
    pub card: Option<Card>,
    /// The matter Up/Down choose and Enter opens.
    pub selected: usize,
    /// The contacts shown, paged by Older/Newer (PageDown/PageUp).
    pub history: Scroll,
    /// Category, unit and staff names, read when the card opens.
    pub names: Names,
    /// The person's numbers in full, shown until the card is left and kept
    /// nowhere else.
    pub revealed: Option<(PetitionerId, Revealed)>,
    /// Cards this one was opened over (from a matter of both people), newest
    /// last: Esc shows the one below again as it was left.
    earlier: Vec<Earlier>,
    /// Flagging the person a key person, or naming who answers for them
    /// (supervisors), while its form is open.
    pub flag: Option<crate::tui::widgets::fields::Form>,
}

/// A card as it was left for another person's.
struct Earlier {
    card: Card,
    selected: usize,
    history: Scroll,
}

/// How many cards are kept to go back to: more than a clerk stacks.
const EARLIER: usize = 8;

pub const DEF: Def<State> = Def {
    section: "card",
    hints: &[
        Action::Help,
        Action::Open,
        Action::Older,
        Action::Reveal,
        Action::FlagKeyPerson,
        Action::Save,
        Action::Back,
        Action::Quit,
    ],
    title: |_, m| m.lang.text().screen_card.into(),
    takes_text: |s| s.flag.is_some(),
    opened_by: no_key,
    open,
    update,
    // Not read again on another desk's change: each read is an audited view.
    refresh: unchanged,
    hidden: |s| s.revealed = None,
    draw,
    offers: |s, m, a| match s.flag {
        Some(_) => crate::tui::screen::popup_form(a),
        None => {
            browse(s, m, a)
                || matches!(
                    a,
                    Action::Reveal | Action::Older | Action::Newer | Action::FlagKeyPerson
                )
        }
    },
};

fn open(_: &mut State, _: &mut Ctx, go: Go) -> Effect<State> {
    let Go::Card(id) = go else {
        return Effect::None;
    };
    Effect::call(move |desk, s: &mut State, _| {
        let card = desk.petitioner_card(id)?;
        s.names = desk.names()?;
        if let Some(left) = s.card.take() {
            s.earlier.push(Earlier {
                card: left,
                selected: s.selected,
                history: std::mem::take(&mut s.history),
            });
            if s.earlier.len() > EARLIER {
                s.earlier.remove(0);
            }
        }
        s.card = card;
        s.selected = 0;
        Ok(Effect::Show)
    })
}

/// Up/Down, Home/End and Enter choose and open a matter; Older/Newer
/// (PageDown/PageUp, Ctrl-d/Ctrl-u) page through the contacts.
fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    if let Some(form) = s.flag.take() {
        return flag::key(s, m, form, &msg);
    }
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    let Some(card) = &s.card else {
        return Effect::Pass;
    };
    match a {
        Action::Open => match card.matters.get(s.selected) {
            Some((m, _)) => Effect::Go(Go::Matter(m.ledger)),
            None => Effect::None,
        },
        Action::Register => Effect::Go(Go::RegisterFor(Returning::Person(card.petitioner.id))),
        Action::FlagKeyPerson if a.permitted(m.role) => {
            s.flag = Some(flag::form(card, &s.names, m));
            Effect::None
        }
        Action::FlagKeyPerson => {
            m.refuse(crate::service::deed::FLAG_KEY_PERSON);
            Effect::None
        }
        Action::Reveal => {
            let id = card.petitioner.id;
            // The service refuses roles that may not, and audits the look.
            Effect::call(move |desk, s: &mut State, m| {
                match desk.reveal(id) {
                    Ok(r) => s.revealed = Some((id, r)),
                    Err(e) => m.say_error(&e),
                }
                Ok(Effect::None)
            })
        }
        // The card below, if this one was opened over it, is shown as it
        // was left (not read again: each read is an audited view).
        Action::Back => {
            if let Some(e) = s.earlier.pop() {
                (s.card, s.selected, s.history) = (Some(e.card), e.selected, e.history);
            }
            Effect::Back
        }
        _ if s.history.key(card.contacts.len(), a) => Effect::None,
        _ if move_cursor(&mut s.selected, card.matters.len(), a) => Effect::None,
        _ => Effect::Pass,
    }
}

/// Matters shown at most on the card; more scroll with the selection, so
/// that the contacts keep most of the screen.
const MATTER_ROWS: usize = 5;

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let Some(c) = &s.card else { return };
    // Borders and the heading row around the matters.
    let matters_height = c.matters.len().clamp(1, MATTER_ROWS) as u16 + 3;
    let [who, matters, contacts] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Length(matters_height),
        Constraint::Min(3),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(person_lines(c, s, v)).block(block(t.screen_card, theme)),
        who,
    );
    draw_matters(f, matters, c, s, v);
    draw_timeline(f, contacts, c, s, v);
    if let Some(form) = &s.flag {
        form.draw(f, area, theme);
    }
}

/// The person's matters, newest first: state, kind, due date (in the alarm
/// style when past), first receiver's and unit's names, summary.
fn draw_matters(f: &mut Frame, area: Rect, c: &Card, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let names = &s.names;
    let rows: Vec<Row> = c
        .matters
        .iter()
        .enumerate()
        .map(|(i, (mt, due))| {
            let ledger = Cell::from(mt.ledger.to_string());
            let due_cell = Cell::from(due.map(|d| d.to_string()).unwrap_or_default());
            Row::new(vec![
                if i == s.selected {
                    ledger.style(theme.selected())
                } else {
                    ledger
                },
                Cell::from(m.lang.state(mt.state)),
                Cell::from(mt.kind.map_or("", |k| m.lang.kind_short(k))),
                if days_overdue(mt.state, *due, m.today).is_some() {
                    due_cell.style(theme.warn())
                } else {
                    due_cell
                },
                Cell::from(names.staff(&mt.first_receiver).to_string()),
                Cell::from(mt.unit.as_deref().map_or("", |u| names.unit(u)).to_string()),
                Cell::from(mt.summary.as_str()),
            ])
        })
        .collect();
    // States whole in either language ("in_progress"), the summary narrower.
    let state_width = c
        .matters
        .iter()
        .map(|(mt, _)| unicode_width::UnicodeWidthStr::width(m.lang.state(mt.state)))
        .fold(8, usize::max) as u16;
    // The lists' short heading for the first receiver ("Owner"): names are
    // narrow, "First receiver" is not.
    let owner = crate::i18n::list_words(m.lang).receiver;
    let at_least = |heading: &str, w: u16| Constraint::Length(w.max(heading.width() as u16));
    let columns = [
        (t.ledger, Constraint::Length(11)),
        (t.state, at_least(t.state, state_width)),
        (t.kind_short, at_least(t.kind_short, 4)),
        (t.due, Constraint::Length(10)),
        (owner, at_least(owner, 6)),
        (t.unit, Constraint::Length(12)),
        (t.summary, Constraint::Min(10)),
    ];
    let title = record_words(m.lang)
        .matters_of
        .replace("{n}", &c.matters.len().to_string());
    let table = Table::new(rows, columns.iter().map(|(_, w)| *w))
        .header(Row::new(columns.iter().map(|(h, _)| *h)).style(theme.title()))
        .block(block(&title, theme))
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(Some(s.selected));
    f.render_stateful_widget(table, area, &mut state);
}

/// Who the person is: name, numbers (masked, or whole when revealed),
/// phones, town and marks.
fn person_lines<'a>(c: &'a Card, s: &State, v: &View) -> Vec<Line<'a>> {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let p = &c.petitioner;
    let mut marks = Vec::new();
    if c.long_standing {
        marks.push(Span::styled(format!(" {} ", t.long_standing), theme.warn()));
    }
    // A key case open on one of the person's matters (积案), for every role.
    if !c.open_cases.is_empty() {
        let mark = crate::i18n::cases::case_words(m.lang).mark;
        let ledgers: Vec<String> = c.open_cases.iter().map(|l| l.to_string()).collect();
        marks.push(Span::styled(format!(" {mark} {} ", ledgers.join(" ")), theme.warn()));
    }
    if let Some(reason) = &p.key_person {
        marks.push(Span::styled(
            format!(" {}{}{reason} ", t.key_person, t.colon),
            theme.warn(),
        ));
    }
    // Who answers for the person on the key-person list, and how they stand.
    if let Some(w) = &c.watch {
        let words = crate::i18n::case_views::case_view_words(m.lang);
        let status = crate::i18n::case_views::watch_status(m.lang, w.status);
        let who = s.names.staff(&w.responsible);
        marks.push(Span::styled(
            format!(" {}{}{who} {status} ", words.responsible_is, t.colon),
            theme.key(),
        ));
    }
    // Masked numbers, or the whole ones this person asked to see.
    let revealed = s.revealed.as_ref().filter(|(id, _)| *id == p.id);
    let numbers = match revealed {
        Some((_, r)) => {
            let w = crate::i18n::admin_words(m.lang);
            marks.push(Span::styled(format!(" {} ", w.revealed), theme.warn()));
            let mut id = r.id_number.clone().unwrap_or_else(|| "—".into());
            if let Some(doc) = &r.other_doc {
                id.push_str(&format!("  {}{}{doc}", w.other_doc, t.colon));
            }
            (id, r.phones.join(", "))
        }
        None => (
            p.id_number
                .as_deref()
                .or(p.other_doc.as_deref())
                .unwrap_or("—")
                .to_string(),
            p.phones.join(", "),
        ),
    };
    vec![
        Line::from(vec![
            Span::styled(p.name.as_str(), theme.title()),
            Span::raw(format!("  {}{}{}", t.id_number, t.colon, numbers.0)),
        ]),
        Line::from(format!(
            "{}{}{}  {}{}{}",
            t.phones,
            t.colon,
            numbers.1,
            t.town,
            t.colon,
            p.town.as_deref().map_or("—", |c| m.town_name(c))
        )),
        Line::from(marks),
    ]
}

/// Every contact, newest first, a page at a time; the title says how many
/// there are and which are shown.
fn draw_timeline(f: &mut Frame, area: Rect, c: &Card, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let w = record_words(m.lang);
    let inner = usize::from(area.width.saturating_sub(2));
    // Each contact a row, its summary wrapped under itself rather than cut.
    let mut rows: Vec<(usize, String)> = Vec::new();
    for (i, x) in c.contacts.iter().enumerate() {
        let mut head = format!(
            "{} {} {} {}",
            date(x.at),
            m.lang.channel(x.channel),
            m.lang.level(x.level),
            x.matter
        );
        let marks = contact_marks(m, x);
        if !marks.is_empty() {
            head.push(' ');
            head.push_str(&marks);
        }
        head.push_str("  ");
        let lead = unicode_width::UnicodeWidthStr::width(head.as_str());
        for (n, part) in wrap(&x.summary, inner.saturating_sub(lead).max(8))
            .into_iter()
            .enumerate()
        {
            let start = if n == 0 {
                std::mem::take(&mut head)
            } else {
                " ".repeat(lead)
            };
            rows.push((i, start + &part));
        }
    }
    let words = (w.contacts_all, w.contacts_of, w.no_contacts);
    draw_paged(f, area, (&rows, c.contacts.len()), &s.history, words, theme);
}
