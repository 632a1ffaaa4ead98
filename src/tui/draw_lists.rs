//! Drawing the home screen and the work lists: matters soonest due first,
//! contacts newest first, each row selectable.

use super::action::Action;
use super::draw::{block, selectable};
use super::keymap::Keymap;
use super::model::{List, Model, Screen};
use super::theme::Theme;
use crate::domain::{Contact, Matter};
use crate::service::queues::Queue;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, HighlightSpacing, Row, Table, TableState};
use ratatui::Frame;
use time::Date;

/// The name of a work list, as the home screen shows it.
pub(super) fn list_label(m: &Model, list: List) -> &'static str {
    let t = m.lang.text();
    match list {
        List::Today => t.today_contacts,
        List::Queue(Queue::Mine) => t.my_matters,
        List::Queue(Queue::MyUnit) => t.my_unit,
        List::Open => t.all_open,
        List::Queue(Queue::Overdue) => t.overdue,
        List::Queue(Queue::DueSoon) => t.due_soon,
        List::Queue(Queue::ReadyToClose) => t.ready_to_close,
    }
}

pub(super) fn home(f: &mut Frame, m: &Model, keys: &Keymap, area: Rect, theme: &Theme) {
    let t = m.lang.text();
    let h = &m.home;
    let counts = [
        h.today_contacts,
        h.my_matters,
        h.overdue,
        h.due_soon,
        h.ready_to_close,
    ];
    let rows: Vec<Row> = List::HOME
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (list, n))| {
            let key = list
                .action()
                .and_then(|a| keys.keys_for(Screen::Home.section(), a).first().copied())
                .map(|k| k.to_string())
                .unwrap_or_default();
            let label = Cell::from(list_label(m, *list));
            let count = Cell::from(format!("{n:>8}"));
            Row::new([
                Cell::from(Span::styled(key, theme.key())),
                if i == m.home_selected {
                    label.style(theme.selected())
                } else {
                    label
                },
                if *list == List::Queue(Queue::Overdue) && n > 0 {
                    count.style(theme.warn())
                } else {
                    count
                },
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Length(6),
            Constraint::Length(28),
            Constraint::Length(8),
        ],
    )
    .block(block(t.screen_home, theme))
    .highlight_symbol("> ")
    .highlight_spacing(HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(Some(m.home_selected));
    f.render_stateful_widget(table, area, &mut state);
}

/// The open work list: matters soonest due first, or today's contacts.
pub(super) fn list(f: &mut Frame, m: &Model, keys: &Keymap, area: Rect, theme: &Theme) {
    let t = m.lang.text();
    let mut title = format!("{} ({})", list_label(m, m.list), m.list_len());
    if m.list == List::Open {
        // The filters and the keys that step them, in the title.
        let key = |a: Action| {
            keys.keys_for(Screen::List.section(), a)
                .first()
                .map(|k| k.to_string())
                .unwrap_or_default()
        };
        let town = m.filter.town.as_deref().map_or(t.all, |c| m.town_name(c));
        let category = m.filter.category.as_deref().unwrap_or(t.all);
        let state = m.filter.state.map_or(t.all, |s| m.lang.state(s));
        title = format!(
            "{title} {}: [{}]{} {} [{}]{} {} [{}]{} {}",
            t.filter,
            key(Action::FilterTown),
            t.town,
            town,
            key(Action::FilterCategory),
            t.category,
            category,
            key(Action::FilterState),
            t.state,
            state
        );
    }
    match m.list {
        List::Today => contact_table(f, m, &m.list_contacts, &title, m.list_selected, area, theme),
        List::Queue(_) | List::Open => {
            matter_table(f, m, &m.list_matters, &title, m.list_selected, area, theme)
        }
    }
}

/// Matters with state, kind, due date, first receiver and unit, one row each.
#[allow(clippy::too_many_arguments)]
pub(super) fn matter_table(
    f: &mut Frame,
    m: &Model,
    matters: &[(Matter, Option<Date>)],
    title: &str,
    selected: usize,
    area: Rect,
    theme: &Theme,
) {
    let t = m.lang.text();
    let rows: Vec<Vec<String>> = matters
        .iter()
        .map(|(mt, due)| {
            vec![
                mt.ledger.to_string(),
                m.lang.state(mt.state).to_string(),
                mt.kind.map_or("", |k| m.lang.kind_short(k)).to_string(),
                due.map(|d| d.to_string()).unwrap_or_default(),
                mt.first_receiver.clone(),
                mt.unit.clone().unwrap_or_default(),
                mt.summary.clone(),
            ]
        })
        .collect();
    let columns = [
        (t.ledger, Constraint::Length(11)),
        (t.state, Constraint::Length(8)),
        (t.kind_short, Constraint::Length(4)),
        (t.due, Constraint::Length(10)),
        (t.first_receiver, Constraint::Length(9)),
        (t.unit, Constraint::Length(5)),
        (t.summary, Constraint::Min(10)),
    ];
    selectable(f, rows, &columns, title, (selected, area), theme);
}

/// A contact's flags and headcount, as short words.
pub(super) fn contact_marks(m: &Model, x: &Contact) -> String {
    let t = m.lang.text();
    let mut marks: Vec<String> = [
        (x.repeat, t.repeat),
        (x.skip_level, t.skip_level),
        (x.abnormal, t.abnormal),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, w)| w.to_string())
    .collect();
    if x.headcount > 1 {
        marks.push(format!("{}{}", x.headcount, t.persons));
    }
    marks.join(" ")
}

/// Today's contacts: time, channel, level, matter, marks and summary.
#[allow(clippy::too_many_arguments)]
pub(super) fn contact_table(
    f: &mut Frame,
    m: &Model,
    contacts: &[Contact],
    title: &str,
    selected: usize,
    area: Rect,
    theme: &Theme,
) {
    let t = m.lang.text();
    let tz = crate::domain::DEFAULT_TZ;
    let rows: Vec<Vec<String>> = contacts
        .iter()
        .map(|x| {
            let at = x.at.to_datetime(tz);
            vec![
                format!(
                    "{:02}-{:02} {:02}:{:02}",
                    at.month() as u8,
                    at.day(),
                    at.hour(),
                    at.minute()
                ),
                m.lang.channel(x.channel).to_string(),
                m.lang.level(x.level).to_string(),
                x.matter.to_string(),
                contact_marks(m, x),
                x.summary.clone(),
            ]
        })
        .collect();
    let columns = [
        (t.time, Constraint::Length(11)),
        (t.channel, Constraint::Length(8)),
        (t.level, Constraint::Length(8)),
        (t.ledger, Constraint::Length(11)),
        (t.marks, Constraint::Length(10)),
        (t.summary, Constraint::Min(10)),
    ];
    selectable(f, rows, &columns, title, (selected, area), theme);
}
