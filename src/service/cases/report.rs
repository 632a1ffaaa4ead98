//! `report cases`: per leader and per unit, the cases opened, resolved and
//! cleared within a period and those open and overdue at its end, with the
//! resolution rate; and the reception sessions held per leader per month
//! against the rota (docs/rules.md#key-cases).

use super::super::{deed, Desk, Result};
use crate::domain::case::{Case, CaseStatus};
use crate::domain::period::Period;
use crate::domain::permit::Duty;
use crate::domain::supervision::ReceptionDay;
use crate::domain::{Channel, Town};
use crate::service::report::Rate;
use crate::store::T;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::UtcOffset;

/// One leader's or one unit's counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    /// `leader` or `unit`.
    pub by: String,
    /// The leader's login or the unit's code.
    pub who: String,
    pub open: u64,
    pub opened: u64,
    pub resolved: u64,
    pub cleared: u64,
    pub overdue: u64,
    /// 化解率: cases resolved within the period, of those resolved within
    /// it and those still open at its end.
    pub resolution: Rate,
}

/// Sessions of one leader in one calendar month: on the rota, and held (a
/// visit was registered on the day).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub leader: String,
    /// `2026-03`.
    pub month: String,
    pub planned: u64,
    pub held: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseReport {
    /// Leaders first, then units, each by login or code.
    pub rows: Vec<CaseRow>,
    /// The resolution rate of every case.
    pub resolution: Rate,
    pub sessions: Vec<SessionRow>,
}

/// Adds one case's counts to `row`.
fn count(row: &mut CaseRow, c: &Case, period: &Period, tz: UtcOffset) {
    let within = |s| c.reached(s, tz).is_some_and(|d| period.contains(d));
    let (resolved, open) = (
        within(CaseStatus::Resolved),
        c.status_on(period.to, tz) == Some(CaseStatus::Open),
    );
    row.opened += u64::from(period.contains(c.opened));
    row.resolved += u64::from(resolved);
    row.cleared += u64::from(within(CaseStatus::Cleared));
    row.open += u64::from(open);
    row.overdue += u64::from(c.overdue_on(period.to, tz));
    row.resolution.num += u64::from(resolved);
    row.resolution.den += u64::from(resolved || open);
}

/// The rows and the resolution rate of `cases` over `period`.
pub fn case_rows(cases: &[Case], period: &Period, tz: UtcOffset) -> (Vec<CaseRow>, Rate) {
    let mut by: BTreeMap<(u8, String), CaseRow> = BTreeMap::new();
    let mut all = CaseRow::default();
    for c in cases {
        count(&mut all, c, period, tz);
        for (rank, kind, who) in [(0, "leader", &c.leader), (1, "unit", &c.unit)] {
            let row = by.entry((rank, who.clone())).or_insert_with(|| CaseRow {
                by: kind.into(),
                who: who.clone(),
                ..Default::default()
            });
            count(row, c, period, tz);
        }
    }
    (by.into_values().collect(), all.resolution)
}

impl Desk {
    /// The case report for `period` (leaders, supervisors, admins).
    pub fn case_report(&self, period: &Period) -> Result<CaseReport> {
        self.require(Duty::Reports, deed::VIEW_REPORTS)?;
        let cases = self.cases_opened_by(period, |_| true)?;
        let (rows, resolution) = case_rows(&cases, period, self.store().tz());
        Ok(CaseReport {
            rows,
            resolution,
            sessions: self.sessions_held(period)?,
        })
    }

    /// The cases behind one row of the report: those of the leader (`by` is
    /// `leader`) or unit whose row counts them in `period`, soonest deadline
    /// first.
    pub fn case_report_cases(&self, period: &Period, by: &str, who: &str) -> Result<Vec<Case>> {
        self.require(Duty::Reports, deed::VIEW_REPORTS)?;
        let tz = self.store().tz();
        let mut cases = self.cases_opened_by(period, |c| {
            let theirs = if by == "leader" { &c.leader } else { &c.unit };
            let mut row = CaseRow::default();
            count(&mut row, c, period, tz);
            theirs == who && row.opened + row.resolved + row.cleared + row.open + row.overdue > 0
        })?;
        cases.sort_by_key(|c| (c.due, c.matter));
        Ok(cases)
    }

    /// The cases opened by the end of `period` that `keep` keeps.
    fn cases_opened_by(&self, period: &Period, keep: impl Fn(&Case) -> bool) -> Result<Vec<Case>> {
        let mut cases = Vec::new();
        for r in self.store().records::<Case>(T::Cases) {
            let c = r?.1;
            if c.opened <= period.to && keep(&c) {
                cases.push(c);
            }
        }
        Ok(cases)
    }

    /// Sessions on the rota within `period`, per leader and month, and
    /// those on whose day a visit was registered.
    fn sessions_held(&self, period: &Period) -> Result<Vec<SessionRow>> {
        let store = self.store();
        let towns: Vec<String> = store
            .records::<Town>(T::Towns)
            .map(|r| r.map(|(_, t)| t.code))
            .collect::<crate::store::Result<_>>()?;
        let mut rows: BTreeMap<(String, String), SessionRow> = BTreeMap::new();
        for day in self.reception_days(period.from, period.to)? {
            let ReceptionDay { date, leader, .. } = day;
            let month = format!("{}-{:02}", date.year(), date.month() as u8);
            let mut held = false;
            for town in &towns {
                for c in store.contacts_in(town, date..=date) {
                    held |= c?.brief.channel == Channel::Visit;
                }
            }
            let row = rows
                .entry((leader.clone(), month.clone()))
                .or_insert_with(|| SessionRow {
                    leader,
                    month,
                    ..Default::default()
                });
            row.planned += 1;
            row.held += u64::from(held);
        }
        Ok(rows.into_values().collect())
    }
}
