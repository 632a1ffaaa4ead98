//! The overdue queue (超期): open matters whose current step is past due.

use super::page::Page;
use super::{Desk, Result};
use crate::domain::{LedgerNo, MatterState};
use crate::store::DueMatter;
use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overdue {
    pub ledger: LedgerNo,
    pub summary: String,
    pub state: MatterState,
    pub due: Date,
    pub days_overdue: i64,
    pub first_receiver: String,
}

impl Desk {
    /// Matters overdue on `as_of` (due date before it), most overdue first.
    pub fn overdue(&self, as_of: Date) -> Result<Vec<Overdue>> {
        Ok(self.overdue_page(as_of, usize::MAX)?.rows)
    }

    /// The `limit` most overdue, and how many are overdue in all: the rest
    /// are counted from the index without reading their matters.
    pub fn overdue_page(&self, as_of: Date, limit: usize) -> Result<Page<Overdue>> {
        let store = self.store();
        let mut out = Vec::new();
        let mut total = 0;
        // The due index is ordered by date, so the scan stops at `as_of`.
        for r in store.matters_due(..as_of) {
            let DueMatter {
                due, ledger, state, ..
            } = r?;
            if !state.can_be_overdue() {
                continue;
            }
            total += 1;
            if out.len() >= limit {
                continue;
            }
            let Some(m) = store.matter(ledger)? else {
                continue;
            };
            out.push(Overdue {
                ledger,
                summary: m.summary,
                state: m.state,
                due,
                days_overdue: (as_of - due).whole_days(),
                first_receiver: m.first_receiver,
            });
        }
        Ok(Page { rows: out, total })
    }
}
