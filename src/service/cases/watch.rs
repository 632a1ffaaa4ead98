//! The 上访老户 / key-person list: long-standing petitioners (derived from
//! their contacts) and flagged key persons, each with a person responsible
//! (稳控责任人) and a status; a person leaves it after the office's months
//! without a contact.

use super::super::audit::petitioner_record;
use super::super::{deed, Desk, Result, ServiceError};
use crate::domain::derive::is_long_standing;
use crate::domain::keylist::{stays_on_list, Listed, Watch, WatchStatus};
use crate::domain::permit::Duty;
use crate::domain::text::clean_line;
use crate::domain::{Matter, Petitioner, PetitionerId};
use crate::store::{WriteSet, T};
use std::collections::HashMap;
use time::Date;

impl Desk {
    /// Flags a key person (重点人员, with `reason`) or, without one, keeps
    /// watch over a long-standing petitioner: names the person responsible
    /// and the status (supervisors).
    pub fn keep_watch(
        &self,
        petitioner: PetitionerId,
        reason: Option<&str>,
        responsible: &str,
        status: WatchStatus,
    ) -> Result<Watch> {
        self.require(Duty::FlagKeyPerson, deed::FLAG_KEY_PERSON)?;
        let store = self.store();
        let _guard = store.lock_writes()?;
        let old = store
            .petitioner(petitioner)?
            .ok_or_else(|| ServiceError::NotFound(petitioner_record(petitioner)))?;
        let responsible = clean_line(responsible);
        if store.staff(&responsible)?.is_none() {
            return Err(ServiceError::NotFound(format!(
                "staff login {responsible:?}"
            )));
        }
        let reason = reason.map(clean_line).filter(|r| !r.trim().is_empty());
        let watch = Watch {
            petitioner,
            responsible,
            status,
            since: self.today(),
            by: self.user().login.clone(),
        };
        let mut ws = WriteSet::new(store);
        let mut what = format!(
            "key-person list: responsible {}, status {status}",
            watch.responsible
        );
        if let Some(r) = &reason {
            let new = Petitioner {
                key_person: Some(r.clone()),
                ..old.clone()
            };
            ws.petitioner(Some(&old), &new);
            what = format!("flagged key person; {what}");
        }
        ws.watch(&watch);
        self.audit(&mut ws, petitioner_record(petitioner), what)?;
        ws.commit()?;
        store.flush()?;
        Ok(watch)
    }

    /// The list on `today`: long-standing petitioners and key persons whose
    /// latest contact (or flagging) is less than the office's months ago,
    /// most recent first (supervisors, leaders). Reads every matter once.
    pub fn key_person_list(&self, today: Date) -> Result<Vec<Listed>> {
        if !self.keeps_or_leads() {
            return Err(self.forbidden(deed::SEE_CASES));
        }
        let store = self.store();
        let tz = store.tz();
        let months = store.office().key_list_months.0;
        let mut dates: HashMap<PetitionerId, Vec<Date>> = HashMap::new();
        for r in store.records::<Matter>(T::Matters) {
            for c in &r?.1.contacts {
                for p in &c.petitioners {
                    dates.entry(*p).or_default().push(c.at.local_date(tz));
                }
            }
        }
        let mut watches: HashMap<PetitionerId, Watch> = HashMap::new();
        for r in store.records::<Watch>(T::Watches) {
            let w = r?.1;
            watches.insert(w.petitioner, w);
        }
        let mut out = Vec::new();
        for r in store.records::<Petitioner>(T::Petitioners) {
            let p = r?.1;
            let mine = dates.remove(&p.id).unwrap_or_default();
            let long_standing = is_long_standing(mine.iter().copied());
            let watch = watches.remove(&p.id);
            if !long_standing && p.key_person.is_none() {
                continue;
            }
            let last_contact = mine.iter().max().copied();
            if !stays_on_list(last_contact, watch.as_ref().map(|w| w.since), today, months) {
                continue;
            }
            out.push(Listed {
                petitioner: p.id,
                name: p.name,
                long_standing,
                key_person: p.key_person,
                responsible: watch.as_ref().map(|w| w.responsible.clone()),
                status: watch.map(|w| w.status),
                last_contact,
            });
        }
        out.sort_by(|a, b| {
            b.last_contact
                .cmp(&a.last_contact)
                .then(a.petitioner.cmp(&b.petitioner))
        });
        Ok(out)
    }
}
