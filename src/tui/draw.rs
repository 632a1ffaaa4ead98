//! Drawing: a pure function of the model, the keymap and the theme.

use super::action::Action;
use super::draw_lists::{contact_marks, contact_table, home, list, list_label, matter_table};
use super::keymap::Keymap;
use super::model::{Model, Screen};
use super::theme::Theme;
use crate::domain::Ts;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, HighlightSpacing, Paragraph, Row, Table, TableState};
use ratatui::Frame;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// The actions the hint bar offers on each screen, in order.
fn hint_actions(screen: Screen) -> &'static [Action] {
    match screen {
        Screen::Home => &[
            Action::Help,
            Action::Open,
            Action::Lookup,
            Action::Register,
            Action::Matters,
            Action::Quit,
        ],
        Screen::List => &[
            Action::Help,
            Action::Open,
            Action::NextList,
            Action::CloseReady,
            Action::Back,
            Action::Quit,
        ],
        Screen::Lookup => &[Action::Help, Action::Open, Action::Back, Action::Quit],
        Screen::Card => &[
            Action::Help,
            Action::Open,
            Action::Reveal,
            Action::Back,
            Action::Quit,
        ],
        Screen::Matter => &[Action::Act, Action::Back, Action::Quit],
        Screen::Register => &[Action::NextField, Action::Save, Action::Back, Action::Help],
        Screen::Scorecard => &[Action::Help, Action::Open, Action::Export, Action::Back],
        Screen::Stats => &[Action::Help, Action::Export, Action::Back, Action::Quit],
        Screen::Drill => &[Action::Help, Action::Open, Action::Back, Action::Quit],
        Screen::Audit => &[
            Action::Help,
            Action::AuditFilter,
            Action::Back,
            Action::Quit,
        ],
        Screen::Staff => &[
            Action::StaffAdd,
            Action::StaffDisable,
            Action::StaffEnable,
            Action::StaffRole,
            Action::Back,
            Action::Help,
        ],
        Screen::ZeroVisit | Screen::Help => &[Action::Back, Action::Quit],
    }
}

pub fn draw(f: &mut Frame, m: &Model, keys: &Keymap, theme: &Theme) {
    let area = f.area();
    let t = m.lang.text();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!("{} ({}×{})", t.too_small, area.width, area.height);
        f.render_widget(Paragraph::new(msg).style(theme.warn()), area);
        return;
    }
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let title = match m.screen() {
        Screen::Home => t.screen_home,
        Screen::Lookup => t.screen_lookup,
        Screen::Card => t.screen_card,
        Screen::Matter => t.screen_matter,
        Screen::List => list_label(m, m.list),
        Screen::Register => t.screen_register,
        Screen::Scorecard => crate::i18n::words(m.lang).scorecard,
        Screen::Stats => crate::i18n::words(m.lang).stats,
        Screen::Drill => crate::i18n::words(m.lang).contacts,
        Screen::ZeroVisit => crate::i18n::words(m.lang).zero_visit,
        Screen::Audit => crate::i18n::admin_words(m.lang).screen_audit,
        Screen::Staff => crate::i18n::admin_words(m.lang).screen_staff,
        Screen::Help => t.screen_help,
    };
    f.render_widget(
        Line::from(vec![
            Span::styled(format!(" xfdesk {} ", t.app_title), theme.title()),
            Span::raw(format!("│ {title} │ {} │ {}", m.user, m.today)),
        ]),
        header,
    );
    match m.screen() {
        Screen::Home => home(f, m, keys, body, theme),
        Screen::List => list(f, m, keys, body, theme),
        Screen::Register => super::draw_form::draw(f, m, body, theme),
        Screen::Scorecard => super::draw_report::scorecard(f, m, body, theme),
        Screen::Stats => super::draw_report::stats(f, m, body, theme),
        Screen::Drill => {
            let title = &m.report.drill_title;
            let r = &m.report;
            contact_table(f, m, &r.drill, title, r.drill_selected, body, theme)
        }
        Screen::ZeroVisit => super::draw_report::villages(f, m, body, theme),
        Screen::Audit => super::draw_admin::audit(f, m, body, theme),
        Screen::Staff => super::draw_admin::staff(f, m, body, theme),
        Screen::Lookup => lookup(f, m, body, theme),
        Screen::Card => card(f, m, body, theme),
        Screen::Matter => matter(f, m, body, theme),
        Screen::Help => help(f, m, keys, body, theme),
    }
    super::draw_popup::draw(f, m, body, theme);
    if let Some(s) = &m.status {
        f.render_widget(Span::styled(s.as_str(), theme.warn()), status);
    }
    f.render_widget(hints(m, keys, theme), footer);
}

fn hints<'a>(m: &'a Model, keys: &Keymap, theme: &Theme) -> Line<'a> {
    let screen = m.screen();
    let mut spans = Vec::new();
    for a in hint_actions(screen) {
        if let Some(k) = keys.keys_for(screen.section(), *a).first() {
            spans.push(Span::styled(format!("{k}"), theme.key()));
            spans.push(Span::raw(format!(" {}  ", a.describe(m.lang))));
        }
    }
    Line::from(spans)
}

/// `s` followed by spaces up to `width` display columns.
pub(super) fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// A list whose selected row is marked by `> ` and its first cell in reverse
/// video: a cursor move repaints a few cells, not two whole rows (bytes on
/// a thin SSH link). The table scrolls to keep the selection in view.
/// `columns` are the headings and their widths.
pub(super) fn selectable(
    f: &mut Frame,
    rows: Vec<Vec<String>>,
    columns: &[(&str, Constraint)],
    title: &str,
    (selected, area): (usize, Rect),
    theme: &Theme,
) {
    let header = Row::new(columns.iter().map(|(h, _)| *h)).style(theme.title());
    let widths = columns.iter().map(|(_, w)| *w);
    let rows: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .map(|(i, cells)| {
            Row::new(cells.into_iter().enumerate().map(|(c, text)| {
                let cell = Cell::from(text);
                if i == selected && c == 0 {
                    cell.style(theme.selected())
                } else {
                    cell
                }
            }))
        })
        .collect();
    let table = Table::new(rows, widths)
        .header(header)
        .block(block(title, theme))
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(Some(selected));
    f.render_stateful_widget(table, area, &mut state);
}

pub(super) fn block<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(Span::styled(title, theme.title()))
}

fn lookup(f: &mut Frame, m: &Model, area: Rect, theme: &Theme) {
    let t = m.lang.text();
    let [input, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    let text = if m.query.text().is_empty() {
        Line::from(vec![
            Span::raw(t.query_prompt),
            Span::styled(t.query_hint, theme.dim()),
        ])
    } else {
        Line::from(vec![Span::raw(t.query_prompt), Span::raw(m.query.text())])
    };
    f.render_widget(
        Paragraph::new(text).block(block(t.screen_lookup, theme)),
        input,
    );
    // The real cursor at the caret, so an IME's candidate window follows it.
    let prompt = unicode_width::UnicodeWidthStr::width(t.query_prompt) as u16;
    f.set_cursor_position((input.x + 1 + prompt + m.query.caret_column(), input.y + 1));
    let rows: Vec<Vec<String>> = m
        .results
        .iter()
        .map(|r| {
            let mut marks = Vec::new();
            if r.long_standing {
                marks.push(t.long_standing);
            }
            if r.key_person {
                marks.push(t.key_person);
            }
            vec![
                r.name.clone(),
                r.id_number.clone().unwrap_or_default(),
                r.phones.first().cloned().unwrap_or_default(),
                r.town
                    .as_deref()
                    .map(|c| m.town_name(c).to_string())
                    .unwrap_or_default(),
                r.contacts.to_string(),
                marks.join(" "),
            ]
        })
        .collect();
    let columns = [
        (t.name, Constraint::Length(10)),
        (t.id_number, Constraint::Length(19)),
        (t.phones, Constraint::Length(12)),
        (t.town, Constraint::Length(12)),
        (t.contacts, Constraint::Length(8)),
        (t.marks, Constraint::Min(8)),
    ];
    selectable(f, rows, &columns, "", (m.selected, list), theme);
}

fn date(ts: Ts) -> String {
    ts.local_date(crate::domain::DEFAULT_TZ).to_string()
}

fn card(f: &mut Frame, m: &Model, area: Rect, theme: &Theme) {
    let t = m.lang.text();
    let Some(c) = &m.card else { return };
    let p = &c.petitioner;
    let [who, matters, contacts] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Percentage(45),
        Constraint::Min(3),
    ])
    .areas(area);
    let mut marks = Vec::new();
    if c.long_standing {
        marks.push(Span::styled(format!(" {} ", t.long_standing), theme.warn()));
    }
    if let Some(reason) = &p.key_person {
        marks.push(Span::styled(
            format!(" {}{}{reason} ", t.key_person, t.colon),
            theme.warn(),
        ));
    }
    // Masked numbers, or the whole ones this person asked to see.
    let revealed = m.revealed.as_ref().filter(|(id, _)| *id == p.id);
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
    let lines = vec![
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
    ];
    f.render_widget(
        Paragraph::new(lines).block(block(t.screen_card, theme)),
        who,
    );
    matter_table(f, m, &c.matters, t.matters, m.card_selected, matters, theme);
    let lines: Vec<Line> = c
        .contacts
        .iter()
        .map(|x| {
            let mut s = format!(
                "{} {} {} {}",
                date(x.at),
                m.lang.channel(x.channel),
                m.lang.level(x.level),
                x.matter
            );
            let marks = contact_marks(m, x);
            if !marks.is_empty() {
                s.push(' ');
                s.push_str(&marks);
            }
            Line::from(format!("{s}  {}", x.summary))
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines).block(block(t.timeline, theme)),
        contacts,
    );
}

fn matter(f: &mut Frame, m: &Model, area: Rect, theme: &Theme) {
    let t = m.lang.text();
    let Some(mt) = &m.matter else { return };
    let [head, events] = Layout::vertical([Constraint::Length(6), Constraint::Min(3)]).areas(area);
    let c = t.colon;
    let lines = vec![
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
            m.matter_due.map_or("—".to_string(), |d| d.to_string())
        )),
        Line::from(vec![
            Span::styled(format!("{}{c}", t.actions_title), theme.dim()),
            Span::raw(
                m.matter_actions
                    .iter()
                    .map(|a| m.lang.step(*a))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ]),
    ];
    f.render_widget(
        Paragraph::new(lines).block(block(t.screen_matter, theme)),
        head,
    );
    let lines: Vec<Line> = mt
        .events
        .iter()
        .skip(m.matter_scroll)
        .map(|e| {
            let satisfaction = e.satisfaction.map(|s| match m.lang {
                crate::i18n::Lang::Zh => s.zh(),
                crate::i18n::Lang::En => s.code(),
            });
            // 送达: how, and which notice (named as its action when it is one).
            let delivery = e.delivery.as_ref().map(|d| {
                let notice = crate::domain::Action::from_code(&d.notice)
                    .map_or(d.notice.as_str(), |a| m.lang.step(a));
                format!("{} {notice}", m.lang.delivery(d.method))
            });
            let detail: Vec<&str> = [
                e.unit.as_deref(),
                e.reason.as_deref(),
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
        })
        .collect();
    f.render_widget(Paragraph::new(lines).block(block(t.events, theme)), events);
}

/// The actions of the statistics screen, whose help also defines the rates.
const STATS_KEYS: &[Action] = &[
    Action::Help,
    Action::PrevPeriod,
    Action::NextPeriod,
    Action::PeriodMonth,
    Action::PeriodQuarter,
    Action::PeriodYear,
    Action::Export,
    Action::Back,
    Action::Quit,
];

/// Every action bound on the screen below help, with its keys, in two
/// columns so the whole map fits 80×24; on the statistics screen its own
/// keys and the definitions of its numbers.
fn help(f: &mut Frame, m: &Model, keys: &Keymap, area: Rect, theme: &Theme) {
    let t = m.lang.text();
    let below = m.stack.iter().rev().nth(1).copied().unwrap_or(Screen::Home);
    // The statistics' help: the screen's own keys, then how each number is
    // worked out, so a reader can check it by hand.
    let stats = below == Screen::Stats;
    let rows: Vec<Row> = Action::ALL
        .iter()
        .filter(|a| !stats || STATS_KEYS.contains(a))
        .filter_map(|a| {
            let bound: Vec<String> = keys
                .keys_for(below.section(), *a)
                .iter()
                .map(|k| k.to_string())
                .collect();
            (!bound.is_empty())
                .then(|| Row::new(vec![bound.join(" / "), a.describe(m.lang).to_string()]))
        })
        .collect();
    let outer = block(t.screen_help, theme);
    let mut inner = outer.inner(area);
    f.render_widget(outer, area);
    if stats {
        let w = crate::i18n::words(m.lang);
        let keys_height = (rows.len().div_ceil(2) + 1) as u16;
        let [top, notes] =
            Layout::vertical([Constraint::Length(keys_height), Constraint::Min(1)]).areas(inner);
        inner = top;
        // Each definition names its rate first: no heading, so all fit 80×24.
        let lines: Vec<Line> = w.definitions.iter().map(|d| Line::from(*d)).collect();
        f.render_widget(
            Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
            notes,
        );
    }
    let columns: [Rect; 2] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
    let per_column = usize::from(inner.height.saturating_sub(1)).max(1);
    let mut rows = rows.into_iter();
    for column in columns {
        let chunk: Vec<Row> = rows.by_ref().take(per_column).collect();
        let header = Row::new(vec![t.key, t.action]).style(theme.title());
        f.render_widget(
            Table::new(chunk, [Constraint::Length(18), Constraint::Fill(1)]).header(header),
            column,
        );
    }
}
