//! The units' table and the monthly brief as sheets: the same tables for the
//! text, the workbook and the document.

use super::{int, period_text, sheet, text, Cell, Names, Sheet};
use crate::domain::period::Period;
use crate::domain::rules::Rules;
use crate::domain::{Channel, Level};
use crate::i18n::{brief_words, words, Lang};
use crate::service::report::{Brief, Hotspot, Rate, Stats, UnitRow};

fn share(r: &Rate) -> Cell {
    r.percent().map_or(Cell::Empty, |p| Cell::Share(p / 100.0))
}

/// A rate as three cells: numerator, denominator, share.
fn rate_cells(r: &Rate) -> [Cell; 3] {
    [int(r.num), int(r.den), share(r)]
}

/// The units ranked best first: code, name, received, then each rate with
/// its numerator and denominator, and the matters overdue now.
pub fn units_sheet(rows: &[UnitRow], period: &Period, lang: Lang) -> Sheet {
    let (w, b) = (words(lang), brief_words(lang));
    let mut header: Vec<String> = vec![
        w.rank.into(),
        b.unit_code.into(),
        b.unit.into(),
        b.received.into(),
    ];
    for name in [w.timely_acceptance, w.on_time] {
        header.extend([
            format!("{name} {}", w.num),
            format!("{name} {}", w.den),
            name.to_string(),
        ]);
    }
    header.push(b.overdue_now.into());
    for name in [w.participation, w.satisfaction] {
        header.extend([
            format!("{name} {}", w.num),
            format!("{name} {}", w.den),
            name.to_string(),
        ]);
    }
    let body = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let name = if r.unit.is_empty() {
                b.no_unit
            } else {
                r.name.as_str()
            };
            let mut row = vec![
                Cell::Int(i as i64 + 1),
                text(&r.unit),
                text(name),
                int(r.received),
            ];
            row.extend(rate_cells(&r.timely_acceptance));
            row.extend(rate_cells(&r.on_time));
            row.push(int(r.overdue_now));
            row.extend(rate_cells(&r.participation));
            row.extend(rate_cells(&r.satisfaction));
            row
        })
        .collect();
    let title = format!("{} {}", b.units, period_text(period, w));
    let mut out = sheet(title, b.units, header, body, w);
    let mut notes = vec![b.unit_definition.to_string()];
    notes.extend(w.definitions.iter().map(|d| d.to_string()));
    out.notes = Some((w.notes.to_string(), notes));
    out
}

/// The change from `before` to `now` as a share (none from zero).
fn change(now: u64, before: u64) -> Cell {
    if before == 0 {
        Cell::Empty
    } else {
        Cell::Share((now as f64 - before as f64) / before as f64)
    }
}

/// The counts of the three periods side by side, with the changes.
fn summary_sheet(brief: &Brief, lang: Lang) -> Sheet {
    let (w, b) = (words(lang), brief_words(lang));
    let header = [
        b.item,
        b.this_period,
        b.previous,
        b.change,
        b.a_year_before,
        b.year_change,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let counts = |s: &Stats| -> Vec<(String, u64)> {
        let mut v = vec![
            (w.contacts_total.to_string(), s.contacts),
            (w.persons_total.to_string(), s.persons),
        ];
        for c in Channel::ALL {
            v.push((
                lang.channel(*c).to_string(),
                s.by_channel.get(c.code()).copied().unwrap_or(0),
            ));
        }
        for l in Level::ALL {
            v.push((
                lang.level(*l).to_string(),
                s.by_level.get(l.code()).copied().unwrap_or(0),
            ));
        }
        v.extend([
            (b.repeat_contacts.to_string(), s.repeat.num),
            (w.skip_level.to_string(), s.skip_level),
            (w.collective_batches.to_string(), s.collective.batches),
            (w.collective_persons.to_string(), s.collective.persons),
            (w.abnormal.to_string(), s.abnormal),
        ]);
        v
    };
    let (now, before, year) = (
        counts(&brief.stats),
        counts(&brief.previous_stats),
        counts(&brief.a_year_before_stats),
    );
    let rows = now
        .into_iter()
        .zip(before)
        .zip(year)
        .map(|(((item, n), (_, p)), (_, y))| {
            vec![
                text(item),
                int(n),
                int(p),
                change(n, p),
                int(y),
                change(n, y),
            ]
        })
        .collect();
    let title = format!(
        "{} {}（{} {}，{} {}）",
        b.summary,
        period_text(&brief.period, w),
        b.previous,
        brief.previous,
        b.a_year_before,
        brief.a_year_before
    );
    sheet(title, b.summary, header, rows, w)
}

fn hotspots_sheet(brief: &Brief, lang: Lang) -> Sheet {
    let (w, b) = (words(lang), brief_words(lang));
    let header = [b.hotspots, b.item, b.this_period, b.previous, b.rise]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut rows = Vec::new();
    for (group, list) in [
        (b.category, &brief.hot_categories),
        (b.town, &brief.hot_towns),
    ] {
        if list.is_empty() {
            rows.push(vec![text(group), text(b.none_rose)]);
        }
        for h in list {
            rows.push(hotspot_row(group, h));
        }
    }
    let title = format!("{} {}", b.hotspots, period_text(&brief.period, w));
    sheet(title, b.hotspots, header, rows, w)
}

fn hotspot_row(group: &str, h: &Hotspot) -> Vec<Cell> {
    vec![
        text(group),
        text(&h.name),
        int(h.now),
        int(h.before),
        Cell::Int(h.rise()),
    ]
}

/// The towns the scorecard failed, each with the criteria that cost it.
fn failing_sheet(brief: &Brief, rules: &Rules, lang: Lang) -> Sheet {
    let (w, b) = (words(lang), brief_words(lang));
    let header = [w.town_code, w.town, w.score, b.why]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut rows: Vec<Vec<Cell>> = brief
        .failing
        .iter()
        .map(|s| {
            let why: Vec<String> = rules
                .criteria
                .iter()
                .filter_map(|c| {
                    let n = s.criteria.get(&c.id).filter(|n| n.batches > 0)?;
                    Some(
                        b.batches_persons
                            .replace("{label}", &c.label)
                            .replace("{batches}", &n.batches.to_string())
                            .replace("{persons}", &n.persons.to_string()),
                    )
                })
                .collect();
            vec![
                text(&s.town),
                text(&s.name),
                Cell::Int(s.score),
                text(why.join("；")),
            ]
        })
        .collect();
    if rows.is_empty() {
        rows.push(vec![Cell::Empty, text(b.all_passed)]);
    }
    let scored = b
        .scored
        .replace("{n}", &brief.towns_scored.to_string())
        .replace("{failing}", &brief.failing.len().to_string());
    let title = format!(
        "{}{} {} {scored}",
        brief.rules,
        b.failing,
        period_text(&brief.period, w)
    );
    sheet(title, b.failing, header, rows, w)
}

fn trend_sheet(brief: &Brief, lang: Lang) -> Sheet {
    let (w, b) = (words(lang), brief_words(lang));
    let header = vec![b.month.to_string(), w.contacts_total.to_string()];
    let rows = brief
        .trend
        .iter()
        .map(|(month, n)| vec![text(month), int(*n)])
        .collect();
    sheet(b.trend.to_string(), b.trend, header, rows, w)
}

/// The brief's tables in reading order: summary, hotspots, units, the
/// scorecard's failing towns, the trend, the key cases by leader.
pub fn brief_sheets(brief: &Brief, rules: &Rules, _names: &Names, lang: Lang) -> Vec<Sheet> {
    vec![
        summary_sheet(brief, lang),
        hotspots_sheet(brief, lang),
        units_sheet(&brief.units, &brief.period, lang),
        failing_sheet(brief, rules, lang),
        trend_sheet(brief, lang),
        cases_sheet(brief, lang),
    ]
}

/// The key cases by leader, as the cases report has them.
fn cases_sheet(brief: &Brief, lang: Lang) -> Sheet {
    let mut all = Rate::default();
    for r in &brief.cases {
        all.num += r.resolution.num;
        all.den += r.resolution.den;
    }
    let report = crate::service::cases::report::CaseReport {
        rows: brief.cases.clone(),
        resolution: all,
        sessions: Vec::new(),
    };
    super::cases::cases_sheet(&report, &brief.period, lang)
}

/// Where the brief's charts take their numbers: the trend (sheet 4) as a
/// line, the hotspots' rises (sheet 1) as columns.
pub fn brief_charts(lang: Lang) -> Vec<super::write::ChartOf> {
    let b = brief_words(lang);
    vec![
        super::write::ChartOf {
            title: b.trend.to_string(),
            sheet: 4,
            categories: 0,
            values: 1,
            line: true,
        },
        super::write::ChartOf {
            title: b.hotspots.to_string(),
            sheet: 1,
            categories: 1,
            values: 4,
            line: false,
        },
    ]
}

/// `信访摘报 统计期间 … 至 …`.
pub fn brief_title(brief: &Brief, lang: Lang) -> String {
    format!(
        "{} {}",
        brief_words(lang).brief,
        period_text(&brief.period, words(lang))
    )
}

/// The brief as text: its title, then each table.
pub fn brief_text(brief: &Brief, sheets: &[Sheet], lang: Lang) -> String {
    let mut out = format!("{}\n\n", brief_title(brief, lang));
    for s in sheets {
        out.push_str(&super::table_text(s));
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
    }
    out
}
