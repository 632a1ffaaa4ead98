//! Statistics (F6) over the picked period: totals, the statutory rates with
//! their numerators and denominators, counts by channel, level, kind,
//! category and town, and the monthly trend; `e` exports the sheet.

use crate::i18n::words;
use crate::service::report::{Rate, Stats};
use crate::tui::theme::Theme;
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::report::ReportState;
use crate::tui::report_screens::{export, open_report};
use crate::tui::screen::{keep, shell, unchanged, Def};
use crate::tui::widgets::period::period_line;
use crate::tui::widgets::{block, pad};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Sparkline};
use ratatui::Frame;

#[derive(Default)]
pub struct State;

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
    offers: |_, _, a| {
        use Action as A;
        shell(a)
            || matches!(
                a,
                A::PrevPeriod
                    | A::NextPeriod
                    | A::PeriodMonth
                    | A::PeriodQuarter
                    | A::PeriodYear
                    | A::Export
            )
    },
};

fn update(_: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    if m.report.period_key(a) {
        m.report.ask_stats();
        return Effect::None;
    }
    match a {
        Action::Export => export(m, false),
        _ => Effect::Pass,
    }
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

fn draw(f: &mut Frame, area: Rect, _: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let w = words(m.lang);
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
        Paragraph::new(period_line(m, m.lang.text().report_keys_stats, theme)),
        head,
    );
    let Some(s) = &m.report.stats else { return };
    f.render_widget(Paragraph::new(numbers(m, s)), body);
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
    let by = |label: &str, shown: String| {
        let shown = if shown.is_empty() {
            t.no_data.to_string()
        } else {
            shown
        };
        Line::from(format!("{} {shown}", pad(label, 10)))
    };
    vec![
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
        by(w.by_channel, counts(s.by_channel.iter(), channel, 4)),
        by(w.by_level, counts(s.by_level.iter(), level, 5)),
        by(w.by_category, counts(s.by_category.iter(), category, 5)),
        by(w.by_kind, counts(s.by_kind.iter(), kind, 3)),
        by(w.by_town, counts(s.by_town.iter(), town, 5)),
    ]
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

