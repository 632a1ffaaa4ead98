//! Tables of matters and contacts, as the work lists, the card and the
//! drill-down show them; the names of the work lists.

use super::table::selectable;
use crate::domain::Contact;
use crate::i18n::{lateness, list_words, who};
use crate::service::queues::{Queue, TodayRow, WorkRow};
use crate::tui::ctx::Ctx;
use crate::tui::lists::List;
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Rect};
use ratatui::Frame;

/// The name of a work list, as the home screen shows it.
pub fn list_label(m: &Ctx, list: List) -> &'static str {
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

/// A column as wide as its widest cell, at most `max`, and never narrower
/// than its heading: names and words of either language fit without a
/// fixed width cutting them.
pub fn fit<'a>(
    heading: &'static str,
    cells: impl Iterator<Item = &'a str>,
    max: u16,
) -> (&'static str, Constraint) {
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s) as u16;
    let widest = cells.map(width).max().unwrap_or(0).min(max);
    (heading, Constraint::Length(widest.max(width(heading))))
}

/// One column's cells of `rows`.
pub fn column(rows: &[Vec<String>], c: usize) -> impl Iterator<Item = &str> {
    rows.iter().map(move |r| r[c].as_str())
}

/// The work lists' matters: ledger, who petitions, state, how late, the
/// unit and the first receiver by name, and the summary in what is left.
#[allow(clippy::too_many_arguments)]
pub fn work_table(
    f: &mut Frame,
    m: &Ctx,
    matters: &[WorkRow],
    title: &str,
    selected: usize,
    area: Rect,
    theme: &Theme,
) {
    let (t, w) = (m.lang.text(), list_words(m.lang));
    let rows: Vec<Vec<String>> = matters
        .iter()
        .map(|r| {
            vec![
                r.matter.ledger.to_string(),
                who(&r.who, r.more),
                m.lang.state(r.matter.state).to_string(),
                // A replied matter's due date ends the petitioner's window
                // to ask for review: nothing the office can be late with.
                lateness(
                    m.lang,
                    r.due.filter(|_| r.matter.state.can_be_overdue()),
                    m.today,
                ),
                r.unit.clone().unwrap_or_default(),
                r.first_receiver.clone(),
                r.matter.summary.clone(),
            ]
        })
        .collect();
    let columns = [
        (t.ledger, Constraint::Length(11)),
        fit(w.who, column(&rows, 1), 10),
        fit(t.state, column(&rows, 2), 15),
        fit(w.late, column(&rows, 3), 10),
        fit(t.unit, column(&rows, 4), 12),
        fit(w.receiver, column(&rows, 5), 8),
        (t.summary, Constraint::Min(10)),
    ];
    selectable(f, rows, &columns, title, (selected, area), theme);
}

/// Today's contacts at this desk: time, who came, channel, matter, how late
/// it is, marks and summary.
#[allow(clippy::too_many_arguments)]
pub fn today_table(
    f: &mut Frame,
    m: &Ctx,
    contacts: &[TodayRow],
    title: &str,
    selected: usize,
    area: Rect,
    theme: &Theme,
) {
    let (t, w) = (m.lang.text(), list_words(m.lang));
    let rows: Vec<Vec<String>> = contacts
        .iter()
        .map(|r| {
            let at = r.contact.at.to_datetime(m.tz);
            vec![
                format!("{:02}:{:02}", at.hour(), at.minute()),
                who(&r.who, r.more),
                m.lang.channel(r.contact.channel).to_string(),
                r.contact.matter.to_string(),
                lateness(m.lang, r.due, m.today),
                contact_marks(m, &r.contact),
                r.contact.summary.clone(),
            ]
        })
        .collect();
    let columns = [
        fit(t.time, column(&rows, 0), 5),
        fit(w.who, column(&rows, 1), 10),
        fit(t.channel, column(&rows, 2), 8),
        (t.ledger, Constraint::Length(11)),
        fit(w.late, column(&rows, 4), 10),
        fit(t.marks, column(&rows, 5), 10),
        (t.summary, Constraint::Min(10)),
    ];
    selectable(f, rows, &columns, title, (selected, area), theme);
}

/// A contact's flags and headcount, as short words.
pub fn contact_marks(m: &Ctx, x: &Contact) -> String {
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
pub fn contact_table(
    f: &mut Frame,
    m: &Ctx,
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

/// The local date of `ts`, as the card and the matter show it.
pub fn date(ts: crate::domain::Ts) -> String {
    ts.local_date(crate::domain::DEFAULT_TZ).to_string()
}

/// How the desk writes a moment: a minute in the desk's time zone.
pub const TIME_FORMAT: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");

/// A `Ts` as the desk shows it, in the desk's time zone.
pub fn show_time(at: crate::domain::Ts, tz: time::UtcOffset) -> String {
    at.to_datetime(tz).format(TIME_FORMAT).unwrap_or_default()
}
