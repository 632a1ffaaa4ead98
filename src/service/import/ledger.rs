//! Ledger numbers of imported matters: explicit ones are kept, the others
//! follow them in registration order, and every year stays gapless.

use super::context::Ctx;
use super::lines::NewMatter;
use super::Pos;
use crate::domain::LedgerNo;
use crate::store::{Counter, Result, Store};
use std::collections::BTreeMap;

/// The ledger number of each new matter; the counters to set go to
/// `counters`. Explicit numbers that collide or leave a gap are reported; the
/// numbers are only meaningful when nothing was.
pub(super) fn number(
    cx: &mut Ctx,
    new_matters: &[NewMatter],
    counters: &mut Vec<(Counter, u64)>,
) -> Result<Vec<LedgerNo>> {
    let mut stored = StoredLedgers {
        store: cx.store,
        last: BTreeMap::new(),
    };
    let claimed = claim_explicit(cx, &mut stored)?;
    let mut next = check_gapless(cx, &claimed, &mut stored)?;
    let ledgers = number_the_others(new_matters, &mut next, &mut stored)?;
    for (year, n) in next {
        counters.push((Counter::Ledger(year), u64::from(n - 1)));
    }
    Ok(ledgers)
}

/// Each year's stored counter, read once.
struct StoredLedgers<'a> {
    store: &'a Store,
    last: BTreeMap<u16, u32>,
}

impl StoredLedgers<'_> {
    fn last(&mut self, year: u16) -> Result<u32> {
        if let Some(s) = self.last.get(&year) {
            return Ok(*s);
        }
        let s = self.store.counter(Counter::Ledger(year))? as u32;
        self.last.insert(year, s);
        Ok(s)
    }
}

/// The explicit numbers of matter lines, each with its line; those already
/// in the database or given twice are reported.
fn claim_explicit(cx: &mut Ctx, stored: &mut StoredLedgers) -> Result<BTreeMap<LedgerNo, Pos>> {
    let mut claimed: BTreeMap<LedgerNo, Pos> = BTreeMap::new();
    let mut explicit = std::mem::take(&mut cx.ledgers);
    explicit.sort_by_key(|(pos, _)| *pos);
    for (pos, l) in explicit {
        if l.seq <= stored.last(l.year)? {
            cx.err(pos, "ledger", format!("{l} is already in the database"));
            cx.already.problem(pos);
            cx.taken.insert(pos);
        } else if let Some(first) = claimed.get(&l) {
            let msg = format!("{l} is also given at line {}", first.line);
            cx.err(pos, "ledger", msg);
        } else {
            claimed.insert(l, pos);
        }
    }
    Ok(claimed)
}

/// Claimed numbers must continue each year's numbers without a gap; the
/// next number of each year they reach.
fn check_gapless(
    cx: &mut Ctx,
    claimed: &BTreeMap<LedgerNo, Pos>,
    stored: &mut StoredLedgers,
) -> Result<BTreeMap<u16, u32>> {
    let mut next: BTreeMap<u16, u32> = BTreeMap::new();
    for (l, pos) in claimed {
        let expected = match next.get(&l.year) {
            Some(n) => *n,
            None => stored.last(l.year)? + 1,
        };
        if l.seq > expected {
            let from = LedgerNo {
                year: l.year,
                seq: expected,
            };
            let gap = if l.seq == expected + 1 {
                format!("{from}")
            } else {
                let to = LedgerNo {
                    year: l.year,
                    seq: l.seq - 1,
                };
                format!("{from} to {to}")
            };
            let msg = format!("{l} leaves {gap} unused; the numbers of a year have no gaps");
            cx.err(*pos, "ledger", msg);
        }
        next.insert(l.year, l.seq + 1);
    }
    Ok(next)
}

/// The matters without an explicit number follow in registration order
/// (file order breaks ties), each year from `next`.
fn number_the_others(
    new_matters: &[NewMatter],
    next: &mut BTreeMap<u16, u32>,
    stored: &mut StoredLedgers,
) -> Result<Vec<LedgerNo>> {
    let tz = stored.store.tz();
    let mut ledgers: Vec<LedgerNo> = new_matters
        .iter()
        .map(|nm| nm.ledger.unwrap_or(LedgerNo { year: 0, seq: 0 }))
        .collect();
    let mut order: Vec<usize> = (0..new_matters.len())
        .filter(|&i| new_matters[i].ledger.is_none())
        .collect();
    order.sort_by_key(|&i| (new_matters[i].registered_at, new_matters[i].pos));
    for i in order {
        let year = new_matters[i].registered_at.local_date(tz).year() as u16;
        let seq = match next.get(&year) {
            Some(n) => *n,
            None => stored.last(year)? + 1,
        };
        next.insert(year, seq + 1);
        ledgers[i] = LedgerNo { year, seq };
    }
    Ok(ledgers)
}
