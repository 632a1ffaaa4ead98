//! Lists of key cases, sorted by deadline, read through the case indexes;
//! a leader's home; and the matters suggested as key cases.

use super::super::page::Page;
use super::super::{deed, Desk, Result};
use crate::domain::case::{Case, CaseStatus};
use crate::domain::derive::is_long_standing;
use crate::domain::keylist::{candidate, Candidate, CandidateReason};
use crate::domain::permit::{may, Duty};
use crate::domain::supervision::ReceptionDay;
use crate::domain::{Matter, PetitionerId, Role};
use crate::store::cases::CaseIndex;
use crate::store::T;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use time::{Date, Duration};

/// Whose cases a list shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseWho {
    All,
    /// The cases this leader is in charge of.
    Mine,
    /// The cases of this handler's unit.
    MyUnit,
    Leader(String),
    Unit(String),
}

impl CaseWho {
    /// Whose cases a person sees first: a leader's own, a handler's (or
    /// receptionist's) unit's, everyone's for supervisors and admins.
    pub fn for_role(role: crate::domain::Role) -> CaseWho {
        use crate::domain::Role as R;
        match role {
            R::Leader => CaseWho::Mine,
            R::Handler | R::Receptionist => CaseWho::MyUnit,
            R::Supervisor | R::Admin => CaseWho::All,
        }
    }
}

/// Which of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseOnly {
    /// Every case not yet cleared.
    Active,
    /// Open past the deadline.
    Overdue,
    Status(CaseStatus),
    /// Cleared ones too.
    Every,
}

impl CaseOnly {
    fn keeps(self, status: CaseStatus, due: Date, today: Date) -> bool {
        match self {
            CaseOnly::Active => status != CaseStatus::Cleared,
            CaseOnly::Overdue => status == CaseStatus::Open && today > due,
            CaseOnly::Status(s) => status == s,
            CaseOnly::Every => true,
        }
    }
}

/// A leader's home: their open cases, what is due this week, today's
/// reception sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderHome {
    pub open: Page<Case>,
    /// Open cases due within seven days from today, the overdue ones first.
    pub due_this_week: Vec<Case>,
    pub sessions_today: Vec<ReceptionDay>,
}

/// Days from today, today included, that "due this week" looks ahead.
const WEEK: i64 = 7;

impl Desk {
    /// The index a list reads, refused when this person may not see it.
    fn case_index(&self, who: &CaseWho) -> Result<(CaseIndex<'_>, Option<String>)> {
        let user = self.user();
        let own_unit = user.unit.clone().unwrap_or_default();
        let (which, key) = match who {
            CaseWho::All => (0, None),
            CaseWho::Mine => (1, Some(user.login.clone())),
            CaseWho::MyUnit => (2, Some(own_unit.clone())),
            CaseWho::Leader(l) => (1, Some(l.clone())),
            CaseWho::Unit(u) => (2, Some(u.clone())),
        };
        let sees = match user.role {
            Role::Receptionist => false,
            Role::Handler => which == 2 && key.as_deref() == Some(own_unit.as_str()),
            _ => self.sees_all_cases() || which == 1,
        };
        if !sees || (user.role == Role::Handler && own_unit.is_empty()) {
            return Err(self.forbidden(deed::SEE_CASES));
        }
        Ok((
            match which {
                0 => CaseIndex::All,
                1 => CaseIndex::Leader(""),
                _ => CaseIndex::Unit(""),
            },
            key,
        ))
    }

    /// The first `limit` cases of a list, soonest deadline first, and how
    /// many there are.
    pub fn cases(
        &self,
        who: &CaseWho,
        only: CaseOnly,
        today: Date,
        limit: usize,
    ) -> Result<Page<Case>> {
        let (index, key) = self.case_index(who)?;
        let key = key.unwrap_or_default();
        let index = match index {
            CaseIndex::Leader(_) => CaseIndex::Leader(&key),
            CaseIndex::Unit(_) => CaseIndex::Unit(&key),
            all => all,
        };
        let store = self.store();
        let mut page = Page {
            rows: Vec::new(),
            total: 0,
        };
        for r in store.case_keys(index) {
            let (due, ledger, status) = r?;
            if !status.is_some_and(|s| only.keeps(s, due, today)) {
                continue;
            }
            page.total += 1;
            if page.rows.len() < limit {
                if let Some(c) = store.case(ledger)? {
                    page.rows.push(c);
                }
            }
        }
        Ok(page)
    }

    /// A leader's home (leaders see their own; others any leader's).
    pub fn leader_home(&self, today: Date, limit: usize) -> Result<LeaderHome> {
        let open = self.cases(
            &CaseWho::Mine,
            CaseOnly::Status(CaseStatus::Open),
            today,
            limit,
        )?;
        let week_end = today + Duration::days(WEEK - 1);
        let mut due_this_week = Vec::new();
        for r in self
            .store()
            .case_keys(CaseIndex::Leader(&self.user().login))
        {
            let (due, ledger, status) = r?;
            if due > week_end {
                break;
            }
            if status == Some(CaseStatus::Open) {
                due_this_week.extend(self.store().case(ledger)?);
            }
        }
        let sessions_today = self
            .reception_days(today, today)?
            .into_iter()
            .filter(|d| d.leader == self.user().login)
            .collect();
        Ok(LeaderHome {
            open,
            due_this_week,
            sessions_today,
        })
    }

    /// Matters that look like key cases and are not yet one, most contacts
    /// first (supervisors and leaders). Reads every matter once: who is
    /// long-standing is known only at the end, so open matters wait for it.
    pub fn case_candidates(&self, today: Date, limit: usize) -> Result<Page<Candidate>> {
        if !self.sees_all_cases() {
            return Err(self.forbidden(deed::SEE_CASES));
        }
        let store = self.store();
        let tz = store.tz();
        let cased: HashSet<crate::domain::LedgerNo> = store
            .records::<Case>(T::Cases)
            .map(|r| r.map(|(_, c)| c.matter))
            .collect::<crate::store::Result<_>>()?;
        let mut dates: HashMap<PetitionerId, Vec<Date>> = HashMap::new();
        let (mut found, mut open) = (Vec::new(), Vec::new());
        for r in store.records::<Matter>(T::Matters) {
            let m = r?.1;
            for c in &m.contacts {
                for p in &c.petitioners {
                    dates.entry(*p).or_default().push(c.at.local_date(tz));
                }
            }
            if cased.contains(&m.ledger) {
                continue;
            }
            // As if no one were long-standing; the open ones are asked again.
            let partial = candidate(&m, |_| false, today, tz);
            if m.state.is_open() {
                open.push(OpenMatter {
                    ledger: m.ledger,
                    contacts: m.contacts.len(),
                    last_contact: m.contacts.iter().map(|c| c.at.local_date(tz)).max(),
                    petitioners: m.petitioners,
                    partial,
                });
            } else {
                found.extend(partial);
            }
        }
        let long = long_standing(dates);
        found.extend(open.into_iter().filter_map(|o| o.with_long_standing(&long)));
        found.sort_by(|a, b| b.contacts.cmp(&a.contacts).then(a.matter.cmp(&b.matter)));
        let total = found.len();
        found.truncate(limit);
        Ok(Page { rows: found, total })
    }

    /// Whether this person sees the key-person list and the candidates.
    pub(crate) fn keeps_or_leads(&self) -> bool {
        self.sees_all_cases() || may(self.user().role, Duty::FlagKeyPerson)
    }
}

/// An open matter while the candidates are read: whether one of its
/// petitioners is long-standing is known only once every matter is.
struct OpenMatter {
    ledger: crate::domain::LedgerNo,
    petitioners: Vec<PetitionerId>,
    contacts: usize,
    last_contact: Option<Date>,
    /// What makes it a candidate besides its petitioners.
    partial: Option<Candidate>,
}

impl OpenMatter {
    /// The candidate it is once `long` says who is long-standing.
    fn with_long_standing(self, long: &HashSet<PetitionerId>) -> Option<Candidate> {
        if !self.petitioners.iter().any(|p| long.contains(p)) {
            return self.partial;
        }
        let mut c = self.partial.unwrap_or(Candidate {
            matter: self.ledger,
            reasons: Vec::new(),
            contacts: self.contacts,
            last_contact: self.last_contact,
        });
        // In the order `candidate` gives: after "five or more contacts".
        let at = c
            .reasons
            .iter()
            .take_while(|r| **r == CandidateReason::ManyContacts)
            .count();
        c.reasons.insert(at, CandidateReason::LongStanding);
        Some(c)
    }
}

/// The petitioners who are long-standing (上访老户) by the dates of their
/// contacts.
fn long_standing(dates: HashMap<PetitionerId, Vec<Date>>) -> HashSet<PetitionerId> {
    dates
        .into_iter()
        .filter(|(_, d)| is_long_standing(d.iter().copied()))
        .map(|(p, _)| p)
        .collect()
}
