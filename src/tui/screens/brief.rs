//! The monthly brief (F9, 信访摘报) over the picked period: the totals with
//! their change against the period before and a year before, the hotspots
//! as bars, the scorecard's failing towns, the weakest units and the
//! twelve-month trend; `u` opens the units' table, `e` exports the brief's
//! workbook.

use crate::i18n::{brief_words, Lang};
use crate::service::report::{Brief, Hotspot};
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::report::{Export, ReportState};
use crate::tui::report_screens::{export, offers_report, open_report};
use crate::tui::screen::{keep, unchanged, Def};
use crate::tui::widgets::period::period_head;
use crate::tui::widgets::{block, fit_text, pad};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Sparkline};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

#[derive(Default)]
pub struct State;

pub const DEF: Def<State> = Def {
    section: "brief",
    hints: &[Action::Help, Action::Units, Action::Export, Action::Back],
    title: |_, m| brief_words(m.lang).brief.into(),
    takes_text: |_| false,
    opened_by: |a| (a == Action::Brief).then_some(Go::To("brief")),
    open: |_, m, _| open_report(m, ReportState::ask_brief),
    update,
    refresh: unchanged,
    hidden: keep,
    draw,
    offers: |_, _, a| offers_report(a, &[Action::Units]),
};

fn update(_: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    if m.report.period_key(a) {
        m.report.ask_brief();
        return Effect::None;
    }
    match a {
        Action::Export => export(m, Export::Brief),
        Action::Units => Effect::Go(Go::To("units")),
        _ => Effect::Pass,
    }
}

/// `+12.5%`, or nothing against zero.
fn change(now: u64, before: u64) -> String {
    if before == 0 {
        "—".into()
    } else {
        format!("{:+.1}%", (now as f64 - before as f64) * 100.0 / before as f64)
    }
}

/// The totals against the period before and a year before: a heading row,
/// then label, count and the two changes in columns that fit 44 cells.
fn totals(b: &Brief, lang: Lang) -> Vec<Line<'static>> {
    let bw = brief_words(lang);
    let (s, p, y) = (&b.stats, &b.previous_stats, &b.a_year_before_stats);
    let counts = [
        (s.contacts, p.contacts, y.contacts),
        (s.persons, p.persons, y.persons),
        (s.repeat.num, p.repeat.num, y.repeat.num),
        (s.skip_level, p.skip_level, y.skip_level),
        (s.collective.batches, p.collective.batches, y.collective.batches),
        (s.abnormal, p.abnormal, y.abnormal),
    ];
    let rows = bw.screen_totals.iter().zip(counts).map(|(l, (n, b, y))| (*l, n, b, y));
    const LABEL: usize = 16;
    let right = |s: &str, width: usize| format!("{}{s}", " ".repeat(width.saturating_sub(s.width())));
    let mut out = vec![Line::from(format!(
        "{}{}{}{}",
        pad("", LABEL),
        right(bw.screen_now, 7),
        right(bw.screen_change, 10),
        right(bw.screen_year, 10)
    ))];
    out.extend(rows.map(|(label, now, before, year)| {
        Line::from(format!(
            "{}{}{}{}",
            pad(&fit_text(label, LABEL), LABEL),
            right(&now.to_string(), 7),
            right(&change(now, before), 10),
            right(&change(now, year), 10)
        ))
    }));
    out
}

/// A hotspot as a bar as long as its rise against the largest.
fn bar_line(h: &Hotspot, most: i64, width: usize, ascii: bool) -> Line<'static> {
    let full = if most > 0 { (h.rise() * width as i64 / most).max(1) as usize } else { 0 };
    let bar: String = std::iter::repeat_n(if ascii { '#' } else { '█' }, full).collect();
    Line::from(format!("{} {bar} +{} ({})", pad(&fit_text(&h.name, 10), 10), h.rise(), h.now))
}

fn hotspot_lines(b: &Brief, v: &View) -> Vec<Line<'static>> {
    let bw = brief_words(v.ctx.lang);
    let mut out = Vec::new();
    for (label, list) in [(bw.category, &b.hot_categories), (bw.town, &b.hot_towns)] {
        out.push(Line::styled(format!("{} · {label}", bw.hotspots), v.theme.title()));
        if list.is_empty() {
            out.push(Line::styled(bw.none_rose.to_string(), v.theme.dim()));
        }
        let most = list.iter().map(Hotspot::rise).max().unwrap_or(0);
        out.extend(list.iter().take(3).map(|h| bar_line(h, most, 8, v.theme.ascii)));
    }
    out
}

/// The scorecard's failing towns and the weakest unit, one line each.
fn standing_lines(b: &Brief, v: &View) -> Vec<Line<'static>> {
    let bw = brief_words(v.ctx.lang);
    let scored = bw
        .scored
        .replace("{n}", &b.towns_scored.to_string())
        .replace("{failing}", &b.failing.len().to_string());
    let mut out = vec![Line::from(format!("{} {scored}", b.rules))];
    let names: Vec<String> = b.failing.iter().map(|s| format!("{} {}", s.name, s.score)).collect();
    if !names.is_empty() {
        out.push(Line::styled(fit_text(&names.join("  "), 76), v.theme.warn()));
    }
    if !b.cases.is_empty() {
        let c = crate::i18n::cases::case_words(v.ctx.lang);
        let sum = |f: fn(&crate::service::cases::report::CaseRow) -> u64| b.cases.iter().map(f).sum::<u64>();
        let line = format!(
            "{}{} {} {}  {} {}  {} {}",
            c.mark,
            v.ctx.lang.text().colon,
            c.open_now,
            sum(|r| r.open),
            c.resolved_in,
            sum(|r| r.resolved),
            c.overdue_now,
            sum(|r| r.overdue)
        );
        out.push(Line::from(fit_text(&line, 76)));
    }
    let weakest = b
        .units
        .iter()
        .rev()
        .find(|u| !u.unit.is_empty() && u.on_time.den > 0);
    if let Some(u) = weakest {
        out.push(Line::from(format!(
            "{}{} {} {}/{}",
            bw.lowest_on_time,
            fit_text(&u.name, 12),
            u.on_time.percent().map_or("—".into(), |p| format!("{p:.1}%")),
            u.on_time.num,
            u.on_time.den
        )));
    }
    out
}

fn draw(f: &mut Frame, area: Rect, _: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let bw = brief_words(m.lang);
    let outer = block(bw.brief, theme);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let rest = period_head(f, inner, m, bw.keys_brief, theme);
    let Some(b) = &m.report.brief else { return };
    let [top, standing, trend] = Layout::vertical([
        Constraint::Min(6),
        Constraint::Length(4),
        Constraint::Length(3),
    ])
    .areas(rest);
    let [left, right] =
        Layout::horizontal([Constraint::Length(44), Constraint::Min(20)]).areas(top);
    f.render_widget(Paragraph::new(totals(b, m.lang)), left);
    f.render_widget(Paragraph::new(hotspot_lines(b, v)), right);
    f.render_widget(Paragraph::new(standing_lines(b, v)), standing);
    let [label, spark] =
        Layout::horizontal([Constraint::Length(20), Constraint::Min(10)]).areas(trend);
    let (first, last) = (b.trend.first(), b.trend.last());
    let span = match (first, last) {
        (Some((a, _)), Some((z, _))) => format!("{a} – {z}"),
        _ => String::new(),
    };
    f.render_widget(
        Paragraph::new(vec![Line::from(bw.screen_trend), Line::styled(span, theme.dim())]),
        label,
    );
    let data: Vec<u64> = b.trend.iter().map(|(_, n)| *n).collect();
    f.render_widget(Sparkline::default().data(&data).style(theme.title()), spark);
}
