//! Statistics (F6) over the picked period: totals, the statutory rates with
//! their numerators and denominators, counts by channel, level, kind,
//! category and town (every row, scrolled with ↑/↓ and PageUp/PageDown), and
//! the monthly trend; `e` exports the sheet.

use crate::i18n::words;
use crate::service::report::{Rate, Stats};
use crate::tui::theme::Theme;
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::report::{Export, ReportState};
use crate::tui::report_screens::{export, offers_report, open_report};
use crate::tui::screen::{keep, moves, unchanged, Def};
use crate::tui::widgets::table::PAGE;
use crate::tui::widgets::period::period_head;
use crate::tui::widgets::{block, pad};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Sparkline};
use ratatui::Frame;

#[derive(Default)]
pub struct State {
    /// The first line of the numbers shown.
    pub scroll: usize,
    /// How many lines of numbers the last drawing had room for.
    pub shown: std::cell::Cell<usize>,
}

pub const DEF: Def<State> = Def {
    section: "stats",
    hints: &[Action::Help, Action::Export, Action::Back, Action::Quit],
    title: |_, m| words(m.lang).stats.into(),
    takes_text: |_| false,
    opened_by: |a| (a == Action::Statistics).then_some(Go::To("stats")),
    open: |_, m, _| open_report(m, ReportState::ask_stats),
    update,
    refresh: unchanged,
    hidden: keep,
    draw,
    offers: |_, _, a| moves(a) || offers_report(a, &[]),
};

fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    if m.report.period_key(a) {
        m.report.ask_stats();
        s.scroll = 0;
        return Effect::None;
    }
    let lines = m.report.stats.as_ref().map_or(0, |st| numbers(m, st).len());
    let last = lines.saturating_sub(s.shown.get().max(1));
    s.scroll = match a {
        Action::Export => return export(m, Export::Stats),
        Action::Up => s.scroll.saturating_sub(1),
        Action::Down => s.scroll + 1,
        Action::PageUp => s.scroll.saturating_sub(PAGE),
        Action::PageDown => s.scroll + PAGE,
        Action::First => 0,
        Action::Last => last,
        _ => return Effect::Pass,
    }
    .min(last);
    Effect::None
}

/// A rate with its numerator and denominator.
fn rate_text(label: &str, rate: &Rate) -> String {
    let pct = rate
        .percent()
        .map_or(format!("{:>6}", "—"), |p| format!("{p:5.1}%"));
    format!("{label} {pct}  ({}/{})", rate.num, rate.den)
}

/// Columns inside the screen's border at 80.
const WIDE: usize = 78;

fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `parts` in as few lines of `WIDE` columns as hold them whole, `gap`
/// spaces apart (a padded part keeps its padding, so columns line up): a
/// number is never cut from its label.
fn pack(parts: &[String], gap: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for p in parts {
        if !line.is_empty() && width(&line) + gap + width(p.trim_end()) > WIDE {
            lines.push(Line::from(line.trim_end().to_string()));
            line.clear();
        }
        if !line.is_empty() {
            line.push_str(&" ".repeat(gap));
        }
        line.push_str(p);
    }
    if !line.is_empty() {
        lines.push(Line::from(line.trim_end().to_string()));
    }
    lines
}

/// Half of the 78 columns inside the screen's border.
const HALF: usize = 39;

/// `(name, count)` of every code counted, largest first.
fn counts<'a>(
    items: impl Iterator<Item = (&'a String, &'a u64)>,
    name: impl Fn(&str) -> String,
) -> Vec<(String, u64)> {
    let mut v: Vec<(&String, &u64)> = items.filter(|(_, n)| **n > 0).collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.into_iter().map(|(code, n)| (name(code), *n)).collect()
}

fn draw(f: &mut Frame, area: Rect, st: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let w = words(m.lang);
    let outer = block(w.stats, theme);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let rest = period_head(f, inner, m, m.lang.text().report_keys_stats, theme);
    let [body, trend] = Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(rest);
    let Some(s) = &m.report.stats else { return };
    let lines = numbers(m, s);
    let room = usize::from(body.height);
    st.shown.set(room);
    let from = st.scroll.min(lines.len().saturating_sub(room));
    let more = lines.len() > from + room;
    let mut shown: Vec<Line> = lines.into_iter().skip(from).take(room).collect();
    if more {
        // The last line says there is more below rather than hiding it.
        if let Some(l) = shown.last_mut() {
            *l = Line::styled(m.lang.text().more_below, theme.dim());
        }
    }
    f.render_widget(Paragraph::new(shown), body);
    draw_trend(f, trend, m, s, theme);
}

/// Totals, the rates, and the counts by channel, level, category, kind and town.
fn numbers<'a>(m: &'a Ctx, s: &'a Stats) -> Vec<Line<'a>> {
    let w = words(m.lang);
    let t = m.lang.text();
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
    let by = |label: &str, shown: Vec<(String, u64)>| {
        let shown = if shown.is_empty() {
            t.no_data.to_string()
        } else {
            shown
                .iter()
                .map(|(name, n)| format!("{name} {n}"))
                .collect::<Vec<_>>()
                .join("  ")
        };
        Line::from(format!("{} {shown}", pad(label, 10)))
    };
    let rates = [
        (w.timely_acceptance, &s.timely_acceptance),
        (w.on_time, &s.on_time),
        (w.one_time, &s.one_time),
        (w.satisfaction, &s.satisfaction),
        (w.participation, &s.participation),
        (w.repeat, &s.repeat),
    ];
    // Totals packed into as few lines as fit; the rates in columns of one
    // width, two to a line where two fit (Chinese), else one (English).
    let totals = [
        format!("{} {}", w.contacts_total, s.contacts),
        format!("{} {}", w.persons_total, s.persons),
        format!("{} {}", w.collective_batches, s.collective.batches),
        format!("{} {}", w.collective_persons, s.collective.persons),
        format!("{} {}", w.skip_level, s.skip_level),
        format!("{} {}", w.abnormal, s.abnormal),
    ];
    let mut lines = pack(&totals[..2], 2);
    lines.extend(pack(&totals[2..], 2));
    let label = rates.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
    let rates: Vec<String> = rates
        .iter()
        .map(|(l, r)| rate_text(&pad(l, label), r))
        .collect();
    let column = rates.iter().map(|r| width(r)).max().unwrap_or(0) + 3;
    let rates: Vec<String> = rates.iter().map(|r| pad(r, column)).collect();
    lines.extend(pack(&rates, 0));
    lines.extend([
        by(w.by_channel, counts(s.by_channel.iter(), channel)),
        by(w.by_level, counts(s.by_level.iter(), level)),
        by(w.by_kind, counts(s.by_kind.iter(), kind)),
    ]);
    let cats = counts(s.by_category.iter(), category);
    let towns = counts(s.by_town.iter(), town);
    lines.extend(side_by_side(m, &cats, &towns));
    lines
}

/// Categories and towns can be many: every one on a line of its own,
/// categories on the left and towns on the right, scrolled with the rest.
fn side_by_side<'a>(m: &Ctx, cats: &[(String, u64)], towns: &[(String, u64)]) -> Vec<Line<'a>> {
    let (w, t) = (words(m.lang), m.lang.text());
    let mut out = Vec::new();
    let heading = |label: &str, v: &[(String, u64)]| {
        if v.is_empty() {
            format!("{} {}", pad(label, 10), t.no_data)
        } else {
            label.to_string()
        }
    };
    out.push(Line::from(format!(
        "{}{}",
        pad(&heading(w.by_category, cats), HALF),
        heading(w.by_town, towns)
    )));
    let row = |v: &[(String, u64)], i: usize| {
        v.get(i)
            .map(|(name, n)| format!("  {} {n:>6}", pad(name, 22)))
            .unwrap_or_default()
    };
    for i in 0..cats.len().max(towns.len()) {
        out.push(Line::from(format!(
            "{}{}",
            pad(&row(cats, i), HALF),
            row(towns, i)
        )));
    }
    out
}

/// The monthly trend as a sparkline with its first and last month.
fn draw_trend(f: &mut Frame, area: Rect, m: &Ctx, s: &Stats, theme: &Theme) {
    let (w, t) = (words(m.lang), m.lang.text());
    let [label, spark] =
        Layout::horizontal([Constraint::Length(28), Constraint::Min(1)]).areas(area);
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

