//! Report output, no I/O: a report becomes a `Sheet` (title, header, typed
//! cells), and a sheet becomes a plain-text table, CSV or an xlsx workbook as
//! bytes; JSON is the service types serialised as docs/design.md#command-line has it. The caller
//! writes the bytes where they belong.

pub mod brief;
pub mod brief_docx;
pub mod cases;
pub mod notice;
pub mod table;
mod write;

pub use crate::i18n::{words, Words};
pub use write::{csv, json, table_text, xlsx, xlsx_book, ChartOf};

use crate::domain::period::Period;
use crate::domain::rules::Rules;
use crate::domain::Contact;
use crate::i18n::Lang;
use crate::service::report::{Rate, Stats, TownScore};
use std::collections::HashMap;

/// How a report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Xlsx,
}

/// One cell of a report.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// A share from 0.0 to 1.0, shown as a percentage.
    Share(f64),
    /// A town's pass (true) or fail: highlighted in xlsx.
    Pass(bool),
}

/// A report laid out as one table.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// Names the report, the period and (for scorecards) the rules.
    pub title: String,
    /// Short name for an xlsx worksheet tab.
    pub tab: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Words for `Cell::Pass` (pass, fail).
    pub pass_words: (String, String),
    /// Notes under the table (a heading and lines): how the numbers are
    /// worked out, so a reader can check them by hand. A workbook has them
    /// on a worksheet of their own, a table under it; CSV leaves them out.
    pub notes: Option<(String, Vec<String>)>,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn int(n: u64) -> Cell {
    Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn period_text(p: &Period, w: &Words) -> String {
    format!("{} {} {} {}", w.period, p.from, w.to, p.to)
}

fn sheet(title: String, tab: &str, header: Vec<String>, rows: Vec<Vec<Cell>>, w: &Words) -> Sheet {
    Sheet {
        title,
        tab: tab.to_string(),
        header,
        rows,
        pass_words: (w.pass.to_string(), w.fail.to_string()),
        notes: None,
    }
}

/// The scorecard as a sheet: rank, town, result, score, then batches and
/// persons per criterion in the rules' order.
pub fn scorecard_sheet(rules: &Rules, period: &Period, scores: &[TownScore], lang: Lang) -> Sheet {
    let w = words(lang);
    let mut header: Vec<String> = [w.rank, w.town_code, w.town, w.result, w.score]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for c in &rules.criteria {
        header.push(format!("{} {}", c.label, w.batches));
        header.push(format!("{} {}", c.label, w.persons));
    }
    let ranks = crate::service::report::ranks(scores);
    let rows = scores
        .iter()
        .zip(ranks)
        .map(|(s, rank)| {
            let mut row = vec![
                Cell::Int(rank as i64),
                text(&s.town),
                text(&s.name),
                Cell::Pass(s.pass),
                Cell::Int(s.score),
            ];
            for c in &rules.criteria {
                let n = s.criteria.get(&c.id).copied().unwrap_or_default();
                row.push(int(n.batches));
                row.push(int(n.persons));
            }
            row
        })
        .collect();
    let title = format!(
        "{}（{}: {}） {}",
        w.scorecard,
        w.rules,
        rules.name,
        period_text(period, w)
    );
    sheet(title, w.scorecard, header, rows, w)
}

/// Names shown for codes in statistics: towns and categories.
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub towns: HashMap<String, String>,
    pub categories: HashMap<String, String>,
}

/// The statistics as a sheet: group, item, count, then numerator,
/// denominator and share for the rates.
/// The statistics JSON of docs/design.md#command-line: everything but the monthly trend,
/// which is for the screen's sparkline.
#[derive(serde::Serialize)]
pub struct StatsJson<'a> {
    contacts: u64,
    persons: u64,
    timely_acceptance: &'a Rate,
    on_time: &'a Rate,
    one_time: &'a Rate,
    satisfaction: &'a Rate,
    participation: &'a Rate,
    repeat: &'a Rate,
    skip_level: u64,
    abnormal: u64,
    collective: &'a crate::domain::rules::Count,
    by_channel: &'a std::collections::BTreeMap<String, u64>,
    by_level: &'a std::collections::BTreeMap<String, u64>,
    by_category: &'a std::collections::BTreeMap<String, u64>,
    by_town: &'a std::collections::BTreeMap<String, u64>,
    by_kind: &'a std::collections::BTreeMap<String, u64>,
}

impl<'a> From<&'a Stats> for StatsJson<'a> {
    fn from(s: &'a Stats) -> StatsJson<'a> {
        StatsJson {
            contacts: s.contacts,
            persons: s.persons,
            timely_acceptance: &s.timely_acceptance,
            on_time: &s.on_time,
            one_time: &s.one_time,
            satisfaction: &s.satisfaction,
            participation: &s.participation,
            repeat: &s.repeat,
            skip_level: s.skip_level,
            abnormal: s.abnormal,
            collective: &s.collective,
            by_channel: &s.by_channel,
            by_level: &s.by_level,
            by_category: &s.by_category,
            by_town: &s.by_town,
            by_kind: &s.by_kind,
        }
    }
}

pub fn stats_sheet(stats: &Stats, period: &Period, names: &Names, lang: Lang) -> Sheet {
    let w = words(lang);
    let header = [w.group, w.item, w.count, w.num, w.den, w.percent]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut rows = Vec::new();
    let count = |group: &str, item: String, n: u64| vec![text(group), text(item), int(n)];
    for (item, n) in [
        (w.contacts_total, stats.contacts),
        (w.persons_total, stats.persons),
        (w.skip_level, stats.skip_level),
        (w.abnormal, stats.abnormal),
        (w.collective_batches, stats.collective.batches),
        (w.collective_persons, stats.collective.persons),
    ] {
        rows.push(count(w.totals, item.to_string(), n));
    }
    let rate = |item: &str, r: &Rate| {
        vec![
            text(w.rates),
            text(item),
            Cell::Empty,
            int(r.num),
            int(r.den),
            r.percent().map_or(Cell::Empty, |p| Cell::Share(p / 100.0)),
        ]
    };
    rows.push(rate(w.timely_acceptance, &stats.timely_acceptance));
    rows.push(rate(w.on_time, &stats.on_time));
    rows.push(rate(w.one_time, &stats.one_time));
    rows.push(rate(w.satisfaction, &stats.satisfaction));
    rows.push(rate(w.participation, &stats.participation));
    rows.push(rate(w.repeat, &stats.repeat));
    for (code, n) in &stats.by_kind {
        let name =
            crate::domain::MatterKind::from_code(code).map_or(code.as_str(), |k| lang.kind(k));
        rows.push(count(w.by_kind, name.to_string(), *n));
    }
    let named = |code: &str, map: &HashMap<String, String>| match map.get(code) {
        Some(n) => format!("{n} ({code})"),
        None => code.to_string(),
    };
    for (code, n) in &stats.by_channel {
        let name =
            crate::domain::Channel::from_code(code).map_or(code.as_str(), |c| lang.channel(c));
        rows.push(count(w.by_channel, name.to_string(), *n));
    }
    for (code, n) in &stats.by_level {
        let name = crate::domain::Level::from_code(code).map_or(code.as_str(), |l| lang.level(l));
        rows.push(count(w.by_level, name.to_string(), *n));
    }
    for (code, n) in &stats.by_category {
        rows.push(count(w.by_category, named(code, &names.categories), *n));
    }
    for (code, n) in &stats.by_town {
        rows.push(count(w.by_town, named(code, &names.towns), *n));
    }
    for (month, n) in &stats.monthly {
        rows.push(count(w.by_month, month.clone(), *n));
    }
    let title = format!("{} {}", w.stats, period_text(period, w));
    let mut out = sheet(title, w.stats, header, rows, w);
    out.notes = Some((
        w.notes.to_string(),
        w.definitions.iter().map(|d| d.to_string()).collect(),
    ));
    out
}

/// Contacts (a scorecard's drill-down) as a sheet, in the desk's time zone.
pub fn contacts_sheet(title: &str, contacts: &[Contact], tz: time::UtcOffset, lang: Lang) -> Sheet {
    let w = words(lang);
    let header = [
        w.time,
        w.ledger,
        w.town_code,
        w.channel,
        w.level,
        w.headcount,
        w.abnormal,
        w.skip_level,
        w.repeat_mark,
        w.receiver,
        w.summary,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let flag = |b: bool| text(if b { w.yes } else { "" });
    let rows = contacts
        .iter()
        .map(|c| {
            vec![
                text(c.at.rfc3339(tz)),
                text(c.matter.to_string()),
                text(&c.town),
                text(lang.channel(c.channel)),
                text(lang.level(c.level)),
                int(u64::from(c.headcount)),
                flag(c.abnormal),
                flag(c.skip_level),
                flag(c.repeat),
                text(&c.receiver),
                text(&c.summary),
            ]
        })
        .collect();
    sheet(title.to_string(), w.contacts, header, rows, w)
}

/// Villages with no contact as a sheet: town, village code, village name.
pub fn villages_sheet(
    villages: &[crate::domain::Village],
    period: &Period,
    towns: &HashMap<String, String>,
    lang: Lang,
) -> Sheet {
    let w = words(lang);
    let header = [w.town, w.village_code, w.village]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let rows = villages
        .iter()
        .map(|v| {
            let town = towns
                .get(&v.town)
                .map_or(v.town.clone(), |n| format!("{n} ({})", v.town));
            vec![text(town), text(&v.code), text(&v.name)]
        })
        .collect();
    let title = format!("{} {}", w.zero_visit, period_text(period, w));
    sheet(title, w.zero_visit, header, rows, w)
}

/// Contacts as a JSON array, times in the desk's time zone.
pub fn contacts_json(contacts: &[Contact], tz: time::UtcOffset) -> String {
    let list: Vec<serde_json::Value> = contacts
        .iter()
        .map(|c| {
            serde_json::json!({
                "at": c.at.rfc3339(tz),
                "ledger": c.matter.to_string(),
                "town": c.town,
                "channel": c.channel.code(),
                "level": c.level.code(),
                "headcount": c.headcount,
                "abnormal": c.abnormal,
                "skip_level": c.skip_level,
                "repeat": c.repeat,
                "receiver": c.receiver,
                "summary": c.summary,
            })
        })
        .collect();
    json(&list)
}
