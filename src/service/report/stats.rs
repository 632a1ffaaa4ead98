//! The statistics of a period (docs/rules.md, Rates; JSON in docs/design.md, Command line): counts from the town-date index,
//! rates from the event-date index.

use crate::domain::derive::is_collective;
use crate::domain::period::Period;
use crate::domain::rates::is_satisfied;
use crate::domain::rules::Count;
use crate::domain::{Channel, Level, MatterKind};
use crate::service::{Desk, Result};
use crate::store::index::RateFact;
use crate::store::IndexedContact;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A rate as its numerator and denominator (`{"num","den"}` in JSON, docs/design.md, Command line).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub num: u64,
    pub den: u64,
}

impl Rate {
    pub(crate) fn count(&mut self, hit: bool) {
        self.den += 1;
        self.num += u64::from(hit);
    }

    /// Counts a verdict; `None` (not due yet) is not counted.
    pub(crate) fn count_some(&mut self, hit: Option<bool>) {
        if let Some(hit) = hit {
            self.count(hit);
        }
    }

    /// The rate in percent; `None` when nothing was counted.
    pub fn percent(&self) -> Option<f64> {
        (self.den > 0).then(|| self.num as f64 * 100.0 / self.den as f64)
    }
}

/// The statistics of a period; serialises as the stats JSON of docs/design.md (Command line). Counts are
/// batches (contacts).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub contacts: u64,
    /// Sum of headcounts.
    pub persons: u64,
    /// 及时受理率: matters whose acceptance decision fell due in the period
    /// (decided, or due, whichever came first), decided by the due date;
    /// undecided ones past due count late.
    #[serde(default)]
    pub timely_acceptance: Rate,
    /// 按期办结率: accepted matters whose first reply fell due in the period
    /// (replied, or due, whichever came first), replied by the due date;
    /// unreplied ones past due count late.
    pub on_time: Rate,
    /// 一次性办结率: matters ended in the period with one contact and no review.
    pub one_time: Rate,
    /// 满意率: the latest evaluation of each stage of a matter, by its date,
    /// satisfied or basically so.
    pub satisfaction: Rate,
    /// 参评率: matters first replied in the period whose reply was evaluated.
    #[serde(default)]
    pub participation: Rate,
    /// 重复访率: contacts in the period that were repeat contacts.
    pub repeat: Rate,
    pub skip_level: u64,
    pub abnormal: u64,
    /// Collective visits (headcount at least the office's threshold, 5 by default).
    pub collective: Count,
    /// Every channel, zeros included.
    pub by_channel: BTreeMap<String, u64>,
    /// Every level, zeros included.
    pub by_level: BTreeMap<String, u64>,
    /// By the matter's category code: every category on file, zeros included.
    pub by_category: BTreeMap<String, u64>,
    /// Every town on file, zeros included.
    pub by_town: BTreeMap<String, u64>,
    /// Matters accepted in the period by kind, every kind, zeros included
    /// (one not classified counts as 申诉求决类).
    #[serde(default)]
    pub by_kind: BTreeMap<String, u64>,
    /// Contacts per statistical month (`YYYY-MM`) overlapping the period, in
    /// order, for a trend line; not part of the command line's JSON.
    #[serde(default)]
    pub monthly: Vec<(String, u64)>,
}

impl Desk {
    /// The statistics of `period`, as of the desk's today: a step not taken
    /// counts late once its due date is before today.
    pub fn stats(&self, period: &Period) -> Result<Stats> {
        self.stats_with_progress(period, &mut |_| {})
    }

    /// `stats`, calling `progress` with the share done (0.0 to 1.0) as each
    /// town's contacts and each month's rates are counted.
    pub fn stats_with_progress(
        &self,
        period: &Period,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Stats> {
        self.require_reports()?;
        let store = self.store();
        let towns = self.towns()?;
        let months = period.months(store.stat_start_day());
        let mut progress = Progress {
            done: 0.0,
            steps: (towns.len() + months.len()).max(1) as f32,
            report: progress,
        };
        (progress.report)(0.0);
        let mut s = self.zero_stats(&months)?;
        let collective_min = store.office().collective_min_headcount;
        let mut tally = ContactTally::default();
        for town in &towns {
            let mut n = 0;
            let mut month = 0;
            for c in self.town_contacts(&town.code, period) {
                let c = c?;
                n += 1;
                // Entries come in date order within a town.
                while month + 1 < months.len() && months[month].1.to < c.date {
                    month += 1;
                }
                if let Some(m) = s.monthly.get_mut(month) {
                    m.1 += 1;
                }
                tally.count(&mut s, c, collective_min);
            }
            s.contacts += n;
            s.by_town.insert(town.code.clone(), n);
            progress.step();
        }
        tally.name_into(&mut s);
        self.count_rates(&months, &mut s, &mut progress)?;
        Ok(s)
    }

    /// Every channel, level, category and month at zero.
    fn zero_stats(&self, months: &[(String, Period)]) -> Result<Stats> {
        Ok(Stats {
            by_channel: Channel::ALL
                .iter()
                .map(|c| (c.code().to_string(), 0))
                .collect(),
            by_level: Level::ALL
                .iter()
                .map(|l| (l.code().to_string(), 0))
                .collect(),
            by_category: self
                .categories()?
                .into_iter()
                .map(|c| (c.code, 0))
                .collect(),
            monthly: months.iter().map(|(label, _)| (label.clone(), 0)).collect(),
            ..Stats::default()
        })
    }

    /// The rates of each month, from its rate facts, and the matters
    /// accepted by kind.
    fn count_rates(
        &self,
        months: &[(String, Period)],
        s: &mut Stats,
        progress: &mut Progress,
    ) -> Result<()> {
        let today = self.today();
        let mut kinds = [0u64; MatterKind::ALL.len()];
        for (_, m) in months {
            for fact in self.store().rate_facts_in(m.from..=m.to) {
                match fact? {
                    RateFact::Timely(d) => s.timely_acceptance.count_some(d.verdict(today)),
                    RateFact::Handled(d) => s.on_time.count_some(d.verdict(today)),
                    RateFact::Ended { one_time } => s.one_time.count(one_time),
                    RateFact::Evaluated(sat) => s.satisfaction.count(is_satisfied(sat)),
                    RateFact::Replied { evaluated } => s.participation.count(evaluated),
                    RateFact::Accepted(kind) => kinds[kind as usize] += 1,
                }
            }
            progress.step();
        }
        s.by_kind = MatterKind::ALL
            .iter()
            .zip(kinds)
            .map(|(k, n)| (k.code().to_string(), n))
            .collect();
        Ok(())
    }
}

/// The share of towns and months counted so far.
struct Progress<'a> {
    done: f32,
    steps: f32,
    report: &'a mut dyn FnMut(f32),
}

impl Progress<'_> {
    fn step(&mut self) {
        self.done += 1.0;
        (self.report)(self.done / self.steps);
    }
}

/// Contacts by channel and level (indexes of `Channel::ALL`/`Level::ALL`)
/// and category: counted in arrays, named once at the end.
#[derive(Default)]
struct ContactTally {
    channel: [u64; 4],
    level: [u64; 5],
    category: BTreeMap<String, u64>,
}

impl ContactTally {
    fn count(&mut self, s: &mut Stats, c: IndexedContact, collective_min: u32) {
        let b = c.brief;
        s.persons += u64::from(b.headcount);
        s.repeat.count(b.repeat);
        s.skip_level += u64::from(b.skip_level);
        s.abnormal += u64::from(b.abnormal);
        if b.channel == Channel::Visit && is_collective(b.headcount, collective_min) {
            s.collective.add(b.headcount);
        }
        self.channel[b.channel as usize] += 1;
        self.level[b.level as usize] += 1;
        *self.category.entry(c.category).or_default() += 1;
    }

    fn name_into(self, s: &mut Stats) {
        for (c, n) in Channel::ALL.iter().zip(self.channel) {
            s.by_channel.insert(c.code().to_string(), n);
        }
        for (l, n) in Level::ALL.iter().zip(self.level) {
            s.by_level.insert(l.code().to_string(), n);
        }
        for (code, n) in self.category {
            *s.by_category.entry(code).or_default() += n;
        }
    }
}
