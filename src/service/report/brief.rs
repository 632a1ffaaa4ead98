//! The monthly brief (信访摘报, docs/rules.md, The monthly brief): a period's
//! statistics beside the period before and the same period a year before,
//! the categories and towns that rose most, the units' table, the 三无
//! scorecard's failing towns, the key cases by leader and a twelve-month
//! trend. Every number is the
//! statistics', the units' or the scorecard's own, computed by the same
//! functions, so the brief never disagrees with them.

use super::{Desk, Result, ServiceError, Stats, TownScore, UnitRow};
use crate::domain::period::Period;
use crate::domain::rules::Rules;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many categories and towns the hotspots name.
pub const HOTSPOTS: usize = 5;
/// Months in the brief's trend.
pub const TREND_MONTHS: i32 = 12;

/// A category or town whose contacts rose, with its counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hotspot {
    pub code: String,
    pub name: String,
    pub now: u64,
    pub before: u64,
}

impl Hotspot {
    pub fn rise(&self) -> i64 {
        self.now as i64 - self.before as i64
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brief {
    pub period: Period,
    pub previous: Period,
    pub a_year_before: Period,
    pub stats: Stats,
    pub previous_stats: Stats,
    pub a_year_before_stats: Stats,
    /// Categories and towns whose contacts rose most against the period
    /// before, most first; only those that rose.
    pub hot_categories: Vec<Hotspot>,
    pub hot_towns: Vec<Hotspot>,
    pub units: Vec<UnitRow>,
    /// Key cases by leader: open and overdue at the period's end, opened,
    /// resolved and cleared within it (the cases report's leader rows).
    pub cases: Vec<crate::service::cases::report::CaseRow>,
    /// The scorecard's name (三无) and the towns it failed, worst first.
    pub rules: String,
    pub failing: Vec<TownScore>,
    pub towns_scored: usize,
    /// Contacts per statistical month, the twelve ending with the period's.
    pub trend: Vec<(String, u64)>,
}

impl Desk {
    /// The brief of `period` under the office's 三无 `rules`. Its parts run
    /// side by side, and what two parts share is computed once (a year's
    /// period before is the year before; its trend is its own months).
    pub fn brief(&self, period: &Period, rules: &Rules) -> Result<Brief> {
        self.require_reports()?;
        let start_day = self.stat_start_day();
        let previous = period.previous(start_day);
        let a_year_before = period.a_year_before();
        let parts = std::thread::scope(|s| {
            let before = s.spawn(|| self.stats(&previous));
            let last_year =
                (a_year_before != previous).then(|| s.spawn(|| self.stats(&a_year_before)));
            let units = s.spawn(|| self.unit_performance(period));
            let scores = s.spawn(|| self.scorecard(rules, period));
            let cases = s.spawn(|| self.case_report(period));
            let now = self.stats(period);
            let last_year = last_year.map(join);
            (
                now,
                join(before),
                last_year,
                join(units),
                join(scores),
                join(cases),
            )
        });
        let (stats, previous_stats) = (parts.0?, parts.1?);
        let a_year_before_stats = match parts.2 {
            Some(s) => s?,
            None => previous_stats.clone(),
        };
        let (units, scores) = (parts.3?, parts.4?);
        let cases = parts
            .5?
            .rows
            .into_iter()
            .filter(|r| r.by == "leader")
            .collect();
        let trend = match self.trend_months(period, start_day)? {
            // The period is the twelve months: its statistics counted them.
            span if span == *period => stats.monthly.clone(),
            span => self.trend(&span, start_day)?,
        };
        let names = |list: Vec<(String, String)>| list.into_iter().collect::<BTreeMap<_, _>>();
        let categories = names(
            self.categories()?
                .into_iter()
                .map(|c| (c.code, c.name))
                .collect(),
        );
        let towns = names(
            self.towns()?
                .into_iter()
                .map(|t| (t.code, t.name))
                .collect(),
        );
        Ok(Brief {
            hot_categories: hotspots(&stats.by_category, &previous_stats.by_category, &categories),
            hot_towns: hotspots(&stats.by_town, &previous_stats.by_town, &towns),
            units,
            cases,
            rules: rules.name.clone(),
            towns_scored: scores.len(),
            failing: scores.into_iter().filter(|s| !s.pass).collect(),
            trend,
            period: *period,
            previous,
            a_year_before,
            stats,
            previous_stats,
            a_year_before_stats,
        })
    }

    /// The twelve statistical months ending with the one `period` ends in.
    fn trend_months(&self, period: &Period, start_day: u8) -> Result<Period> {
        let (y, m) = Period::stat_month_of(period.to, start_day);
        let index = y * 12 + i32::from(m) - 1 - (TREND_MONTHS - 1);
        let invalid = |e: crate::domain::period::PeriodError| ServiceError::Invalid(e.to_string());
        let month = (index.rem_euclid(12) + 1) as u8;
        let first = Period::month(index.div_euclid(12), month, start_day).map_err(invalid)?;
        let last = Period::month(y, m, start_day).map_err(invalid)?;
        Period::custom(first.from, last.to).map_err(invalid)
    }

    /// Contacts in each statistical month of `span`.
    fn trend(&self, span: &Period, start_day: u8) -> Result<Vec<(String, u64)>> {
        let months = span.months(start_day);
        let mut counts = vec![0u64; months.len()];
        for town in self.towns()? {
            let mut i = 0;
            for c in self.town_contacts(&town.code, span) {
                let c = c?;
                while i + 1 < months.len() && months[i].1.to < c.date {
                    i += 1;
                }
                counts[i] += 1;
            }
        }
        Ok(months
            .into_iter()
            .map(|(label, _)| label)
            .zip(counts)
            .collect())
    }
}

/// A part of the brief computed beside the others.
fn join<T>(h: std::thread::ScopedJoinHandle<'_, Result<T>>) -> Result<T> {
    h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// The codes whose counts rose most from `before` to `now`, with names.
fn hotspots(
    now: &BTreeMap<String, u64>,
    before: &BTreeMap<String, u64>,
    names: &BTreeMap<String, String>,
) -> Vec<Hotspot> {
    let mut out: Vec<Hotspot> = now
        .iter()
        .map(|(code, n)| Hotspot {
            code: code.clone(),
            name: names.get(code).cloned().unwrap_or_else(|| code.clone()),
            now: *n,
            before: before.get(code).copied().unwrap_or(0),
        })
        .filter(|h| h.rise() > 0)
        .collect();
    out.sort_by(|a, b| {
        b.rise()
            .cmp(&a.rise())
            .then(b.now.cmp(&a.now))
            .then(a.code.cmp(&b.code))
    });
    out.truncate(HOTSPOTS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hotspots_are_the_largest_rises_only() {
        let map = |v: &[(&str, u64)]| v.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        let now = map(&[("a", 10), ("b", 3), ("c", 7), ("d", 1)]);
        let before = map(&[("a", 9), ("b", 0), ("c", 7), ("d", 4)]);
        let got: Vec<(String, i64)> = hotspots(&now, &before, &BTreeMap::new())
            .into_iter()
            .map(|h| (h.code.clone(), h.rise()))
            .collect();
        assert_eq!(got, [("b".to_string(), 3), ("a".to_string(), 1)]);
    }
}
