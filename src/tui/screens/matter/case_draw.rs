//! Drawing a matter's key case: its lines under the head (the four 定,
//! status, source and the latest entries) and its menu and forms.

use super::case_form::{label, CaseField, CaseForm};
use super::state::State;
use crate::domain::case::Case;
use crate::i18n::case_desk::case_desk_words;
use crate::i18n::cases::case_words;
use crate::tui::ctx::View;
use crate::tui::widgets::popup::{form_box, form_last_line, FormRow};
use crate::tui::widgets::records::date;
use crate::tui::widgets::scroll::wrap;
use crate::tui::widgets::fit_text;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

/// How many of the case's entries (log and changes) the head shows.
const ENTRIES: usize = 2;
/// How many rows its measures take at most.
const MEASURES_ROWS: usize = 2;

/// The key case under the matter's head, `width` columns wide: leader,
/// deadline (late in the alarm style) and status; who answers for it and
/// its source; its measures; the newest entries and how many more.
pub fn case_lines<'a>(s: &State, v: &View, width: usize) -> Vec<Line<'a>> {
    let Some(c) = s.case.as_ref() else {
        return Vec::new();
    };
    let (m, theme) = (v.ctx, v.theme);
    let (w, d) = (case_words(m.lang), case_desk_words(m.lang));
    let colon = m.lang.text().colon;
    let late = c.is_overdue(m.today);
    let head = format!(
        "{}{colon}{} {}  {} {}{}  {} {}",
        w.mark,
        w.leader,
        s.names.staff(&c.leader),
        w.due,
        c.due,
        if late { format!(" {}", w.overdue) } else { String::new() },
        w.status,
        m.lang.case_status(c.status)
    );
    let style = if late { theme.warn() } else { theme.title() };
    let mut lines = vec![Line::styled(fit_text(&head, width), style)];
    let source = [
        Some(m.lang.case_source(c.source)),
        c.assigned_by.as_deref(),
        c.assigned_no.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let who = format!(
        "  {} {} {}  {} {source}",
        d.head_responsible,
        s.names.unit(&c.unit),
        s.names.staff(&c.owner),
        w.source
    );
    lines.push(Line::from(fit_text(&who, width)));
    let measures = format!("  {} {}", d.head_measures, c.measures);
    let rows = wrap(&measures, width);
    let shown = rows.len().min(MEASURES_ROWS);
    for (i, row) in rows.iter().take(shown).enumerate() {
        let row = if i + 1 == shown && rows.len() > shown {
            fit_text(&format!("{row}…"), width)
        } else {
            row.clone()
        };
        lines.push(Line::from(row));
    }
    lines.extend(entry_lines(c, s, v, width));
    lines
}

/// The case's log entries and changes of status, newest first: date,
/// what, who and the note or reason; then how many more there are.
fn entry_lines<'a>(c: &Case, s: &State, v: &View, width: usize) -> Vec<Line<'a>> {
    let m = v.ctx;
    let mut entries: Vec<(crate::domain::Ts, String)> = c
        .log
        .iter()
        .map(|e| {
            let what = m.lang.case_log_kind(e.kind);
            (e.at, format!("{what} {} {}", s.names.staff(&e.by), e.note))
        })
        .chain(c.changes.iter().map(|x| {
            let what = m.lang.case_status(x.status);
            let why = x.reason.as_deref().unwrap_or("");
            (x.at, format!("{what} {} {why}", s.names.staff(&x.by)))
        }))
        .collect();
    // Newest first; at the same moment the one recorded later first.
    entries.sort_by_key(|(at, _)| *at);
    entries.reverse();
    let mut lines: Vec<Line> = entries
        .iter()
        .take(ENTRIES)
        .map(|(at, text)| {
            let text = format!("  {} {}", date(*at), text.trim_end());
            Line::styled(fit_text(&text, width), v.theme.dim())
        })
        .collect();
    if entries.len() > ENTRIES {
        let more = case_desk_words(m.lang)
            .more
            .replace("{n}", &(entries.len() - ENTRIES).to_string());
        lines.push(Line::styled(format!("  {more}"), v.theme.dim()));
    }
    lines
}

/// Widest label of the case's forms, in columns.
const LABEL_WIDTH: usize = 12;

/// One of the case's forms over the matter.
pub fn draw_form(f: &mut Frame, area: Rect, s: &State, form: &CaseForm, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let d = case_desk_words(m.lang);
    let ledger = s.matter.as_ref().map_or(String::new(), |x| x.ledger.to_string());
    let title = format!("{} {ledger}", form.deed.label(m.lang));
    let rows: Vec<FormRow> = form
        .fields()
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let focused = i == form.focus;
            let caret = form.input(*field).filter(|_| focused).map(|x| x.caret_column());
            FormRow {
                label: label(*field, m.lang),
                value: value(form, *field, s, v),
                focused,
                caret,
            }
        })
        .collect();
    let last = form_last_line(None, form.error.as_deref(), d.keys, theme);
    form_box(f, area, &title, (&rows, LABEL_WIDTH), last, theme);
}

/// What a field shows: a choice between ‹ ›, or the text typed (a login
/// followed by the name it is).
fn value(form: &CaseForm, field: CaseField, s: &State, v: &View) -> String {
    let m = v.ctx;
    let d = case_desk_words(m.lang);
    let none = m.lang.text().none;
    let choice = |x: &str| format!("‹ {x} ›");
    match field {
        CaseField::Source => choice(m.lang.case_source(form.source)),
        CaseField::Leader => match form.leaders.get(form.leader) {
            Some((login, name)) if form.receiving.as_deref() == Some(login) => {
                format!("{}{}", choice(name), d.receiving)
            }
            Some((_, name)) => choice(name),
            None => choice(none),
        },
        CaseField::Unit => choice(form.units.get(form.unit).map_or(none, |u| u.name.as_str())),
        CaseField::LogKind => choice(m.lang.case_log_kind(form.kind)),
        CaseField::Status => choice(form.chosen_status().map_or(none, |x| m.lang.case_status(x))),
        CaseField::Owner => {
            let login = form.owner.text();
            match s.names.staff.get(login.trim()) {
                Some(name) => format!("{login}  {name}"),
                None => login.to_string(),
            }
        }
        other => form.input(other).map(|x| x.text().to_string()).unwrap_or_default(),
    }
}

