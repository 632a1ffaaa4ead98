//! Key cases, supervision letters and reception days as interchange lines,
//! after every matter: each case with its log and its status changes, then
//! the letters by number, then the rota by date. Canonical, so export →
//! import → export gives the same bytes.

use super::super::Result;
use crate::domain::case::Case;
use crate::domain::supervision::{ReceptionDay, Supervision};
use crate::interchange::{
    CaseLine, CaseLogLine, CaseStatusLine, Line, ReceptionDayLine, SupervisionLine,
};
use crate::store::{Store, T};

/// The ref export gives a matter.
fn mref(l: crate::domain::LedgerNo) -> String {
    format!("m{l}")
}

fn case_lines(
    c: Case,
    tz: time::UtcOffset,
    emit: &mut dyn FnMut(Line) -> Result<()>,
) -> Result<()> {
    let matter = mref(c.matter);
    emit(Line::Case(CaseLine {
        matter: matter.clone(),
        source: c.source.code().into(),
        assigned_by: c.assigned_by,
        assigned_no: c.assigned_no,
        leader: c.leader,
        measures: c.measures,
        due: c.due.to_string(),
        unit: c.unit,
        owner: c.owner,
        opened: c.opened.to_string(),
    }))?;
    for l in c.log {
        emit(Line::CaseLog(CaseLogLine {
            matter: matter.clone(),
            at: l.at.rfc3339(tz),
            kind: l.kind.code().into(),
            by: l.by,
            note: l.note,
        }))?;
    }
    for s in c.changes {
        emit(Line::CaseStatus(CaseStatusLine {
            matter: matter.clone(),
            at: s.at.rfc3339(tz),
            status: s.status.code().into(),
            by: s.by,
            reason: s.reason,
        }))?;
    }
    Ok(())
}

pub(crate) fn emit_cases(store: &Store, emit: &mut dyn FnMut(Line) -> Result<()>) -> Result<()> {
    let tz = store.tz();
    for r in store.records::<Case>(T::Cases) {
        case_lines(r?.1, tz, emit)?;
    }
    for r in store.records::<Supervision>(T::Supervisions) {
        let s = r?.1;
        emit(Line::Supervision(SupervisionLine {
            matter: mref(s.matter),
            kind: s.kind.code().into(),
            level: s.level.map(|l| l.code().into()),
            unit: s.unit,
            issued: s.issued.to_string(),
            reply_due: s.reply_due.to_string(),
            replied: s.replied.map(|d| d.to_string()),
            reply_note: s.reply_note,
            by: s.by,
        }))?;
    }
    for r in store.records::<ReceptionDay>(T::ReceptionDays) {
        let d = r?.1;
        emit(Line::ReceptionDay(ReceptionDayLine {
            date: d.date.to_string(),
            leader: d.leader,
            place: d.place,
            units: d.units,
        }))?;
    }
    Ok(())
}
