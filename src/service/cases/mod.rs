//! Key cases (积案) under a leader's charge (docs/rules.md#key-cases):
//! supervisors open, assign and clear them; a leader records work on their
//! own; every change is audited in the same write and flushed before it is
//! answered.

pub(crate) mod export;
pub mod lists;
pub mod report;
pub mod supervise;
pub mod watch;

use super::audit::matter_record;
use super::{deed, Desk, Result, ServiceError};
use crate::domain::case::{Case, CaseDraft, CaseError, CaseLog, CaseLogKind, CaseStatus};
use crate::domain::permit::{may, may_see_case, may_work_case, Duty};
use crate::domain::text::{clean_line, clean_multiline};
use crate::domain::{LedgerNo, Role};
use crate::store::{Store, WriteSet};

impl From<CaseError> for ServiceError {
    fn from(e: CaseError) -> Self {
        ServiceError::Invalid(e.to_string())
    }
}

/// The matters of `ledgers` that are key cases not yet cleared.
pub(crate) fn open_cases_of(store: &Store, ledgers: &[LedgerNo]) -> Result<Vec<LedgerNo>> {
    let mut out = Vec::new();
    for l in ledgers {
        if let Some(c) = store.case(*l)? {
            if c.status != CaseStatus::Cleared {
                out.push(*l);
            }
        }
    }
    Ok(out)
}

fn clean_opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(clean_line)
}

impl Desk {
    /// Refuses unless this person keeps the cases (supervisors).
    fn require_keeper(&self) -> Result<()> {
        self.require(Duty::KeepCases, deed::KEEP_CASES)
    }

    /// A stored case, or "not on file".
    fn stored_case(&self, ledger: LedgerNo) -> Result<Case> {
        self.store()
            .case(ledger)?
            .ok_or_else(|| CaseError::NoCase(ledger).into())
    }

    /// Refuses a leader login that is not an active leader.
    fn check_leader(&self, login: &str) -> Result<()> {
        match self.store().staff(login)? {
            Some(s) if s.role == Role::Leader && !s.disabled => Ok(()),
            _ => Err(CaseError::NotLeader(login.to_string()).into()),
        }
    }

    /// Refuses a unit or owner not on file.
    fn check_unit_owner(&self, unit: &str, owner: &str) -> Result<()> {
        if self.store().unit(unit)?.is_none() {
            return Err(ServiceError::NotFound(format!("unit {unit}")));
        }
        if self.store().staff(owner)?.is_none() {
            return Err(ServiceError::NotFound(format!("staff login {owner:?}")));
        }
        Ok(())
    }

    /// The case `open_case` would open, or why not; nothing written.
    pub fn check_open_case(&self, ledger: LedgerNo, draft: &CaseDraft) -> Result<Case> {
        self.require_keeper()?;
        let store = self.store();
        if store.matter(ledger)?.is_none() {
            return Err(ServiceError::NotFound(matter_record(ledger)));
        }
        if store.case(ledger)?.is_some() {
            return Err(CaseError::AlreadyOpen(ledger).into());
        }
        let draft = CaseDraft {
            leader: clean_opt(&draft.leader),
            measures: draft.measures.as_deref().map(clean_multiline),
            unit: clean_opt(&draft.unit),
            owner: clean_opt(&draft.owner),
            assigned_by: clean_opt(&draft.assigned_by),
            assigned_no: clean_opt(&draft.assigned_no),
            ..draft.clone()
        };
        let case = draft.open(ledger, self.today())?;
        self.check_leader(&case.leader)?;
        self.check_unit_owner(&case.unit, &case.owner)?;
        Ok(case)
    }

    /// Opens a key case on a matter (supervisors): the four 定 are required
    /// and the missing ones named.
    pub fn open_case(&self, ledger: LedgerNo, draft: &CaseDraft) -> Result<Case> {
        let _guard = self.store().lock_writes()?;
        let case = self.check_open_case(ledger, draft)?;
        let what = format!(
            "opened key case ({}), leader {}, unit {}, owner {}, due {}",
            case.source, case.leader, case.unit, case.owner, case.due
        );
        self.save_case(None, &case, what)?;
        Ok(case)
    }

    /// Writes a case with its audit entry and flushes it.
    fn save_case(&self, old: Option<&Case>, new: &Case, what: String) -> Result<()> {
        let mut ws = WriteSet::new(self.store());
        ws.case(old, new);
        self.audit(&mut ws, matter_record(new.matter), what)?;
        ws.commit()?;
        self.store().flush()?;
        Ok(())
    }

    /// Changes one stored case under the write lock: `change` edits it or
    /// refuses, and says what to audit.
    fn change_case(
        &self,
        ledger: LedgerNo,
        change: impl FnOnce(&mut Case) -> Result<String>,
    ) -> Result<Case> {
        let _guard = self.store().lock_writes()?;
        let old = self.stored_case(ledger)?;
        let mut new = old.clone();
        let what = change(&mut new)?;
        self.save_case(Some(&old), &new, what)?;
        Ok(new)
    }

    /// Hands the case to another leader (supervisors).
    pub fn assign_case_leader(&self, ledger: LedgerNo, leader: &str) -> Result<Case> {
        self.require_keeper()?;
        let leader = clean_line(leader);
        self.check_leader(&leader)?;
        self.change_case(ledger, |c| {
            if c.status == CaseStatus::Cleared {
                return Err(CaseError::Cleared(c.matter).into());
            }
            let what = format!("key case leader {} → {leader}", c.leader);
            c.leader = leader;
            Ok(what)
        })
    }

    /// Adds a dated entry of 包调查 / 包处理 / 包稳定 (the case's leader;
    /// supervisors).
    pub fn add_case_log(&self, ledger: LedgerNo, kind: CaseLogKind, note: &str) -> Result<Case> {
        let note = clean_multiline(note);
        if note.trim().is_empty() {
            return Err(ServiceError::Invalid(
                "a case log entry needs a note".into(),
            ));
        }
        let (user, at) = (self.user().clone(), self.now());
        self.change_case(ledger, |c| {
            if !may_work_case(&user, c) {
                return Err(self.forbidden(deed::WORK_CASE));
            }
            c.add_log(CaseLog {
                at,
                kind,
                by: user.login.clone(),
                note,
            })?;
            Ok(format!("key case log {kind}"))
        })
    }

    /// Changes the status short of 销号 (the case's leader; supervisors).
    pub fn set_case_status(
        &self,
        ledger: LedgerNo,
        status: CaseStatus,
        reason: Option<&str>,
    ) -> Result<Case> {
        if status == CaseStatus::Cleared {
            return self.clear_case(ledger, reason.unwrap_or(""));
        }
        let (user, at) = (self.user().clone(), self.now());
        let reason = reason.map(clean_multiline);
        self.change_case(ledger, |c| {
            if !may_work_case(&user, c) {
                return Err(self.forbidden(deed::WORK_CASE));
            }
            let from = c.status;
            c.change_status(status, &user.login, at, reason)?;
            Ok(format!("key case {from} → {status}"))
        })
    }

    /// Clears the case (销号): supervisors only, with a reason.
    pub fn clear_case(&self, ledger: LedgerNo, reason: &str) -> Result<Case> {
        self.require_keeper()?;
        let (login, at) = (self.user().login.clone(), self.now());
        let reason = clean_multiline(reason);
        self.change_case(ledger, |c| {
            let from = c.status;
            c.change_status(CaseStatus::Cleared, &login, at, Some(reason))?;
            Ok(format!("key case {from} → cleared"))
        })
    }

    /// One case, for those who may see it.
    pub fn case(&self, ledger: LedgerNo) -> Result<Option<Case>> {
        match self.store().case(ledger)? {
            Some(c) if !may_see_case(self.user(), &c) => Err(self.forbidden(deed::SEE_CASES)),
            found => Ok(found),
        }
    }

    /// Whether this person may see every case (leaders, supervisors).
    fn sees_all_cases(&self) -> bool {
        self.user().role == Role::Leader || may(self.user().role, Duty::KeepCases)
    }
}
