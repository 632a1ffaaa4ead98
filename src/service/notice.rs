//! Written notices (docs/rules.md#written-notices): issued for a matter
//! from the office's templates, numbered gaplessly per kind and year in the
//! same transaction that records them, reprinted as issued, and marked
//! delivered by the `deliver` step. Every issue and reprint is audited
//! before anything is output; a whole ID number is filled in only at
//! output, for a role that may see it, and audited as a reveal.

use super::act::ActionInput;
use super::{Desk, Result, ServiceError};
use crate::domain::mask::mask_id;
use crate::domain::notice::settings::NoticeSettings;
use crate::domain::notice::template::{parse, shipped, Template};
use crate::domain::notice::{
    delivered_code, fits, values, Facts, Notice, NoticeDelivery, Printable, WHOLE_ID_MARK,
};
use crate::domain::permit::{may, may_issue, Duty};
use crate::domain::workflow::due_date;
use crate::domain::{DeliveryMethod, LedgerNo, Matter, MatterState, NoticeKind, Step};
use crate::store::{Counter, WriteSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// A line of the work list "issued, not delivered".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undelivered {
    pub ledger: LedgerNo,
    pub kind: NoticeKind,
    pub doc_no: String,
    pub issued_at: crate::domain::Ts,
    pub by: String,
}

/// The office's templates: each kind's from `dir` when it has `<kind>.txt`,
/// else the shipped one. Every file in `dir` is checked, so a broken or
/// misnamed override is refused (`FILE:LINE: …`) whichever kind is issued.
pub fn load_templates(dir: Option<&Path>) -> Result<BTreeMap<NoticeKind, Template>> {
    let mut out = BTreeMap::new();
    for kind in NoticeKind::ALL {
        let shipped_name = format!("fixtures/notices/{}.txt", kind.code());
        out.insert(
            *kind,
            parse(*kind, &shipped_name, shipped(*kind)).map_err(invalid)?,
        );
    }
    let Some(dir) = dir else {
        return Ok(out);
    };
    let io = |source| ServiceError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(io)?;
    files.sort_by_key(|e| e.file_name());
    for entry in files {
        let path = entry.path();
        let name = path.display().to_string();
        let kind = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".txt"))
            .and_then(NoticeKind::from_code)
            .ok_or_else(|| {
                ServiceError::Invalid(format!(
                    "{name}:1: not a notice template (name files <kind>.txt, kind one of {})",
                    NoticeKind::codes()
                ))
            })?;
        let text = crate::small_file::read(&path).map_err(|source| ServiceError::Io {
            path: path.clone(),
            source,
        })?;
        out.insert(kind, parse(kind, &name, &text).map_err(invalid)?);
    }
    Ok(out)
}

/// `n` with the delivery `matter`'s last event (a `deliver`) records.
pub(super) fn delivered(mut n: Notice, matter: &Matter) -> Notice {
    if let Some(e) = matter.events.last() {
        if let Some(d) = &e.delivery {
            n.delivery = Some(NoticeDelivery {
                method: d.method,
                at: e.at,
                by: e.by.clone(),
            });
        }
    }
    n
}

/// The matter in the state whose due date a notice tells: a receipt the
/// acceptance decision's, an acceptance or extension the handling's, the
/// others the current step's.
fn as_told(m: &Matter, kind: NoticeKind) -> Matter {
    let state = match kind {
        NoticeKind::Receipt => MatterState::Registered,
        NoticeKind::Accept | NoticeKind::Extend => MatterState::InProgress,
        _ => m.state,
    };
    Matter { state, ..m.clone() }
}

fn invalid(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Invalid(e.to_string())
}

impl Desk {
    pub fn notice_settings(&self) -> Result<NoticeSettings> {
        Ok(self.store().notice_settings()?)
    }

    /// The template `kind` is issued from now.
    fn template(&self, settings: &NoticeSettings, kind: NoticeKind) -> Result<Template> {
        let dir = (!settings.templates.is_empty()).then(|| Path::new(&settings.templates));
        let mut all = load_templates(dir)?;
        Ok(all.remove(&kind).expect("every kind has a template"))
    }

    fn refuse_unless_may_issue(&self, matter: &Matter, kind: NoticeKind) -> Result<()> {
        if may_issue(self.user(), matter, kind) {
            return Ok(());
        }
        Err(ServiceError::Forbidden {
            login: self.user().login.clone(),
            role: self.user().role,
            what: "issue this notice",
        })
    }

    /// Issues a notice of `kind` for a matter: checked against the matter's
    /// state, numbered, recorded and audited in one transaction, flushed;
    /// then made ready to output.
    pub fn issue_notice(&self, ledger: LedgerNo, kind: NoticeKind) -> Result<Printable> {
        let store = self.store();
        let settings = store.notice_settings()?;
        let guard = store.lock_writes()?;
        let matter = store
            .matter(ledger)?
            .ok_or_else(|| ServiceError::NotFound(format!("matter {ledger}")))?;
        self.refuse_unless_may_issue(&matter, kind)?;
        let mut ws = WriteSet::new(store);
        let (notice, id_number) = self.notice_into(&mut ws, &settings, &matter, kind, None)?;
        ws.commit()?;
        drop(guard);
        store.flush()?;
        Ok(Printable::of(notice, &settings.office_name, &id_number))
    }

    /// A notice of `kind` for `matter` put in `ws` with its number and its
    /// audit entry: checked against the matter's state, rendered from the
    /// office's template. `to_unit` names the unit a supervision letter goes
    /// to, in place of the matter's. Returns it and the ID number to fill in.
    pub(crate) fn notice_into(
        &self,
        ws: &mut WriteSet,
        settings: &NoticeSettings,
        matter: &Matter,
        kind: NoticeKind,
        to_unit: Option<String>,
    ) -> Result<(Notice, String)> {
        let template = self.template(settings, kind)?;
        let event = fits(matter, kind).map_err(invalid)?;
        let tz = self.store().tz();
        let now = self.now();
        let year = now.local_date(tz).year() as u16;
        let counter = Counter::Notice(kind, year);
        let seq = ws.counter(counter)? as u32 + 1;
        let doc_no = settings.doc_no(kind, year, seq);
        let mut facts = self.facts(matter, kind, settings)?;
        if to_unit.is_some() {
            facts.unit = to_unit;
        }
        let v = values(
            matter,
            event,
            &facts,
            &doc_no,
            now.local_date(tz),
            matter.registered_at.local_date(tz),
        );
        let notice = Notice {
            ledger: matter.ledger,
            kind,
            year,
            seq,
            doc_no,
            issued_at: now,
            by: self.user().login.clone(),
            text: template.render(&v),
            delivery: None,
        };
        ws.set_counter(counter, u64::from(seq));
        ws.notice(&notice);
        let (id_number, revealed) = self.id_number_for(matter, &notice)?;
        self.audit(
            ws,
            super::audit::matter_record(matter.ledger),
            format!("notice issued: {} {}{revealed}", kind.code(), notice.doc_no),
        )?;
        Ok((notice, id_number))
    }

    /// The number a notice's whole-ID field is filled with, and what the
    /// audit entry adds: the whole number for a role that may see it (a
    /// reveal), else the masked one. Empty when the text has no such field.
    fn id_number_for(&self, matter: &Matter, notice: &Notice) -> Result<(String, &'static str)> {
        if !notice.text.contains(WHOLE_ID_MARK) {
            return Ok((String::new(), ""));
        }
        let whole = match matter.petitioners.first() {
            Some(id) => self.store().petitioner(*id)?.and_then(|p| p.id_number),
            None => None,
        };
        let Some(whole) = whole else {
            return Ok((String::new(), ""));
        };
        if may(self.user().role, Duty::SeeUnmasked) {
            Ok((whole, "; revealed ID number"))
        } else {
            Ok((mask_id(&whole), ""))
        }
    }

    /// Names in place of codes and logins, and the due date, for the fields.
    fn facts(&self, m: &Matter, kind: NoticeKind, settings: &NoticeSettings) -> Result<Facts> {
        let store = self.store();
        let mut petitioners = Vec::new();
        let mut id_number_masked = None;
        for (i, id) in m.petitioners.iter().enumerate() {
            if let Some(p) = store.petitioner(*id)? {
                if i == 0 {
                    id_number_masked = p.id_number.as_deref().map(mask_id);
                }
                petitioners.push(p.name);
            }
        }
        let unit_name =
            |code: &str| -> Result<Option<String>> { Ok(store.unit(code)?.map(|u| u.name)) };
        let unit = match &m.unit {
            Some(u) => Some(unit_name(u)?.unwrap_or_else(|| u.clone())),
            None => None,
        };
        let to = match m.events.iter().rev().find_map(|e| e.to.as_deref()) {
            Some(t) => unit_name(t)?,
            None => None,
        };
        Ok(Facts {
            office: settings.office_name.clone(),
            petitioners,
            id_number_masked,
            category: store
                .category(&m.category)?
                .map_or_else(|| m.category.clone(), |c| c.name),
            unit,
            receiver: store
                .staff(&m.first_receiver)?
                .map_or_else(|| m.first_receiver.clone(), |s| s.name),
            due: due_date(&as_told(m, kind), &store.calendar(), store.tz()),
            to,
        })
    }

    /// A `deliver` naming one of the matter's notices by its document
    /// number: the input with the notice's step in its place (so a reply's
    /// delivery starts the review window), and the notice.
    pub(super) fn delivering(
        &self,
        ledger: LedgerNo,
        input: &ActionInput,
    ) -> Result<(ActionInput, Option<Notice>)> {
        let named = input.notice.as_deref().map(str::trim).unwrap_or_default();
        if input.action != Step::Deliver || named.is_empty() {
            return Ok((input.clone(), None));
        }
        let found = self
            .store()
            .notices_of(ledger)?
            .into_iter()
            .find(|n| n.doc_no == named);
        let mut input = input.clone();
        if let Some(n) = &found {
            input.notice = Some(delivered_code(n.kind).to_string());
        }
        Ok((input, found))
    }

    /// Records that the notice `doc_no` of a matter reached the petitioner,
    /// how and on which day (today when not given; a later day is refused):
    /// the `deliver` step naming it. The notice as now marked.
    pub fn deliver_notice(
        &self,
        ledger: LedgerNo,
        doc_no: &str,
        method: DeliveryMethod,
        on: Option<time::Date>,
    ) -> Result<Notice> {
        let today = self.now().local_date(self.store().tz());
        if let Some(d) = on.filter(|d| *d > today) {
            return Err(ServiceError::Invalid(format!(
                "a delivery on {d} is in the future (today is {today})"
            )));
        }
        let doc_no = doc_no.trim();
        let known = |n: &Notice| n.doc_no == doc_no;
        let Some(issued) = self.store().notices_of(ledger)?.into_iter().find(known) else {
            return Err(ServiceError::NotFound(format!(
                "notice {doc_no} of matter {ledger}"
            )));
        };
        let issued_on = issued.issued_at.local_date(self.store().tz());
        if let Some(d) = on.filter(|d| *d < issued_on) {
            return Err(ServiceError::Invalid(format!(
                "a delivery on {d} is before {doc_no} was issued ({issued_on})"
            )));
        }
        let input = ActionInput {
            method: Some(method),
            notice: Some(doc_no.to_string()),
            ..ActionInput::new(Step::Deliver)
        };
        self.act_on_day(ledger, &input, on)?;
        let n = self.store().notices_of(ledger)?.into_iter().find(known);
        n.ok_or_else(|| ServiceError::NotFound(format!("notice {doc_no} of matter {ledger}")))
    }

    /// A matter's notices (with their delivery), oldest kind first.
    pub fn notices_of(&self, ledger: LedgerNo) -> Result<Vec<Notice>> {
        let mut all = self.store().notices_of(ledger)?;
        all.sort_by_key(|n| (n.issued_at, n.kind));
        Ok(all)
    }

    /// A notice as it was issued, for printing again (audited first).
    pub fn reprint(&self, ledger: LedgerNo, doc_no: &str) -> Result<Printable> {
        let store = self.store();
        let matter = store
            .matter(ledger)?
            .ok_or_else(|| ServiceError::NotFound(format!("matter {ledger}")))?;
        let notice = store
            .notices_of(ledger)?
            .into_iter()
            .find(|n| n.doc_no == doc_no.trim())
            .ok_or_else(|| ServiceError::NotFound(format!("notice {doc_no} of matter {ledger}")))?;
        self.refuse_unless_may_issue(&matter, notice.kind)?;
        let (id_number, revealed) = self.id_number_for(&matter, &notice)?;
        self.audit_now(
            super::audit::matter_record(ledger),
            format!(
                "notice reprinted: {} {}{revealed}",
                notice.kind.code(),
                notice.doc_no
            ),
        )?;
        let office = store.notice_settings()?.office_name;
        Ok(Printable::of(notice, &office, &id_number))
    }

    /// The kinds this person may issue for a matter now (its state fits them).
    pub fn notice_kinds(&self, ledger: LedgerNo) -> Result<Vec<NoticeKind>> {
        let m = self
            .store()
            .matter(ledger)?
            .ok_or_else(|| ServiceError::NotFound(format!("matter {ledger}")))?;
        Ok(crate::domain::notice::fitting(&m)
            .into_iter()
            .filter(|k| may_issue(self.user(), &m, *k))
            .collect())
    }

    /// The work list "issued, not delivered", oldest first.
    pub fn undelivered_notices(&self) -> Result<Vec<Undelivered>> {
        let mut out = Vec::new();
        for n in self.store().all_notices() {
            let n = n?;
            if n.delivery.is_none() {
                out.push(Undelivered {
                    ledger: n.ledger,
                    kind: n.kind,
                    doc_no: n.doc_no,
                    issued_at: n.issued_at,
                    by: n.by,
                });
            }
        }
        out.sort_by_key(|u| (u.issued_at, u.ledger));
        Ok(out)
    }
}
