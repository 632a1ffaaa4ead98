//! The office's holiday list: a deadline that falls on a holiday moves to the
//! next working day (docs/rules.md, Working days and holidays). Kept in the database, so every desk and every
//! index agrees on due dates.

use super::{Desk, Result, ServiceError};
use crate::domain::permit::Duty;
use crate::domain::workflow::{due_date, Calendar, Holidays};
use crate::domain::Matter;
use crate::store::index::matter_entries;
use crate::store::{WriteSet, T};
use serde::Deserialize;
use std::collections::BTreeSet;
use time::{Date, Weekday};

/// Parses a holiday file (TOML dates, or the same as quoted text):
///
/// ```toml
/// holidays = [2026-10-01, 2026-10-02]   # 放假 (`dates` is the older name)
/// workdays = [2026-10-10]               # 调休上班: weekend days worked
/// ```
///
/// Problems are `FILE:LINE: message`.
pub fn parse(text: &str, file: &str) -> std::result::Result<Holidays, String> {
    type List = Option<Vec<toml::Spanned<toml::Value>>>;
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Loose {
        // Spanned: a bad value's line is where it stands; searching the text
        // for it found an earlier mention (a comment, a digit in another date).
        #[serde(default)]
        holidays: List,
        #[serde(default)]
        workdays: List,
        /// The older name of `holidays`, still read.
        #[serde(default)]
        dates: List,
    }
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let loose: Loose = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(s.start));
        format!("{file}:{line}: {}", e.message().trim())
    })?;
    if loose.holidays.is_none() && loose.workdays.is_none() && loose.dates.is_none() {
        return Err(format!(
            "{file}:1: missing field `holidays` (or the older `dates`; `workdays` lists the weekend days worked)"
        ));
    }
    let read = |field: &str, list: List| -> std::result::Result<Vec<(usize, Date)>, String> {
        let mut out = Vec::new();
        for v in list.unwrap_or_default() {
            let line = line_of(v.span().start);
            let s = match v.get_ref() {
                toml::Value::Datetime(d) => d.to_string(),
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let date = Date::parse(
                &s,
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .map_err(|_| format!("{file}:{line}: {field}: {s:?} is not a date (YYYY-MM-DD)"))?;
            out.push((line, date));
        }
        Ok(out)
    };
    let mut off = BTreeSet::new();
    for (field, list) in [("dates", loose.dates), ("holidays", loose.holidays)] {
        off.extend(read(field, list)?.into_iter().map(|(_, d)| d));
    }
    let mut workdays = BTreeSet::new();
    for (line, d) in read("workdays", loose.workdays)? {
        if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
            return Err(format!(
                "{file}:{line}: workdays: {d} is a {}, already a working day (list only the weekend days worked)",
                d.weekday()
            ));
        }
        if off.contains(&d) {
            return Err(format!(
                "{file}:{line}: workdays: {d} is also listed as a holiday"
            ));
        }
        workdays.insert(d);
    }
    Ok(Holidays::new(off, workdays))
}

/// The list by year, as `xfdesk holidays --show` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearList {
    pub year: i32,
    pub holidays: Vec<Date>,
    pub workdays: Vec<Date>,
}

/// The office's list, year by year.
pub fn by_year(h: &Holidays) -> Vec<YearList> {
    h.years()
        .into_iter()
        .map(|year| YearList {
            year,
            holidays: h.off.iter().copied().filter(|d| d.year() == year).collect(),
            workdays: h
                .workdays
                .iter()
                .copied()
                .filter(|d| d.year() == year)
                .collect(),
        })
        .collect()
}

impl Desk {
    /// The holiday list and weekend workdays due dates are computed with.
    pub fn holidays(&self) -> Holidays {
        self.store().calendar().holidays.clone()
    }

    /// When `today`'s year has no holiday schedule, say so: deadlines then
    /// shift for weekends only (docs/rules.md, The holiday list).
    pub fn holiday_warning(&self, today: Date) -> Option<i32> {
        (!self.store().calendar().holidays.has_year(today.year())).then_some(today.year())
    }

    /// Replaces the holiday list and re-dates every matter it moves; admins
    /// only. Returns how many open matters were re-dated.
    pub fn set_holidays(&self, days: Holidays) -> Result<usize> {
        self.require(Duty::Administer, super::deed::SET_HOLIDAYS)?;
        // Writers wait from reading the old due dates to writing the new
        // ones, so none is indexed under the wrong calendar.
        let store = self.store();
        let _guard = store.lock_writes()?;
        // Every matter whose entries the new list moves, read under the old
        // calendar: the open ones' due dates, and the rate facts keyed by
        // due dates (docs/rules.md, Rates), which ended matters have too. Every matter is
        // read once; only those whose entries change are rewritten.
        let mut open: Vec<(Vec<crate::store::index::Entry>, Matter)> = Vec::new();
        let mut n = 0;
        {
            let (cal, tz) = (store.calendar(), store.tz());
            let new_cal = Calendar {
                holidays: days.clone(),
                ..(*cal).clone()
            };
            for r in store.records::<Matter>(T::Matters) {
                let m = r?.1;
                n += usize::from(due_date(&m, &cal, tz).is_some());
                let old = matter_entries(&m, &cal, tz);
                if old != matter_entries(&m, &new_cal, tz) {
                    open.push((old, m));
                }
            }
        }
        let what = format!(
            "holiday list replaced: {} holidays, {} workdays; {n} open matters re-dated",
            days.off.len(),
            days.workdays.len()
        );
        store.set_holidays(&days).map_err(ServiceError::from)?;
        let mut ws = WriteSet::new(store);
        for (old, m) in &open {
            ws.matter_reindexed(old, m);
        }
        self.audit(&mut ws, "holidays".into(), what)?;
        ws.commit()?;
        store.flush()?;
        Ok(n)
    }
}

/// Consecutive days as runs, `01-01…01-03`, single days as `01-04`.
pub fn runs(days: &[Date]) -> Vec<String> {
    let md = |d: Date| format!("{:02}-{:02}", u8::from(d.month()), d.day());
    let mut out = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j].next_day() == Some(days[j + 1]) {
            j += 1;
        }
        out.push(if i == j {
            md(days[i])
        } else {
            format!("{}…{}", md(days[i]), md(days[j]))
        });
        i = j + 1;
    }
    out
}

/// The State Council's schedules this release ships (国务院办公厅关于部分
/// 节假日安排的通知), by year: the demo loads them, and an office loads
/// them with `xfdesk holidays FILE`.
pub const SHIPPED: &[(i32, &str)] = &[
    (2025, include_str!("../../fixtures/holidays/2025.toml")),
    (2026, include_str!("../../fixtures/holidays/2026.toml")),
];

/// Every shipped schedule in one list.
pub fn shipped() -> Holidays {
    let mut all = Holidays::default();
    for (year, text) in SHIPPED {
        let h = parse(text, &format!("fixtures/holidays/{year}.toml"))
            .expect("the shipped schedules parse");
        all.off.extend(h.off);
        all.workdays.extend(h.workdays);
    }
    all
}
