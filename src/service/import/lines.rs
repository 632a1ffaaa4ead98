//! Validation of each kind of line, in the order they depend on each other.

use super::context::{Ctx, MatterRef, PetRef, MAX_NAME_CHARS, MAX_TEXT_CHARS};
use super::resolve::RefWrite;
use super::{Pos, Problem};
use crate::domain::{
    idnum, phone, text, Action, Category, Channel, Contact, Delivery, DeliveryMethod, Event,
    Gender, LedgerNo, Level, Matter, MatterKind, Petitioner, Role, Satisfaction, Staff, Town, Ts,
    Unit, Village,
};
use crate::interchange::{ContactLine, EventLine, Line, MatterLine, PetitionerLine};
use crate::store::Result;
use std::collections::HashMap;

pub(super) struct NewMatter {
    pub(super) pos: Pos,
    /// The file's own ref, to name the matter before it has a ledger number.
    pub(super) reference: String,
    pub(super) matter: Matter,
    pub(super) petitioners: Vec<PetRef>,
    /// The ledger number the line asks for, if any.
    pub(super) ledger: Option<LedgerNo>,
}

/// Event lines of one import: those that passed, and those that failed but
/// name a known matter (their time, if it parsed, limits what can be judged).
#[derive(Default)]
pub(super) struct EventLines {
    pub(super) ok: Vec<(Pos, MatterRef, Event)>,
    pub(super) failed: Vec<(MatterRef, Pos, Option<Ts>)>,
}

pub(super) struct NewContact {
    pub(super) pos: Pos,
    pub(super) matter: MatterRef,
    pub(super) petitioners: Vec<PetRef>,
    pub(super) contact: Contact,
}

pub(super) fn reference_lines(cx: &mut Ctx, lines: Vec<(Pos, Line)>, out: &mut Vec<RefWrite>) {
    for (pos, line) in lines {
        match line {
            Line::Town(l) => {
                let Some((code, name)) = cx.code_name(pos, &l.code, &l.name) else {
                    continue;
                };
                if let Some(t) = cx.define("town", pos, &code.clone(), Town { code, name }, |c| {
                    &mut c.towns
                }) {
                    out.push(RefWrite::Town(t));
                }
            }
            Line::Village(l) => {
                let Some((code, name)) = cx.code_name(pos, &l.code, &l.name) else {
                    continue;
                };
                if !cx.known(pos, "town", "town", &l.town, |c| &c.towns) {
                    continue;
                }
                if let Some(v) = cx.define(
                    "village",
                    pos,
                    &code.clone(),
                    Village {
                        code,
                        town: l.town,
                        name,
                    },
                    |c| &mut c.villages,
                ) {
                    out.push(RefWrite::Village(v));
                }
            }
            Line::Unit(l) => {
                let Some((code, name)) = cx.code_name(pos, &l.code, &l.name) else {
                    continue;
                };
                if let Some(u) = cx.define("unit", pos, &code.clone(), Unit { code, name }, |c| {
                    &mut c.units
                }) {
                    out.push(RefWrite::Unit(u));
                }
            }
            Line::Category(l) => {
                let Some((code, name)) = cx.code_name(pos, &l.code, &l.name) else {
                    continue;
                };
                if let Some(k) = cx.define(
                    "category",
                    pos,
                    &code.clone(),
                    Category { code, name },
                    |c| &mut c.categories,
                ) {
                    out.push(RefWrite::Category(k));
                }
            }
            Line::Staff(l) => {
                let login = cx.code(pos, "login", &l.login);
                let name = cx.text(pos, "name", &l.name, MAX_NAME_CHARS);
                let role = cx.parse_enum(pos, "role", &l.role, Role::from_code, Role::codes);
                let unit_ok = l
                    .unit
                    .as_ref()
                    .is_none_or(|u| cx.known(pos, "unit", "unit", u, |c| &c.units));
                let (Some(login), Some(name), Some(role), true) = (login, name, role, unit_ok)
                else {
                    continue;
                };
                let s = Staff {
                    login: login.clone(),
                    name,
                    role,
                    unit: l.unit,
                    disabled: l.disabled,
                };
                // As at `xfdesk staff`: another admin does that.
                if s.login == cx.importer && (s.disabled || s.role != Role::Admin) {
                    let field = if s.disabled { "disabled" } else { "role" };
                    let why =
                        "would disable or demote the admin importing this file; ask another admin";
                    cx.err(pos, field, why);
                    continue;
                }
                if let Some(s) = cx.define("staff", pos, &login, s, |c| &mut c.staff) {
                    out.push(RefWrite::Staff(s));
                }
            }
            _ => unreachable!("only reference lines are passed here"),
        }
    }
}

pub(super) fn petitioner_lines(cx: &mut Ctx, lines: Vec<(Pos, Line)>) -> Result<Vec<Petitioner>> {
    let mut out = Vec::with_capacity(lines.len());
    let mut ids_in_file: HashMap<String, Pos> = HashMap::new();
    for (pos, line) in lines {
        let Line::Petitioner(l) = line else {
            unreachable!()
        };
        let l: PetitionerLine = l;
        let seen = cx.pet_refs.contains_key(&l.reference);
        let ref_ok = cx.check_new_ref(pos, &l.reference, seen);
        let name = cx.text(pos, "name", &l.name, MAX_NAME_CHARS);
        let mut ok = ref_ok && name.is_some();
        let mut id_number = None;
        let mut derived_gender = None;
        if let Some(raw) = &l.id_number {
            match idnum::normalize(raw, cx.today) {
                Ok(id) => {
                    if let Some(first) = ids_in_file.get(&id.number) {
                        cx.err(
                            pos,
                            "id_number",
                            format!("same ID number as the petitioner at line {}", first.line),
                        );
                        ok = false;
                    } else if let Some(pid) = cx.existing_petitioner_by_id(&id.number)? {
                        cx.err(pos, "id_number", format!("already belongs to petitioner #{pid}; refer to that person by ID number instead"));
                        cx.already.problem(pos);
                        ok = false;
                    }
                    ids_in_file.insert(id.number.clone(), pos);
                    derived_gender = Some(id.gender);
                    id_number = Some(id.number);
                }
                Err(e) => {
                    cx.err(pos, "id_number", e.to_string());
                    ok = false;
                }
            }
        }
        let mut phones = Vec::new();
        for (i, raw) in l.phones.iter().enumerate() {
            match phone::normalize(raw) {
                Ok((p, warning)) => {
                    if let Some(w) = warning {
                        cx.warnings.push(Problem::at(
                            pos,
                            &format!("phones[{i}]"),
                            format!("warning: {w}"),
                        ));
                    }
                    if !phones.contains(&p) {
                        phones.push(p);
                    }
                }
                Err(e) => {
                    cx.err(pos, &format!("phones[{i}]"), e.to_string());
                    ok = false;
                }
            }
        }
        if let Some(t) = &l.town {
            ok &= cx.known(pos, "town", "town", t, |c| &c.towns);
        }
        if let Some(v) = &l.village {
            match cx.villages.get(v) {
                None => {
                    cx.err(pos, "village", format!("no village with code {v:?}"));
                    ok = false;
                }
                Some(village) if l.town.as_ref().is_some_and(|t| *t != village.town) => {
                    let msg = format!(
                        "village {v} belongs to town {}, not {}",
                        village.town,
                        l.town.as_deref().unwrap_or("")
                    );
                    cx.err(pos, "village", msg);
                    ok = false;
                }
                Some(_) => {}
            }
        }
        let gender = match &l.gender {
            None => None,
            Some(g) => {
                let parsed = cx.parse_enum(pos, "gender", g, Gender::from_code, Gender::codes);
                if parsed.is_some() && derived_gender.is_some() && parsed != derived_gender {
                    cx.err(pos, "gender", "contradicts the ID number");
                    ok = false;
                }
                ok &= parsed.is_some();
                parsed.filter(|_| derived_gender.is_none())
            }
        };
        let other_doc = cx.opt_text(pos, "other_doc", &l.other_doc, MAX_NAME_CHARS);
        let address = cx.opt_text(pos, "address", &l.address, MAX_TEXT_CHARS);
        let key_person = cx.opt_text(pos, "key_person", &l.key_person, MAX_TEXT_CHARS);
        let notes = l
            .notes
            .as_deref()
            .map(text::clean_multiline)
            .filter(|s| !s.is_empty());
        let (Some(other_doc), Some(address), Some(key_person), Some(name), true) =
            (other_doc, address, key_person, name, ok)
        else {
            cx.failed_refs.insert(l.reference.clone());
            continue;
        };
        cx.pet_refs.insert(l.reference.clone(), out.len());
        out.push(Petitioner {
            id: 0,
            name,
            id_number,
            other_doc,
            phones,
            town: l.town,
            village: l.village,
            address,
            gender,
            key_person,
            notes,
            matters: Vec::new(),
        });
    }
    Ok(out)
}

pub(super) fn matter_lines(cx: &mut Ctx, lines: Vec<(Pos, Line)>) -> Result<Vec<NewMatter>> {
    let mut out = Vec::with_capacity(lines.len());
    for (pos, line) in lines {
        let Line::Matter(l) = line else {
            unreachable!()
        };
        let l: MatterLine = l;
        let seen = cx.matter_refs.contains_key(&l.reference);
        let mut ok = cx.check_new_ref(pos, &l.reference, seen);
        let mut refs = Vec::new();
        if l.petitioners.is_empty() {
            cx.err(pos, "petitioners", "a matter needs at least one petitioner");
            ok = false;
        }
        for (i, p) in l.petitioners.iter().enumerate() {
            match cx.pet_ref(pos, &format!("petitioners[{i}]"), p)? {
                Some(r) if !refs.contains(&r) => refs.push(r),
                Some(_) => {}
                None => ok = false,
            }
        }
        ok &= cx.known(pos, "category", "category", &l.category, |c| &c.categories);
        ok &= cx.known(pos, "town", "town", &l.town, |c| &c.towns);
        let summary = cx.text(pos, "summary", &l.summary, MAX_TEXT_CHARS);
        let first_receiver = cx.staff_login(pos, "first_receiver", &l.first_receiver);
        let registered_at = cx.time(pos, "registered_at", &l.registered_at);
        let jurisdiction = match &l.jurisdiction {
            None => Some(Level::County),
            Some(j) => cx.parse_enum(pos, "jurisdiction", j, Level::from_code, Level::codes),
        };
        let leader = match &l.leader {
            None => Some(None),
            Some(s) => cx.staff_login(pos, "leader", s).map(Some),
        };
        let kind = match &l.kind {
            None => Some(None),
            Some(k) => cx
                .parse_enum(pos, "kind", k, MatterKind::from_code, MatterKind::codes)
                .map(Some),
        };
        let ledger = match &l.ledger {
            None => Some(None),
            Some(s) => cx.explicit_ledger(pos, s, registered_at).map(Some),
        };
        let (
            Some(summary),
            Some(first_receiver),
            Some(registered_at),
            Some(jurisdiction),
            Some(leader),
            Some(ledger),
            Some(kind),
            true,
        ) = (
            summary,
            first_receiver,
            registered_at,
            jurisdiction,
            leader,
            ledger,
            kind,
            ok,
        )
        else {
            cx.failed_refs.insert(l.reference.clone());
            continue;
        };
        cx.matter_refs.insert(l.reference.clone(), out.len());
        let mut m = Matter::registered(&first_receiver, registered_at);
        m.summary = summary;
        m.category = l.category;
        m.town = l.town;
        m.jurisdiction = jurisdiction;
        m.leader = leader;
        m.kind = kind;
        out.push(NewMatter {
            pos,
            reference: l.reference,
            matter: m,
            petitioners: refs,
            ledger,
        });
    }
    Ok(out)
}

pub(super) fn contact_lines(cx: &mut Ctx, lines: Vec<(Pos, Line)>) -> Result<Vec<NewContact>> {
    let mut out = Vec::with_capacity(lines.len());
    for (pos, line) in lines {
        let Line::Contact(l) = line else {
            unreachable!()
        };
        let l: ContactLine = l;
        let matter = cx.matter_ref(pos, &l.matter)?;
        let mut ok = true;
        let mut refs = Vec::new();
        if l.petitioners.is_empty() {
            cx.err(
                pos,
                "petitioners",
                "a contact needs at least one petitioner",
            );
            ok = false;
        }
        for (i, p) in l.petitioners.iter().enumerate() {
            match cx.pet_ref(pos, &format!("petitioners[{i}]"), p)? {
                Some(r) if !refs.contains(&r) => refs.push(r),
                Some(_) => {}
                None => ok = false,
            }
        }
        let at = cx.time(pos, "at", &l.at);
        let channel = cx.parse_enum(
            pos,
            "channel",
            &l.channel,
            Channel::from_code,
            Channel::codes,
        );
        let level = cx.parse_enum(pos, "level", &l.level, Level::from_code, Level::codes);
        if l.headcount == 0 {
            cx.err(pos, "headcount", "must be at least 1");
            ok = false;
        } else if crate::domain::derive::is_collective(
            l.headcount,
            cx.store.office().collective_min_headcount,
        ) && refs.len() > 5
        {
            cx.err(
                pos,
                "petitioners",
                "a collective visit records at most 5 representatives",
            );
            ok = false;
        } else if refs.len() as u64 > u64::from(l.headcount) {
            cx.err(
                pos,
                "petitioners",
                format!(
                    "{} persons named but headcount is {}",
                    refs.len(),
                    l.headcount
                ),
            );
            ok = false;
        }
        let receiver = cx.staff_login(pos, "receiver", &l.receiver);
        let summary = cx.text(pos, "summary", &l.summary, MAX_TEXT_CHARS);
        let letter_no = cx.opt_text(pos, "letter_no", &l.letter_no, MAX_NAME_CHARS);
        if let Some(t) = &l.town {
            ok &= cx.known(pos, "town", "town", t, |c| &c.towns);
        }
        let (
            Some(matter),
            Some(at),
            Some(channel),
            Some(level),
            Some(receiver),
            Some(summary),
            Some(letter_no),
            true,
        ) = (matter, at, channel, level, receiver, summary, letter_no, ok)
        else {
            continue;
        };
        let contact = Contact {
            id: 0,
            at,
            channel,
            level,
            headcount: l.headcount,
            petitioners: Vec::new(),
            matter: LedgerNo { year: 0, seq: 0 },
            town: l.town.unwrap_or_default(),
            receiver,
            summary,
            abnormal: l.abnormal,
            letter_no,
            repeat: false,
            skip_level: false,
        };
        out.push(NewContact {
            pos,
            matter,
            petitioners: refs,
            contact,
        });
    }
    Ok(out)
}

pub(super) fn event_lines(cx: &mut Ctx, lines: Vec<(Pos, Line)>) -> Result<EventLines> {
    let mut out = EventLines {
        ok: Vec::with_capacity(lines.len()),
        failed: Vec::new(),
    };
    for (pos, line) in lines {
        let Line::Event(l) = line else { unreachable!() };
        let l: EventLine = l;
        let matter = cx.matter_ref(pos, &l.matter)?;
        let at = cx.time(pos, "at", &l.at);
        let action = cx.parse_enum(pos, "action", &l.action, Action::from_code, Action::codes);
        let by = cx.staff_login(pos, "by", &l.by);
        let mut ok = true;
        if let Some(u) = &l.unit {
            ok &= cx.known(pos, "unit", "unit", u, |c| &c.units);
        }
        if let Some(h) = &l.handler {
            ok &= cx.staff_login(pos, "handler", h).is_some();
        }
        let satisfaction = match &l.satisfaction {
            None => Some(None),
            Some(s) => cx
                .parse_enum(
                    pos,
                    "satisfaction",
                    s,
                    Satisfaction::from_code,
                    Satisfaction::codes,
                )
                .map(Some),
        };
        let reason = cx.opt_text(pos, "reason", &l.reason, MAX_TEXT_CHARS);
        let note = cx.opt_text(pos, "note", &l.note, MAX_TEXT_CHARS);
        let to = cx.opt_text(pos, "to", &l.to, MAX_NAME_CHARS);
        let method = match &l.method {
            None => Some(None),
            Some(s) => cx
                .parse_enum(
                    pos,
                    "method",
                    s,
                    DeliveryMethod::from_code,
                    DeliveryMethod::codes,
                )
                .map(Some),
        };
        let notice = cx.opt_text(pos, "notice", &l.notice, MAX_NAME_CHARS);
        if let (Some(Action::ReassignFirstReceiver), Some(Some(login))) = (action, &to) {
            ok &= cx.staff_login(pos, "to", login).is_some();
        }
        let (
            Some(matter),
            Some(at),
            Some(action),
            Some(by),
            Some(satisfaction),
            Some(reason),
            Some(note),
            Some(to),
            Some(method),
            Some(notice),
            true,
        ) = (
            matter,
            at,
            action,
            by,
            satisfaction,
            reason,
            note,
            to,
            method,
            notice,
            ok,
        )
        else {
            if let Some(m) = matter {
                out.failed.push((m, pos, at));
            }
            continue;
        };
        let e = Event {
            at,
            action,
            by,
            reason,
            note,
            unit: l.unit,
            handler: l.handler,
            days: l.days,
            satisfaction,
            to,
            delivery: method.map(|method| Delivery {
                method,
                notice: notice.unwrap_or_default(),
            }),
        };
        out.ok.push((pos, matter, e));
    }
    Ok(out)
}
