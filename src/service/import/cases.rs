//! The key-case lines of an import (`case`, `case_log`, `case_status`,
//! `supervision`, `reception_day`): validated against the matters of the run
//! and the database, each problem named by line and field. A case needs a
//! matter and a staff login as its leader; a log or a status needs a case
//! (of this run or on file); statuses follow the case's table in time order.

use super::context::{Ctx, MatterRef, MAX_NAME_CHARS};
use super::Pos;
use crate::domain::case::{
    Case, CaseError, CaseLog, CaseLogKind, CaseSource, CaseStatus, MAX_CASE_TEXT,
};
use crate::domain::supervision::{ReceptionDay, Supervision, SupervisionKind};
use crate::domain::{LedgerNo, Level, Ts};
use crate::interchange::{
    CaseLine, CaseLogLine, CaseStatusLine, Line, ReceptionDayLine, SupervisionLine,
};
use crate::store::Result;
use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use time::macros::format_description;
use time::Date;

/// Placeholder until the run's matters are numbered.
const UNNUMBERED: LedgerNo = LedgerNo { year: 0, seq: 0 };

/// What the key-case lines will write, matters still by reference.
#[derive(Default)]
pub(super) struct CaseLines {
    /// (matter, stored version, new version).
    pub cases: Vec<(MatterRef, Option<Case>, Case)>,
    pub letters: Vec<(MatterRef, Supervision)>,
    pub days: Vec<ReceptionDay>,
    pub lines: usize,
}

fn date(cx: &mut Ctx, pos: Pos, field: &str, s: &str) -> Option<Date> {
    let d = Date::parse(s.trim(), format_description!("[year]-[month]-[day]")).ok();
    if d.is_none() {
        cx.err(
            pos,
            field,
            format!("{s:?} is not a date of the form YYYY-MM-DD"),
        );
    }
    d
}

fn enum_of<E>(
    cx: &mut Ctx,
    pos: Pos,
    field: &str,
    s: &str,
    parse: fn(&str) -> Option<E>,
    codes: fn() -> String,
) -> Option<E> {
    cx.parse_enum(pos, field, s, parse, codes)
}

fn unit(cx: &mut Ctx, pos: Pos, code: &str) -> Option<String> {
    cx.known(pos, "unit", "unit", code, |c| &c.units)
        .then(|| code.to_string())
}

/// A case line as a new case on matter `r`.
fn case_of(cx: &mut Ctx, pos: Pos, l: &CaseLine) -> Option<Case> {
    let source = enum_of(
        cx,
        pos,
        "source",
        &l.source,
        CaseSource::from_code,
        CaseSource::codes,
    );
    let leader = cx.staff_login(pos, "leader", &l.leader);
    let measures = cx.text(pos, "measures", &l.measures, MAX_CASE_TEXT);
    let due = date(cx, pos, "due", &l.due);
    let unit = unit(cx, pos, &l.unit);
    let owner = cx.staff_login(pos, "owner", &l.owner);
    let opened = date(cx, pos, "opened", &l.opened);
    let by = cx.opt_text(pos, "assigned_by", &l.assigned_by, MAX_NAME_CHARS);
    let no = cx.opt_text(pos, "assigned_no", &l.assigned_no, MAX_NAME_CHARS);
    let (source, leader, measures, due, unit, owner, opened, by, no) = (
        source?, leader?, measures?, due?, unit?, owner?, opened?, by?, no?,
    );
    if source == CaseSource::Assigned && (by.is_none() || no.is_none()) {
        let field = if by.is_none() {
            "assigned_by"
        } else {
            "assigned_no"
        };
        cx.err(
            pos,
            field,
            "a case assigned from above names the body and its number",
        );
        return None;
    }
    if due < opened {
        cx.err(
            pos,
            "due",
            format!("{due} is before the case was opened ({opened})"),
        );
        return None;
    }
    Some(Case {
        matter: UNNUMBERED,
        source,
        assigned_by: by,
        assigned_no: no,
        leader,
        measures,
        due,
        unit,
        owner,
        opened,
        status: CaseStatus::Open,
        changes: Vec::new(),
        log: Vec::new(),
    })
}

fn letter_of(cx: &mut Ctx, pos: Pos, l: &SupervisionLine) -> Option<Supervision> {
    let kind = enum_of(
        cx,
        pos,
        "kind",
        &l.kind,
        SupervisionKind::from_code,
        SupervisionKind::codes,
    );
    let level = match &l.level {
        Some(s) => Some(enum_of(
            cx,
            pos,
            "level",
            s,
            Level::from_code,
            Level::codes,
        )?),
        None => None,
    };
    let unit = unit(cx, pos, &l.unit);
    let issued = date(cx, pos, "issued", &l.issued);
    let reply_due = date(cx, pos, "reply_due", &l.reply_due);
    let replied = match &l.replied {
        Some(s) => Some(date(cx, pos, "replied", s)?),
        None => None,
    };
    let note = cx.opt_text(pos, "reply_note", &l.reply_note, MAX_CASE_TEXT)?;
    let by = cx.staff_login(pos, "by", &l.by);
    let s = Supervision {
        id: 0,
        matter: UNNUMBERED,
        kind: kind?,
        level,
        unit: unit?,
        issued: issued?,
        reply_due: reply_due?,
        replied,
        reply_note: note,
        by: by?,
    };
    if let Err(e) = s.validate() {
        cx.err(pos, "reply_due", e.to_string());
        return None;
    }
    Some(s)
}

/// Validates every key-case line; nothing is written.
pub(super) fn case_lines(cx: &mut Ctx, mut lines: Vec<(Pos, Line)>) -> Result<CaseLines> {
    // Cases before the logs and statuses that name them, wherever they are.
    lines.sort_by_key(|(pos, l)| (!matches!(l, Line::Case(_)), *pos));
    let mut out = CaseLines {
        lines: lines.len(),
        ..Default::default()
    };
    let mut cases: Cases = BTreeMap::new();
    let mut statuses: Vec<(MatterRef, Pos, Ts, CaseStatusLine)> = Vec::new();
    for (pos, line) in lines {
        match line {
            Line::Case(l) => {
                let r = cx.matter_ref(pos, &l.matter)?;
                let case = case_of(cx, pos, &l);
                let (Some(r), Some(case)) = (r, case) else {
                    continue;
                };
                let on_file = match r {
                    MatterRef::Existing(ledger) => cx.store.case(ledger)?.is_some(),
                    MatterRef::New(_) => false,
                };
                if on_file || cases.contains_key(&r) {
                    cx.err(
                        pos,
                        "matter",
                        format!("matter {} already has a key case", l.matter),
                    );
                    continue;
                }
                cases.insert(r, (None, case));
            }
            Line::CaseLog(l) => log_line(cx, pos, &l, &mut cases)?,
            Line::CaseStatus(l) => {
                let r = cx.matter_ref(pos, &l.matter)?;
                let at = cx.time(pos, "at", &l.at);
                if let (Some(r), Some(at)) = (r, at) {
                    statuses.push((r, pos, at, l));
                }
            }
            Line::Supervision(l) => {
                let r = cx.matter_ref(pos, &l.matter)?;
                if let (Some(r), Some(s)) = (r, letter_of(cx, pos, &l)) {
                    out.letters.push((r, s));
                }
            }
            Line::ReceptionDay(l) => out.days.extend(day_of(cx, pos, &l)),
            _ => unreachable!("only key-case lines come here"),
        }
    }
    apply_statuses(cx, statuses, &mut cases)?;
    out.cases = cases
        .into_iter()
        .map(|(r, (old, new))| (r, old, new))
        .collect();
    Ok(out)
}

fn log_line(cx: &mut Ctx, pos: Pos, l: &CaseLogLine, cases: &mut Cases) -> Result<()> {
    let r = cx.matter_ref(pos, &l.matter)?;
    let kind = enum_of(
        cx,
        pos,
        "kind",
        &l.kind,
        CaseLogKind::from_code,
        CaseLogKind::codes,
    );
    let at = cx.time(pos, "at", &l.at);
    let by = cx.staff_login(pos, "by", &l.by);
    let note = cx.text(pos, "note", &l.note, MAX_CASE_TEXT);
    let (Some(r), Some(kind), Some(at), Some(by), Some(note)) = (r, kind, at, by, note) else {
        return Ok(());
    };
    if let Some(c) = case_for(cx, pos, r, &l.matter, cases)? {
        c.log.push(CaseLog { at, kind, by, note });
    }
    Ok(())
}

fn day_of(cx: &mut Ctx, pos: Pos, l: &ReceptionDayLine) -> Option<ReceptionDay> {
    let d = date(cx, pos, "date", &l.date);
    let leader = cx.staff_login(pos, "leader", &l.leader);
    let place = cx.text(pos, "place", &l.place, MAX_NAME_CHARS);
    let units: Vec<Option<String>> = l.units.iter().map(|u| unit(cx, pos, u)).collect();
    Some(ReceptionDay {
        date: d?,
        leader: leader?,
        place: place?,
        units: units.into_iter().collect::<Option<_>>()?,
    })
}

/// The case a log or status line is about: of this run, or on file.
fn case_for<'c>(
    cx: &mut Ctx,
    pos: Pos,
    r: MatterRef,
    named: &str,
    cases: &'c mut Cases,
) -> Result<Option<&'c mut Case>> {
    if let Entry::Vacant(slot) = cases.entry(r) {
        let stored = match r {
            MatterRef::Existing(ledger) => cx.store.case(ledger)?,
            MatterRef::New(_) => None,
        };
        match stored {
            Some(c) => {
                slot.insert((Some(c.clone()), c));
            }
            None => {
                cx.err(pos, "matter", format!("matter {named} has no key case"));
                return Ok(None);
            }
        }
    }
    Ok(cases.get_mut(&r).map(|(_, c)| c))
}

/// Each case's status lines in time order (file order breaks ties),
/// through the table; a refused one is named and skipped.
fn apply_statuses(
    cx: &mut Ctx,
    mut statuses: Vec<(MatterRef, Pos, Ts, CaseStatusLine)>,
    cases: &mut BTreeMap<MatterRef, (Option<Case>, Case)>,
) -> Result<()> {
    statuses.sort_by_key(|(r, pos, at, _)| (*r, *at, *pos));
    for (r, pos, at, l) in statuses {
        let status = enum_of(
            cx,
            pos,
            "status",
            &l.status,
            CaseStatus::from_code,
            CaseStatus::codes,
        );
        let by = cx.staff_login(pos, "by", &l.by);
        let reason = cx.opt_text(pos, "reason", &l.reason, MAX_CASE_TEXT);
        let (Some(status), Some(by), Some(reason)) = (status, by, reason) else {
            continue;
        };
        let Some(c) = case_for(cx, pos, r, &l.matter, cases)? else {
            continue;
        };
        let from = c.status;
        match c.change_status(status, &by, at, reason) {
            Err(CaseError::NotAllowed { .. }) => cx.err(
                pos,
                "status",
                format!(
                    "the case of matter {} is {from}; it cannot become {status}",
                    l.matter
                ),
            ),
            Err(CaseError::Cleared(_)) => cx.err(
                pos,
                "status",
                format!(
                    "the case of matter {} is cleared (销号); nothing more is recorded on it",
                    l.matter
                ),
            ),
            Err(e) => cx.err(pos, "status", e.to_string()),
            Ok(()) => {}
        }
    }
    Ok(())
}

/// Cases (stored version, new version), letters and reception days.
pub(super) type Numbered = (
    Vec<(Option<Case>, Case)>,
    Vec<Supervision>,
    Vec<ReceptionDay>,
);

type Cases = BTreeMap<MatterRef, (Option<Case>, Case)>;

impl CaseLines {
    /// Numbers the matters and the letters (after `base`, in file order).
    pub(super) fn numbered(self, ledger_of: impl Fn(MatterRef) -> LedgerNo, base: u64) -> Numbered {
        let cases = self
            .cases
            .into_iter()
            .map(|(r, old, mut new)| {
                new.matter = ledger_of(r);
                (old, new)
            })
            .collect();
        let letters = self
            .letters
            .into_iter()
            .enumerate()
            .map(|(i, (r, mut s))| {
                s.matter = ledger_of(r);
                s.id = base + 1 + i as u64;
                s
            })
            .collect();
        (cases, letters, self.days)
    }
}
