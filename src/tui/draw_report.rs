//! Drawing the report screens: the period and what is being computed, the
//! ranked scorecard with a bar per town, the statistics with a monthly trend,
//! and the villages with no contact.

use super::draw::{block, pad};
use super::model::Model;
use super::theme::Theme;
use crate::i18n::words;
use crate::service::report::Rate;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Sparkline, Table, TableState};
use ratatui::Frame;

/// Columns of a score bar (100 points).
const BAR: usize = 10;

/// The period line: what it covers and what is being computed.
fn period_line<'a>(m: &'a Model, keys: &'a str, theme: &Theme) -> Vec<Line<'a>> {
    let w = words(m.lang);
    let t = m.lang.text();
    let p = m.report.picker.period();
    let mut head = vec![Span::styled(
        format!("{} {} {} {}", w.period, p.from, w.to, p.to),
        theme.title(),
    )];
    if let Some((_, percent)) = m.report.running {
        head.push(Span::styled(
            format!("  {} {percent}%", t.computing),
            theme.warn(),
        ));
    }
    vec![Line::from(head), Line::styled(keys, theme.dim())]
}

fn bar(score: i64, ascii: bool) -> String {
    let full = (score.clamp(0, 100) as usize * BAR).div_ceil(100);
    let (on, off) = if ascii { ('#', '.') } else { ('█', '·') };
    std::iter::repeat_n(on, full)
        .chain(std::iter::repeat_n(off, BAR - full))
        .collect()
}

pub fn scorecard(f: &mut Frame, m: &Model, area: Rect, theme: &Theme) {
    let w = words(m.lang);
    let t = m.lang.text();
    let r = &m.report;
    let rules = r.rules();
    let outer = block(&rules.name, theme);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let [head, table] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    f.render_widget(
        Paragraph::new(period_line(m, t.report_keys_scorecard, theme)),
        head,
    );
    let Some(scores) = &r.scores else { return };
    let mut header = vec![
        Cell::from(w.rank),
        Cell::from(w.town),
        Cell::from(w.score),
        Cell::from(""),
        Cell::from(w.result),
    ];
    for (i, c) in rules.criteria.iter().enumerate() {
        let cell = Cell::from(c.label.as_str());
        header.push(if i == r.column {
            cell.style(theme.selected())
        } else {
            cell
        });
    }
    let rows: Vec<Row> = scores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let result = if s.pass { w.pass } else { w.fail };
            let mut cells = vec![
                Cell::from(format!("{}", i + 1)),
                Cell::from(pad(&s.name, 8)),
                Cell::from(format!("{:>4}", s.score)),
                Cell::from(bar(s.score, theme.ascii)),
                Cell::from(result).style(if s.pass { theme.dim() } else { theme.warn() }),
            ];
            for c in &rules.criteria {
                let n = s.criteria.get(&c.id).copied().unwrap_or_default();
                cells.push(Cell::from(format!("{}/{}", n.batches, n.persons)));
            }
            Row::new(cells)
        })
        .collect();
    let mut widths = vec![
        Constraint::Length(4),
        Constraint::Length(10),
        Constraint::Length(4),
        Constraint::Length(BAR as u16),
        Constraint::Length(6),
    ];
    widths.extend(rules.criteria.iter().map(|_| Constraint::Fill(1)));
    let table_widget = Table::new(rows, widths)
        .header(Row::new(header).style(theme.title()))
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(theme.selected());
    let mut state = TableState::default().with_selected(Some(r.selected));
    f.render_stateful_widget(table_widget, table, &mut state);
}

fn rate_line<'a>(label: &'a str, rate: &Rate) -> Line<'a> {
    let pct = rate
        .percent()
        .map_or("—".to_string(), |p| format!("{p:5.1}%"));
    Line::from(format!(
        "{} {pct}  ({}/{})",
        pad(label, 14),
        rate.num,
        rate.den
    ))
}

/// `code count` pairs, largest first, as one line of names.
fn counts<'a>(
    items: impl Iterator<Item = (&'a String, &'a u64)>,
    name: impl Fn(&str) -> String,
    limit: usize,
) -> String {
    let mut v: Vec<(&String, &u64)> = items.filter(|(_, n)| **n > 0).collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.iter()
        .take(limit)
        .map(|(code, n)| format!("{} {n}", name(code)))
        .collect::<Vec<_>>()
        .join("  ")
}

pub fn stats(f: &mut Frame, m: &Model, area: Rect, theme: &Theme) {
    let w = words(m.lang);
    let t = m.lang.text();
    let outer = block(w.stats, theme);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let [head, body, trend] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(3),
    ])
    .areas(inner);
    f.render_widget(
        Paragraph::new(period_line(m, t.report_keys_stats, theme)),
        head,
    );
    let Some(s) = &m.report.stats else { return };
    let names = &m.report.names;
    let channel = |c: &str| {
        crate::domain::Channel::from_code(c).map_or(c.to_string(), |x| m.lang.channel(x).into())
    };
    let level = |c: &str| {
        crate::domain::Level::from_code(c).map_or(c.to_string(), |x| m.lang.level(x).into())
    };
    let kind = |c: &str| {
        crate::domain::MatterKind::from_code(c).map_or(c.to_string(), |x| m.lang.kind(x).into())
    };
    let category = |c: &str| names.categories.get(c).cloned().unwrap_or_else(|| c.into());
    let town = |c: &str| names.towns.get(c).cloned().unwrap_or_else(|| c.into());
    let none = |s: String| {
        if s.is_empty() {
            t.no_data.to_string()
        } else {
            s
        }
    };
    let lines = vec![
        Line::from(format!(
            "{} {}  {} {}",
            w.contacts_total, s.contacts, w.persons_total, s.persons,
        )),
        Line::from(format!(
            "{} {}  {} {}  {} {}  {} {}",
            w.collective_batches,
            s.collective.batches,
            w.collective_persons,
            s.collective.persons,
            w.skip_level,
            s.skip_level,
            w.abnormal,
            s.abnormal
        )),
        rate_line(w.timely_acceptance, &s.timely_acceptance),
        rate_line(w.on_time, &s.on_time),
        rate_line(w.one_time, &s.one_time),
        rate_line(w.satisfaction, &s.satisfaction),
        rate_line(w.participation, &s.participation),
        rate_line(w.repeat, &s.repeat),
        Line::from(format!(
            "{} {}",
            pad(w.by_channel, 10),
            none(counts(s.by_channel.iter(), channel, 4))
        )),
        Line::from(format!(
            "{} {}",
            pad(w.by_level, 10),
            none(counts(s.by_level.iter(), level, 5))
        )),
        Line::from(format!(
            "{} {}",
            pad(w.by_category, 10),
            none(counts(s.by_category.iter(), category, 5))
        )),
        Line::from(format!(
            "{} {}",
            pad(w.by_kind, 10),
            none(counts(s.by_kind.iter(), kind, 3))
        )),
        Line::from(format!(
            "{} {}",
            pad(w.by_town, 10),
            none(counts(s.by_town.iter(), town, 5))
        )),
    ];
    f.render_widget(Paragraph::new(lines), body);
    let [label, spark] =
        Layout::horizontal([Constraint::Length(28), Constraint::Min(1)]).areas(trend);
    // Each month as wide as the space allows, so a year reads at a glance.
    let each = (usize::from(spark.width) / s.monthly.len().max(1)).max(1);
    let values: Vec<u64> = s
        .monthly
        .iter()
        .flat_map(|(_, n)| std::iter::repeat_n(*n, each))
        .collect();
    let first = s.monthly.first().map_or("", |(m, _)| m.as_str());
    let last = s.monthly.last().map_or("", |(m, _)| m.as_str());
    f.render_widget(
        Paragraph::new(vec![
            Line::from(t.trend),
            Line::styled(format!("{first} {} {last}", w.to), theme.dim()),
        ]),
        label,
    );
    let mut sparkline = Sparkline::default().data(&values).style(theme.title());
    if theme.ascii {
        // Block elements are ambiguous-width: some terminals draw them double.
        sparkline = sparkline.bar_set(ratatui::symbols::bar::Set {
            full: "#",
            seven_eighths: "#",
            three_quarters: "=",
            five_eighths: "=",
            half: "-",
            three_eighths: "-",
            one_quarter: ".",
            one_eighth: ".",
            empty: " ",
        });
    }
    f.render_widget(sparkline, spark);
}

pub fn villages(f: &mut Frame, m: &Model, area: Rect, theme: &Theme) {
    let w = words(m.lang);
    let t = m.lang.text();
    let r = &m.report;
    let count = r.villages.as_ref().map_or(0, Vec::len);
    let title = format!("{} ({count})", w.zero_visit);
    let outer = block(&title, theme);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let [head, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    f.render_widget(Paragraph::new(period_line(m, "", theme)), head);
    let Some(villages) = &r.villages else { return };
    let lines: Vec<Line> = villages
        .iter()
        .map(|v| {
            Line::from(format!(
                "{}  {}  {}",
                pad(m.town_name(&v.town), 10),
                v.code,
                v.name
            ))
        })
        .collect();
    if lines.is_empty() {
        f.render_widget(Paragraph::new(t.no_data), list);
    } else {
        f.render_widget(Paragraph::new(lines), list);
    }
}
