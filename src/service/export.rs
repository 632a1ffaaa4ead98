//! Export in JSON Lines v1 (docs/interchange.md). The output is canonical: the same records
//! always give the same bytes, so export → import → export is a byte-for-byte
//! round trip.

use super::{Desk, Result, ServiceError};
use crate::domain::permit::Duty;
use crate::domain::{Category, Contact, Matter, Petitioner, Staff, Town, Unit, Village};
use crate::interchange::{
    CodeNameLine, ContactLine, EventLine, Line, MatterLine, NoticeLine, PetitionerLine, StaffLine,
    TownLine, VillageLine,
};
use crate::store::{Store, T};
use std::io::Write;
use time::UtcOffset;

fn pet_ref(id: u64) -> String {
    format!("p{id}")
}

fn matter_ref(m: &Matter) -> String {
    format!("m{}", m.ledger)
}

/// Lines written, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExportSummary {
    pub lines: usize,
}

impl Desk {
    /// Writes every record; admins only (it is everyone's personal data).
    /// Every ID number leaves the database unmasked, so it is audited
    /// (docs/rules.md, Audit trail) before the first byte — a reader that stops early
    /// (`| head`) is still on record — and again with how it ended.
    pub fn export(&self, out: &mut dyn Write, target: &str) -> Result<ExportSummary> {
        self.require(Duty::Administer, super::deed::EXPORT)?;
        self.audit_export(format!("export started to {target}"))?;
        let mut n = 0usize;
        let io = |e: std::io::Error| ServiceError::Io {
            path: target.into(),
            source: e,
        };
        let mut emit = |line: Line| -> Result<()> {
            writeln!(out, "{}", line.to_json()).map_err(io)?;
            n += 1;
            Ok(())
        };
        let written = Desk::export_lines(self.store(), &mut emit, &mut |_| {})
            .and_then(|()| out.flush().map_err(io));
        match written {
            Ok(()) => {
                self.audit_export(format!("exported {n} lines to {target}"))?;
                Ok(ExportSummary { lines: n })
            }
            Err(e) => {
                // The error the caller sees is the export's, not the audit's.
                let _ =
                    self.audit_export(format!("export to {target} stopped after {n} lines: {e}"));
                Err(e)
            }
        }
    }

    /// One audit entry about an export, on disk before this returns.
    fn audit_export(&self, what: String) -> Result<()> {
        let store = self.store();
        let _guard = store.lock_writes()?;
        let mut ws = crate::store::WriteSet::new(store);
        self.audit(&mut ws, "export".into(), what)?;
        ws.commit()?;
        store.flush()?;
        Ok(())
    }

    /// Every record as interchange lines, in export order, each handed to
    /// `emit`; `on_matter` sees each matter before its lines (a backup keeps
    /// what the lines leave out). The caller decides whether writers wait.
    pub(crate) fn export_lines(
        store: &Store,
        emit: &mut dyn FnMut(Line) -> Result<()>,
        on_matter: &mut dyn FnMut(&Matter),
    ) -> Result<()> {
        let tz = store.tz();
        emit_reference(store, emit)?;
        for r in store.records::<Petitioner>(T::Petitioners) {
            emit(petitioner_line(r?.1))?;
        }
        // Per matter: the matter, its contacts in time order, its events. Import
        // numbers contacts in file order, so this order survives a round trip.
        for r in store.records::<Matter>(T::Matters) {
            let m = r?.1;
            on_matter(&m);
            let mref = matter_ref(&m);
            emit(matter_line(&m, &mref, tz))?;
            for c in m.contacts {
                emit(contact_line(c, &mref, tz))?;
            }
            for e in m.events {
                emit(Line::Event(EventLine::from_event(&mref, e, tz)))?;
            }
            for n in store.notices_of(m.ledger)? {
                emit(Line::Notice(NoticeLine::from_notice(&mref, n, tz)))?;
            }
        }
        super::cases::export::emit_cases(store, emit)
    }
}

/// Towns, villages, units, categories and staff, in that order.
fn emit_reference(store: &Store, emit: &mut dyn FnMut(Line) -> Result<()>) -> Result<()> {
    for r in store.records::<Town>(T::Towns) {
        let t = r?.1;
        emit(Line::Town(TownLine {
            code: t.code,
            name: t.name,
        }))?;
    }
    for r in store.records::<Village>(T::Villages) {
        let v = r?.1;
        emit(Line::Village(VillageLine {
            code: v.code,
            town: v.town,
            name: v.name,
        }))?;
    }
    for r in store.records::<Unit>(T::Units) {
        let u = r?.1;
        emit(Line::Unit(CodeNameLine {
            code: u.code,
            name: u.name,
        }))?;
    }
    for r in store.records::<Category>(T::Categories) {
        let c = r?.1;
        emit(Line::Category(CodeNameLine {
            code: c.code,
            name: c.name,
        }))?;
    }
    for r in store.records::<Staff>(T::Staff) {
        let s = r?.1;
        emit(Line::Staff(StaffLine {
            login: s.login,
            name: s.name,
            role: s.role.code().into(),
            unit: s.unit,
            disabled: s.disabled,
        }))?;
    }
    Ok(())
}

fn petitioner_line(p: Petitioner) -> Line {
    Line::Petitioner(PetitionerLine {
        reference: pet_ref(p.id),
        name: p.name,
        id_number: p.id_number,
        other_doc: p.other_doc,
        phones: p.phones,
        town: p.town,
        village: p.village,
        address: p.address,
        gender: p.gender.map(|g| g.code().into()),
        key_person: p.key_person,
        notes: p.notes,
    })
}

fn matter_line(m: &Matter, mref: &str, tz: UtcOffset) -> Line {
    Line::Matter(MatterLine {
        reference: mref.to_string(),
        ledger: Some(m.ledger.to_string()),
        petitioners: m.petitioners.iter().map(|p| pet_ref(*p)).collect(),
        category: m.category.clone(),
        town: m.town.clone(),
        summary: m.summary.clone(),
        // As registered: reassignments are events and replay on import.
        first_receiver: m.registered_by.clone(),
        registered_at: m.registered_at.rfc3339(tz),
        jurisdiction: Some(m.jurisdiction.code().into()),
        leader: m.leader.clone(),
        kind: m.kind.map(|k| k.code().to_string()),
    })
}

fn contact_line(c: Contact, mref: &str, tz: UtcOffset) -> Line {
    Line::Contact(ContactLine {
        matter: mref.to_string(),
        petitioners: c.petitioners.iter().map(|p| pet_ref(*p)).collect(),
        at: c.at.rfc3339(tz),
        channel: c.channel.code().into(),
        level: c.level.code().into(),
        headcount: c.headcount,
        abnormal: c.abnormal,
        receiver: c.receiver,
        summary: c.summary,
        letter_no: c.letter_no,
        town: Some(c.town),
    })
}
