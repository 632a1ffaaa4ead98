//! 督查督办 letters and the leaders' reception rota (领导接访日).

use super::super::audit::matter_record;
use super::super::{deed, Desk, Result, ServiceError};
use crate::domain::case::CaseDraft;
use crate::domain::permit::{may_answer, Duty};
use crate::domain::supervision::{ReceptionDay, Supervision, SupervisionKind};
use crate::domain::text::{clean_line, clean_multiline};
use crate::domain::NoticeKind;
use crate::domain::{LedgerNo, Level, Role};
use crate::store::{Counter, WriteSet, T};
use serde::{Deserialize, Serialize};
use time::Date;

/// What issuing a letter asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterDraft {
    pub matter: LedgerNo,
    pub kind: SupervisionKind,
    pub level: Option<Level>,
    pub unit: String,
    pub reply_due: Date,
}

/// Which letters a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LetterOnly {
    Unanswered,
    Overdue,
    Every,
}

impl Desk {
    /// Issues a reminder or a directive to a unit about a matter
    /// (supervisors); the letter's number is the office's own.
    pub fn issue_supervision(&self, draft: &LetterDraft) -> Result<Supervision> {
        self.require(Duty::KeepCases, deed::SUPERVISE)?;
        let store = self.store();
        let _guard = store.lock_writes()?;
        let Some(matter) = store.matter(draft.matter)? else {
            return Err(ServiceError::NotFound(matter_record(draft.matter)));
        };
        let unit = clean_line(&draft.unit);
        let Some(unit_on_file) = store.unit(&unit)? else {
            return Err(ServiceError::NotFound(format!("unit {unit}")));
        };
        let mut ws = WriteSet::new(store);
        let id = ws.counter(Counter::Supervision)? + 1;
        let letter = Supervision {
            id,
            matter: draft.matter,
            kind: draft.kind,
            level: draft.level,
            unit,
            issued: self.today(),
            reply_due: draft.reply_due,
            replied: None,
            reply_note: None,
            by: self.user().login.clone(),
        };
        letter
            .validate()
            .map_err(|e| ServiceError::Invalid(e.to_string()))?;
        ws.set_counter(Counter::Supervision, id);
        ws.supervision(None, &letter);
        let what = format!(
            "issued {} {id} to unit {}, reply due {}",
            letter.kind, letter.unit, letter.reply_due
        );
        self.audit(&mut ws, matter_record(letter.matter), what)?;
        // The letter as a document: numbered from the office's pattern and
        // kept with the matter like every notice, in the same write. A
        // closed matter's letter is recorded without one.
        if matter.state.is_open() {
            let kind = match letter.kind {
                SupervisionKind::Reminder => NoticeKind::Reminder,
                SupervisionKind::Directive => NoticeKind::Directive,
            };
            let settings = store.notice_settings()?;
            self.notice_into(&mut ws, &settings, &matter, kind, Some(unit_on_file.name))?;
        }
        ws.commit()?;
        store.flush()?;
        Ok(letter)
    }

    /// Records the unit's reply to a letter (its handlers; supervisors).
    pub fn reply_supervision(&self, id: u64, day: Date, note: &str) -> Result<Supervision> {
        let store = self.store();
        let _guard = store.lock_writes()?;
        let old = store
            .supervision(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("supervision {id}")))?;
        if !may_answer(self.user(), &old) {
            return Err(self.forbidden(deed::ANSWER_SUPERVISION));
        }
        let mut new = old.clone();
        new.reply(day, clean_multiline(note))
            .map_err(|e| ServiceError::Invalid(e.to_string()))?;
        let mut ws = WriteSet::new(store);
        ws.supervision(Some(&old), &new);
        let what = format!("recorded the reply to {} {id} of {day}", new.kind);
        self.audit(&mut ws, matter_record(new.matter), what)?;
        ws.commit()?;
        store.flush()?;
        Ok(new)
    }

    /// Letters, soonest reply first: a handler sees their unit's; leaders
    /// and supervisors every unit's, or one (`unit`).
    pub fn supervisions(
        &self,
        unit: Option<String>,
        only: LetterOnly,
        today: Date,
    ) -> Result<Vec<Supervision>> {
        let user = self.user();
        let unit = match user.role {
            Role::Handler => match (&user.unit, unit) {
                (Some(own), None) => Some(own.clone()),
                (Some(own), Some(u)) if *own == u => Some(u),
                _ => return Err(self.forbidden(deed::SEE_CASES)),
            },
            Role::Receptionist => return Err(self.forbidden(deed::SEE_CASES)),
            _ => unit,
        };
        let store = self.store();
        let mut out = Vec::new();
        for r in store.supervision_keys(unit.as_deref()) {
            let (due, id, answered) = r?;
            let keep = match only {
                LetterOnly::Unanswered => !answered,
                LetterOnly::Overdue => !answered && today > due,
                LetterOnly::Every => true,
            };
            if keep {
                out.extend(store.supervision(id)?);
            }
        }
        out.sort_by_key(|s| (s.reply_due, s.id));
        Ok(out)
    }

    /// Adds a session to the rota, or changes the one of that leader on
    /// that day (supervisors).
    pub fn set_reception_day(&self, day: &ReceptionDay) -> Result<ReceptionDay> {
        self.require(Duty::KeepCases, deed::RECEPTION_ROTA)?;
        let store = self.store();
        let _guard = store.lock_writes()?;
        let day = ReceptionDay {
            date: day.date,
            leader: clean_line(&day.leader),
            place: clean_line(&day.place),
            units: day.units.iter().map(|u| clean_line(u)).collect(),
        };
        self.check_leader(&day.leader)?;
        for u in &day.units {
            if store.unit(u)?.is_none() {
                return Err(ServiceError::NotFound(format!("unit {u}")));
            }
        }
        let old = store.reception_day(day.date, &day.leader)?;
        let mut ws = WriteSet::new(store);
        ws.reception_day(&day);
        let verb = if old.is_some() { "changed" } else { "added" };
        let what = format!("{verb} reception day {} at {}", day.date, day.place);
        self.audit(
            &mut ws,
            format!("reception {} {}", day.date, day.leader),
            what,
        )?;
        ws.commit()?;
        store.flush()?;
        Ok(day)
    }

    /// Takes a session off the rota (supervisors).
    pub fn remove_reception_day(&self, date: Date, leader: &str) -> Result<()> {
        self.require(Duty::KeepCases, deed::RECEPTION_ROTA)?;
        let store = self.store();
        let _guard = store.lock_writes()?;
        if store.reception_day(date, leader)?.is_none() {
            return Err(ServiceError::NotFound(format!(
                "reception day {date} of {leader}"
            )));
        }
        let mut ws = WriteSet::new(store);
        ws.remove_reception_day(date, leader);
        let what = format!("removed reception day {date}");
        self.audit(&mut ws, format!("reception {date} {leader}"), what)?;
        ws.commit()?;
        store.flush()?;
        Ok(())
    }

    /// The rota from `from` to `to`, both included, by date then leader.
    pub fn reception_days(&self, from: Date, to: Date) -> Result<Vec<ReceptionDay>> {
        let store = self.store();
        let mut out = Vec::new();
        for r in store.records::<ReceptionDay>(T::ReceptionDays) {
            let d = r?.1;
            if d.date >= from && d.date <= to {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// The active leader logins and their names, by login: whom the rota
    /// and a case may name. Any role may read them, as staff names are.
    pub fn active_leaders(&self) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for r in self.store().records::<crate::domain::Staff>(T::Staff) {
            let s = r?.1;
            if s.role == Role::Leader && !s.disabled {
                out.push((s.login, s.name));
            }
        }
        Ok(out)
    }

    /// The leader who received a visit on `day`: the one leader on the rota
    /// that day, or the one named among several.
    pub fn leader_receiving(&self, day: Date, named: Option<&str>) -> Result<Option<String>> {
        let on_day = self.reception_days(day, day)?;
        Ok(match named {
            Some(n) => on_day
                .iter()
                .find(|d| d.leader == n)
                .map(|d| d.leader.clone()),
            None if on_day.len() == 1 => Some(on_day[0].leader.clone()),
            None => None,
        })
    }

    /// The rota's entries on the days the matter's visits were received, by
    /// date: who received each visit (接访领导), and on the latest visit's
    /// day the leader a case opened from the session would be owned by.
    pub fn receptions_of(&self, ledger: LedgerNo) -> Result<Vec<ReceptionDay>> {
        let Some(matter) = self.store().matter(ledger)? else {
            return Err(ServiceError::NotFound(matter_record(ledger)));
        };
        let tz = self.store().tz();
        let days: std::collections::BTreeSet<Date> = matter
            .contacts
            .iter()
            .filter(|c| c.channel == crate::domain::Channel::Visit)
            .map(|c| c.at.local_date(tz))
            .collect();
        let (Some(first), Some(last)) = (days.first(), days.last()) else {
            return Ok(Vec::new());
        };
        let mut out = self.reception_days(*first, *last)?;
        out.retain(|d| days.contains(&d.date));
        Ok(out)
    }

    /// Opens a case owned by the leader who received the matter's visit at
    /// a session, in one step: the leader comes from the rota of the day of
    /// the matter's latest visit (supervisors).
    pub fn open_case_from_session(
        &self,
        ledger: LedgerNo,
        leader: Option<&str>,
        draft: &CaseDraft,
    ) -> Result<crate::domain::case::Case> {
        let matter = self
            .store()
            .matter(ledger)?
            .ok_or_else(|| ServiceError::NotFound(matter_record(ledger)))?;
        let tz = self.store().tz();
        let day = matter
            .contacts
            .iter()
            .filter(|c| c.channel == crate::domain::Channel::Visit)
            .map(|c| c.at.local_date(tz))
            .max()
            .ok_or_else(|| ServiceError::Invalid(format!("matter {ledger} has no visit")))?;
        let leader = self.leader_receiving(day, leader)?.ok_or_else(|| {
            ServiceError::Invalid(format!(
                "no single leader received visits on {day}: name one on that day's rota"
            ))
        })?;
        let draft = CaseDraft {
            leader: Some(leader),
            ..draft.clone()
        };
        self.open_case(ledger, &draft)
    }
}
