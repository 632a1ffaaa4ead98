//! Per-unit performance (docs/rules.md, Unit performance): for each
//! responsible unit (责任单位), the matters it received in a period and its
//! rates, each with numerator and denominator, and its matters overdue now.
//!
//! A matter counts for the unit responsible for it now: the event-date and
//! due-date indexes carry that unit, so the table reads those two indexes
//! and decodes no matter. Matters no unit holds (not yet accepted, or
//! rejected, forwarded, redirected) form a row of their own, so that every
//! row summed gives the statistics of the same period exactly.

use super::{Desk, Rate, Result};
use crate::domain::period::Period;
use crate::domain::rates::is_satisfied;
use crate::domain::workflow::days_overdue;
use crate::domain::LedgerNo;
use crate::store::index::RateFact;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One unit's line; `unit` is empty for matters no unit holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    pub unit: String,
    pub name: String,
    /// Matters accepted in the period (the acceptance's date).
    pub received: u64,
    /// 及时受理率.
    pub timely_acceptance: Rate,
    /// 按期办结率.
    pub on_time: Rate,
    /// Open matters past their due date today.
    pub overdue_now: u64,
    /// 参评率.
    pub participation: Rate,
    /// 满意率.
    pub satisfaction: Rate,
}

/// What a drill-down asks for: the matters behind one number of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitMeasure {
    Received,
    TimelyAcceptance,
    OnTime,
    OverdueNow,
    Participation,
    Satisfaction,
}

impl UnitMeasure {
    pub const ALL: [UnitMeasure; 6] = [
        UnitMeasure::Received,
        UnitMeasure::TimelyAcceptance,
        UnitMeasure::OnTime,
        UnitMeasure::OverdueNow,
        UnitMeasure::Participation,
        UnitMeasure::Satisfaction,
    ];

    /// The measure a rate fact counts in, and whether it counts as a hit
    /// (`None`: counted in no denominator yet, a deadline not reached).
    fn of(fact: &RateFact, today: time::Date) -> Option<(UnitMeasure, Option<bool>)> {
        Some(match fact {
            RateFact::Accepted(_) => (UnitMeasure::Received, Some(true)),
            RateFact::Timely(d) => (UnitMeasure::TimelyAcceptance, d.verdict(today)),
            RateFact::Handled(d) => (UnitMeasure::OnTime, d.verdict(today)),
            RateFact::Replied { evaluated } => (UnitMeasure::Participation, Some(*evaluated)),
            RateFact::Evaluated(s) => (UnitMeasure::Satisfaction, Some(is_satisfied(*s))),
            RateFact::Ended { .. } => return None,
        })
    }
}

impl UnitRow {
    fn count(&mut self, measure: UnitMeasure, hit: Option<bool>) {
        match measure {
            UnitMeasure::Received => self.received += 1,
            UnitMeasure::TimelyAcceptance => self.timely_acceptance.count_some(hit),
            UnitMeasure::OnTime => self.on_time.count_some(hit),
            UnitMeasure::OverdueNow => self.overdue_now += 1,
            UnitMeasure::Participation => self.participation.count_some(hit),
            UnitMeasure::Satisfaction => self.satisfaction.count_some(hit),
        }
    }
}

/// Best first: the higher 按期办结率 (units with nothing due after those
/// with), then more matters due, more received, the unit's code; the row of
/// matters no unit holds last, as it is no unit's.
pub fn rank_units(rows: &mut [UnitRow]) {
    rows.sort_by(|a, b| {
        let rate = |r: &UnitRow| r.on_time.percent().map(|p| (p * 1000.0) as i64);
        a.unit
            .is_empty()
            .cmp(&b.unit.is_empty())
            .then(rate(b).cmp(&rate(a)))
            .then(b.on_time.den.cmp(&a.on_time.den))
            .then(b.received.cmp(&a.received))
            .then(a.unit.cmp(&b.unit))
    });
}

impl Desk {
    /// Every unit on file (and the row of matters no unit holds, when it
    /// has anything), ranked best first.
    pub fn unit_performance(&self, period: &Period) -> Result<Vec<UnitRow>> {
        self.require_reports()?;
        let mut rows: BTreeMap<String, UnitRow> = BTreeMap::new();
        for u in self.units()? {
            rows.insert(
                u.code.clone(),
                UnitRow {
                    unit: u.code,
                    name: u.name,
                    ..UnitRow::default()
                },
            );
        }
        self.each_unit_fact(period, |unit, _, measure, hit| {
            rows.entry(unit.to_string())
                .or_default()
                .count(measure, hit);
        })?;
        for (unit, _) in self.overdue_by_unit()? {
            rows.entry(unit)
                .or_default()
                .count(UnitMeasure::OverdueNow, None);
        }
        let mut out: Vec<UnitRow> = rows
            .into_iter()
            .map(|(code, mut row)| {
                row.unit = code;
                row
            })
            .filter(|r| !r.unit.is_empty() || *r != UnitRow::default())
            .collect();
        rank_units(&mut out);
        Ok(out)
    }

    /// The matters behind one number of a unit's row (`unit` empty: the
    /// matters no unit holds), in ledger order, with whether each counted
    /// as a hit (`None` where the measure is a count).
    pub fn unit_matters(
        &self,
        period: &Period,
        unit: &str,
        measure: UnitMeasure,
    ) -> Result<Vec<(LedgerNo, Option<bool>)>> {
        self.require_reports()?;
        let mut out = Vec::new();
        if measure == UnitMeasure::OverdueNow {
            for (u, ledger) in self.overdue_by_unit()? {
                if u == unit {
                    out.push((ledger, None));
                }
            }
        } else {
            self.each_unit_fact(period, |u, ledger, m, hit| {
                if u == unit && m == measure && (hit.is_some() || m == UnitMeasure::Received) {
                    out.push((ledger, hit.filter(|_| m != UnitMeasure::Received)));
                }
            })?;
        }
        out.sort();
        Ok(out)
    }

    /// Calls `each` with the unit, matter, measure and verdict of every rate
    /// fact counting in `period`.
    fn each_unit_fact(
        &self,
        period: &Period,
        mut each: impl FnMut(&str, LedgerNo, UnitMeasure, Option<bool>),
    ) -> Result<()> {
        let today = self.today();
        for f in self.store().unit_facts_in(period.from..=period.to) {
            let f = f?;
            if let Some((measure, hit)) = UnitMeasure::of(&f.fact, today) {
                each(&f.unit, f.ledger, measure, hit);
            }
        }
        Ok(())
    }

    /// Open matters past their due date today, with their units.
    fn overdue_by_unit(&self) -> Result<Vec<(String, LedgerNo)>> {
        let today = self.today();
        let mut out = Vec::new();
        for d in self.store().matters_due(..today) {
            let d = d?;
            if days_overdue(d.state, Some(d.due), today).is_some() {
                out.push((d.unit, d.ledger));
            }
        }
        Ok(out)
    }
}
