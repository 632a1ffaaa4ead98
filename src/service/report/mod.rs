//! Reports (docs/rules.md: Rates, Scorecards, Zero-visit villages): town scorecards with their drill-down, villages with
//! no contact (零访村), and the period's statistics.
//!
//! Scorecards and statistics read the town-date and event-date indexes only —
//! one range per town (and per month for the rates) — never the contact or
//! matter records, so a year over a million contacts stays well under a
//! second. Reports need `Duty::Reports` (supervisor, leader, admin). They are
//! not audited: they show counts, no personal data, and the desk redraws them
//! freely; the drill-down shows contacts as the work lists do, which are not
//! audited either.

pub mod brief;
pub mod stats;
pub mod units;

pub use brief::{Brief, Hotspot};
pub use stats::{Rate, Stats};
pub use units::{UnitMeasure, UnitRow};

use super::page::{FirstN, Page};
use super::{Desk, Result, ServiceError};
use crate::domain::period::{Period, MAX_START_DAY};
use crate::domain::permit::Duty;
use crate::domain::rules::{Count, Rules};
use crate::domain::{Contact, LedgerNo, Village};
use crate::store::{TownContacts, WriteSet, T};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// One town's line of a scorecard; serialises as the scorecard JSON of docs/design.md (Command line).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TownScore {
    /// Town code.
    pub town: String,
    pub name: String,
    /// Every criterion counted zero.
    pub pass: bool,
    /// `max(0, 100 − Σ points × batches)`.
    pub score: i64,
    /// Per criterion id (every criterion of the rules, zeros included).
    pub criteria: BTreeMap<String, Count>,
}

/// The rank of each line of a scorecard sorted best first: towns with the
/// same score share a rank and the next score skips as many (1, 2, 2, 4).
pub fn ranks(scores: &[TownScore]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(scores.len());
    for (i, s) in scores.iter().enumerate() {
        let tied = i > 0 && scores[i - 1].score == s.score;
        out.push(if tied { out[i - 1] } else { i + 1 });
    }
    out
}

impl Desk {
    /// Refuses unless this user's role may see reports.
    pub(crate) fn require_reports(&self) -> Result<()> {
        self.require(Duty::Reports, super::deed::VIEW_REPORTS)
    }

    /// The contacts of one town in a period, in date order; a damaged entry
    /// is an error naming it, since a report that skipped it would be
    /// silently wrong.
    pub(crate) fn town_contacts(&self, town: &str, period: &Period) -> TownContacts<'_> {
        self.store().contacts_in(town, period.from..=period.to)
    }

    /// The town scorecard of `period` under `rules`: every town on file, best
    /// score first, then by town code.
    pub fn scorecard(&self, rules: &Rules, period: &Period) -> Result<Vec<TownScore>> {
        self.scorecard_with_progress(rules, period, &mut |_| {})
    }

    /// `scorecard`, calling `progress` with the share done (0.0 to 1.0) as
    /// each town is counted.
    pub fn scorecard_with_progress(
        &self,
        rules: &Rules,
        period: &Period,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Vec<TownScore>> {
        self.require_reports()?;
        let towns = self.towns()?;
        let min = rules.collective_min(self.store().office().collective_min_headcount);
        let mut out = Vec::with_capacity(towns.len());
        progress(0.0);
        for (i, town) in towns.iter().enumerate() {
            let mut counts: Vec<Count> = vec![Count::default(); rules.criteria.len()];
            for c in self.town_contacts(&town.code, period) {
                let c = c?;
                for (n, crit) in counts.iter_mut().zip(&rules.criteria) {
                    if crit.matches(&c.brief, min) {
                        n.add(c.brief.headcount);
                    }
                }
            }
            let criteria: BTreeMap<String, Count> = rules
                .criteria
                .iter()
                .zip(counts)
                .map(|(c, n)| (c.id.clone(), n))
                .collect();
            let (pass, score) = rules.judge(&criteria);
            out.push(TownScore {
                town: town.code.clone(),
                name: town.name.clone(),
                pass,
                score,
                criteria,
            });
            progress((i + 1) as f32 / towns.len() as f32);
        }
        out.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.town.cmp(&b.town)));
        Ok(out)
    }

    /// The drill-down of one scorecard count: the contacts of `town` in
    /// `period` that `criterion` (an id of `rules`) counts, in time order.
    pub fn scorecard_contacts(
        &self,
        rules: &Rules,
        period: &Period,
        town: &str,
        criterion: &str,
    ) -> Result<Vec<Contact>> {
        Ok(self
            .scorecard_contacts_page(rules, period, town, criterion, usize::MAX)?
            .rows)
    }

    /// The first `limit` contacts of the drill-down in time order, and how
    /// many it counts.
    pub fn scorecard_contacts_page(
        &self,
        rules: &Rules,
        period: &Period,
        town: &str,
        criterion: &str,
        limit: usize,
    ) -> Result<Page<Contact>> {
        self.require_reports()?;
        let Some(crit) = rules.criteria.iter().find(|c| c.id == criterion) else {
            let ids: Vec<&str> = rules.criteria.iter().map(|c| c.id.as_str()).collect();
            return Err(ServiceError::Invalid(format!(
                "the rules {:?} have no criterion {criterion:?} (they have {})",
                rules.name,
                ids.join(", ")
            )));
        };
        if self.store().town(town)?.is_none() {
            return Err(ServiceError::NotFound(format!("town {town}")));
        }
        let min = rules.collective_min(self.store().office().collective_min_headcount);
        let mut wanted: BTreeMap<LedgerNo, BTreeSet<u64>> = BTreeMap::new();
        for c in self.town_contacts(town, period) {
            let c = c?;
            if crit.matches(&c.brief, min) {
                wanted.entry(c.ledger).or_default().insert(c.contact);
            }
        }
        let mut out = FirstN::new(limit, |c: &Contact| (c.at, c.id));
        for (ledger, ids) in wanted {
            if let Some(m) = self.store().matter(ledger)? {
                for c in m.contacts.into_iter().filter(|c| ids.contains(&c.id)) {
                    out.push(c);
                }
            }
        }
        Ok(out.finish())
    }

    /// 零访村 of `period`, by town then code: villages none of whose
    /// petitioners made a visit (走访) at one of the office's levels (county
    /// and above by default) in the period. Letters, calls, online petitions
    /// and visits below those levels do not count against a village.
    ///
    /// A visit's villages are those its petitioners live in now, by their
    /// records. The town-date index carries each visit's petitioners, so the
    /// period's visitors come from the index alone; a village is then read
    /// from its people (the village index) only until one of them visited.
    pub fn zero_visit_villages(&self, period: &Period) -> Result<Vec<Village>> {
        self.require_reports()?;
        let store = self.store();
        let office = store.office();
        let mut visitors = HashSet::new();
        for town in self.towns()? {
            for c in store.visits_in(&town.code, period.from..=period.to) {
                let c = c?;
                if office.ends_zero_visit(c.brief.channel, c.brief.level) {
                    visitors.extend(c.visitors);
                }
            }
        }
        let mut out = Vec::new();
        for r in store.records::<Village>(T::Villages) {
            let v = r?.1;
            let mut visited = false;
            for id in store.people_of_village(&v.code) {
                if visitors.contains(&id?) {
                    visited = true;
                    break;
                }
            }
            if !visited {
                out.push(v);
            }
        }
        out.sort_by(|a, b| (&a.town, &a.code).cmp(&(&b.town, &b.code)));
        Ok(out)
    }

    /// The day the office's statistical month starts: 1 is the calendar
    /// month; 21 makes month M run from the 21st of M-1 to the 20th of M.
    pub fn stat_start_day(&self) -> u8 {
        self.store().stat_start_day()
    }

    /// Sets the statistical month's start day (1–28); admins only, audited.
    pub fn set_stat_start_day(&self, day: u8) -> Result<()> {
        self.require(Duty::Administer, super::deed::SET_STAT_MONTH)?;
        if !(1..=MAX_START_DAY).contains(&day) {
            return Err(ServiceError::Invalid(format!(
                "the statistical month must start on a day from 1 to {MAX_START_DAY}, not {day}"
            )));
        }
        let old = self.stat_start_day();
        let store = self.store();
        let _guard = store.lock_writes()?;
        store.set_stat_start_day(day)?;
        let mut ws = WriteSet::new(store);
        self.audit(
            &mut ws,
            "settings".into(),
            format!("statistical month starts on day {day} (was {old})"),
        )?;
        ws.commit()?;
        store.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tied_towns_share_a_rank_and_the_next_skips() {
        let line = |score| TownScore {
            town: String::new(),
            name: String::new(),
            pass: score == 100,
            score,
            criteria: BTreeMap::new(),
        };
        let scores: Vec<TownScore> = [100, 90, 90, 80, 80, 80, 0].map(line).into();
        assert_eq!(ranks(&scores), [1, 2, 2, 4, 4, 4, 7]);
        assert_eq!(ranks(&[]), Vec::<usize>::new());
    }
}
