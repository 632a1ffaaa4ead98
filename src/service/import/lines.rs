//! Validation of each kind of line, in the order they depend on each other.

use super::context::{Ctx, MatterRef, PetRef, MAX_NAME_CHARS, MAX_TEXT_CHARS};
use super::resolve::RefWrite;
use super::spill::Lines;
use super::staging::{Staged, Staging};
use super::{Pos, Problem};
use crate::domain::{
    idnum, phone, text, Category, Channel, Contact, Delivery, DeliveryMethod, Event, Gender,
    LedgerNo, Level, Matter, MatterKind, Opinion, Petitioner, Role, Satisfaction, Staff, Step,
    Town, Ts, Unit, Village,
};
use crate::interchange::{
    ContactLine, EventLine, Line, MatterLine, PetitionerLine, StaffLine, VillageLine,
};
use crate::store::Result;
use std::collections::HashMap;

mod events;
mod notices;
pub(super) use events::event_lines;
pub(super) use notices::{notice_lines, NewNotice};

/// A new matter as validation and numbering need it; the matter itself is
/// staged by part until it is built.
pub(super) struct NewMatter {
    pub(super) pos: Pos,
    /// The file's own ref, to name the matter before it has a ledger number.
    pub(super) reference: String,
    pub(super) registered_at: Ts,
    pub(super) petitioners: Vec<PetRef>,
    /// The ledger number the line asks for, if any.
    pub(super) ledger: Option<LedgerNo>,
}

/// Event lines of one import: how many passed (staged by part), and those
/// that failed but name a known matter (their time, if it parsed, limits
/// what can be judged).
#[derive(Default)]
pub(super) struct EventLines {
    pub(super) ok: usize,
    pub(super) failed: Vec<(MatterRef, Pos, Option<Ts>)>,
}

#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct NewContact {
    pub(super) pos: Pos,
    pub(super) matter: MatterRef,
    pub(super) petitioners: Vec<PetRef>,
    pub(super) contact: Contact,
}

pub(super) fn reference_lines(
    cx: &mut Ctx,
    lines: impl Iterator<Item = (Pos, Line)>,
    out: &mut Vec<RefWrite>,
) {
    for (pos, line) in lines {
        let write = match line {
            Line::Town(l) => cx
                .code_name(pos, &l.code, &l.name)
                .and_then(|(code, name)| {
                    let town = Town { code, name };
                    cx.define("town", pos, &town.code.clone(), town, |c| &mut c.towns)
                        .map(RefWrite::Town)
                }),
            Line::Village(l) => village_line(cx, pos, l),
            Line::Unit(l) => cx
                .code_name(pos, &l.code, &l.name)
                .and_then(|(code, name)| {
                    let unit = Unit { code, name };
                    cx.define("unit", pos, &unit.code.clone(), unit, |c| &mut c.units)
                        .map(RefWrite::Unit)
                }),
            Line::Category(l) => cx
                .code_name(pos, &l.code, &l.name)
                .and_then(|(code, name)| {
                    let category = Category { code, name };
                    cx.define("category", pos, &category.code.clone(), category, |c| {
                        &mut c.categories
                    })
                    .map(RefWrite::Category)
                }),
            Line::Staff(l) => staff_line(cx, pos, l),
            _ => unreachable!("only reference lines are passed here"),
        };
        out.extend(write);
    }
}

fn village_line(cx: &mut Ctx, pos: Pos, l: VillageLine) -> Option<RefWrite> {
    let (code, name) = cx.code_name(pos, &l.code, &l.name)?;
    if !cx.known(pos, "town", "town", &l.town, |c| &c.towns) {
        return None;
    }
    let village = Village {
        code,
        town: l.town,
        name,
    };
    cx.define("village", pos, &village.code.clone(), village, |c| {
        &mut c.villages
    })
    .map(RefWrite::Village)
}

fn staff_line(cx: &mut Ctx, pos: Pos, l: StaffLine) -> Option<RefWrite> {
    let login = cx.code(pos, "login", &l.login);
    let name = cx.text(pos, "name", &l.name, MAX_NAME_CHARS);
    let role = cx.parse_enum(pos, "role", &l.role, Role::from_code, Role::codes);
    let unit_ok = l
        .unit
        .as_ref()
        .is_none_or(|u| cx.known(pos, "unit", "unit", u, |c| &c.units));
    let (Some(login), Some(name), Some(role), true) = (login, name, role, unit_ok) else {
        return None;
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
        let why = "would disable or demote the admin importing this file; ask another admin";
        cx.err(pos, field, why);
        return None;
    }
    cx.define("staff", pos, &login, s, |c| &mut c.staff)
        .map(RefWrite::Staff)
}

/// The new petitioners, staged in file order in `out`; how many there are.
pub(super) fn petitioner_lines(cx: &mut Ctx, lines: Lines<'_>, out: &mut Staged) -> Result<usize> {
    let mut n = 0;
    let mut ids_in_file: HashMap<String, Pos> = HashMap::new();
    for (pos, line) in lines {
        let Line::Petitioner(l) = line else {
            unreachable!()
        };
        let reference = l.reference.clone();
        match petitioner_line(cx, pos, l, &mut ids_in_file)? {
            Some(p) => {
                cx.pet_refs.insert(reference, n);
                out.push(0, &p).map_err(|e| cx.staging_err(e))?;
                n += 1;
            }
            None => {
                cx.failed_refs.insert(reference);
            }
        }
    }
    Ok(n)
}

/// One petitioner line as a record; `None` when it has a problem, every one
/// of them reported.
fn petitioner_line(
    cx: &mut Ctx,
    pos: Pos,
    l: PetitionerLine,
    ids_in_file: &mut HashMap<String, Pos>,
) -> Result<Option<Petitioner>> {
    let seen = cx.pet_refs.contains_key(&l.reference);
    let ref_ok = cx.check_new_ref(pos, &l.reference, seen);
    let name = cx.text(pos, "name", &l.name, MAX_NAME_CHARS);
    let mut ok = ref_ok && name.is_some();
    let (id_ok, id) = id_number_of(cx, pos, l.id_number.as_deref(), ids_in_file)?;
    ok &= id_ok;
    let (phones_ok, phones) = phones_of(cx, pos, &l.phones);
    ok &= phones_ok;
    ok &= place_known(cx, pos, &l);
    let derived_gender = id.as_ref().map(|(_, g)| *g);
    let (gender_ok, gender) = gender_of(cx, pos, l.gender.as_deref(), derived_gender);
    ok &= gender_ok;
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
        return Ok(None);
    };
    Ok(Some(Petitioner {
        id: 0,
        name,
        id_number: id.map(|(number, _)| number),
        other_doc,
        phones,
        town: l.town,
        village: l.village,
        address,
        gender,
        key_person,
        notes,
        matters: Vec::new(),
    }))
}

/// The ID number normalised, with the gender it encodes; refused when it is
/// not valid, or is another line's or a petitioner's on file.
fn id_number_of(
    cx: &mut Ctx,
    pos: Pos,
    raw: Option<&str>,
    ids_in_file: &mut HashMap<String, Pos>,
) -> Result<(bool, Option<(String, Gender)>)> {
    let Some(raw) = raw else {
        return Ok((true, None));
    };
    let id = match idnum::normalize(raw, cx.today) {
        Ok(id) => id,
        Err(e) => {
            cx.err(pos, "id_number", e.to_string());
            return Ok((false, None));
        }
    };
    let mut ok = true;
    if let Some(first) = ids_in_file.get(&id.number) {
        let msg = format!("same ID number as the petitioner at line {}", first.line);
        cx.err(pos, "id_number", msg);
        ok = false;
    } else if let Some(pid) = cx.existing_petitioner_by_id(&id.number)? {
        cx.err(
            pos,
            "id_number",
            format!(
                "already belongs to petitioner #{pid}; refer to that person by ID number instead"
            ),
        );
        cx.already.problem(pos);
        ok = false;
    }
    ids_in_file.insert(id.number.clone(), pos);
    Ok((ok, Some((id.number, id.gender))))
}

/// The phones normalised, without repeats; a questionable one is a warning.
fn phones_of(cx: &mut Ctx, pos: Pos, raw: &[String]) -> (bool, Vec<String>) {
    let mut ok = true;
    let mut phones = Vec::new();
    for (i, raw) in raw.iter().enumerate() {
        match phone::normalize(raw) {
            Ok((p, warning)) => {
                if let Some(w) = warning {
                    let field = format!("phones[{i}]");
                    let warning = Problem::at(pos, &field, format!("warning: {w}"));
                    cx.warnings.push(warning);
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
    (ok, phones)
}

/// The town and village exist, and the village is in the town.
fn place_known(cx: &mut Ctx, pos: Pos, l: &PetitionerLine) -> bool {
    let mut ok = true;
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
    ok
}

/// The gender given, which must agree with the ID number's; kept only when
/// there is no ID number to derive it from.
fn gender_of(
    cx: &mut Ctx,
    pos: Pos,
    given: Option<&str>,
    derived: Option<Gender>,
) -> (bool, Option<Gender>) {
    let Some(g) = given else {
        return (true, None);
    };
    let mut ok = true;
    let parsed = cx.parse_enum(pos, "gender", g, Gender::from_code, Gender::codes);
    if parsed.is_some() && derived.is_some() && parsed != derived {
        cx.err(pos, "gender", "contradicts the ID number");
        ok = false;
    }
    ok &= parsed.is_some();
    (ok, parsed.filter(|_| derived.is_none()))
}

/// The new matters, each staged in its part.
pub(super) fn matter_lines(
    cx: &mut Ctx,
    lines: Lines<'_>,
    staging: &mut Staging,
) -> Result<Vec<NewMatter>> {
    let mut out = Vec::with_capacity(lines.len());
    for (pos, line) in lines {
        let Line::Matter(l) = line else {
            unreachable!()
        };
        let reference = l.reference.clone();
        match matter_line(cx, pos, l)? {
            Some((nm, m)) => {
                let i = out.len();
                cx.matter_refs.insert(reference, i);
                let part = staging.part(MatterRef::New(i));
                staging
                    .matters
                    .push(part, &(i as u64, m))
                    .map_err(|e| cx.staging_err(e))?;
                out.push(nm);
            }
            None => {
                cx.failed_refs.insert(reference);
            }
        }
    }
    Ok(out)
}

/// The petitioners a matter or contact line names, each once; false when
/// it names none (`what` needs at least one) or one is not known.
fn petitioner_refs(
    cx: &mut Ctx,
    pos: Pos,
    named: &[String],
    what: &str,
) -> Result<(bool, Vec<PetRef>)> {
    let mut ok = true;
    let mut refs = Vec::new();
    if named.is_empty() {
        let msg = format!("{what} needs at least one petitioner");
        cx.err(pos, "petitioners", msg);
        ok = false;
    }
    for (i, p) in named.iter().enumerate() {
        match cx.pet_ref(pos, &format!("petitioners[{i}]"), p)? {
            Some(r) if !refs.contains(&r) => refs.push(r),
            Some(_) => {}
            None => ok = false,
        }
    }
    Ok((ok, refs))
}

/// One matter line as a new matter; `None` when it has a problem, every one
/// of them reported.
fn matter_line(cx: &mut Ctx, pos: Pos, l: MatterLine) -> Result<Option<(NewMatter, Matter)>> {
    let seen = cx.matter_refs.contains_key(&l.reference);
    let ref_ok = cx.check_new_ref(pos, &l.reference, seen);
    let (refs_ok, refs) = petitioner_refs(cx, pos, &l.petitioners, "a matter")?;
    let mut ok = ref_ok && refs_ok;
    ok &= cx.known(pos, "category", "category", &l.category, |c| &c.categories);
    ok &= cx.known(pos, "town", "town", &l.town, |c| &c.towns);
    let summary = cx.text(pos, "summary", &l.summary, MAX_TEXT_CHARS);
    let first_receiver = cx.staff_login(pos, "first_receiver", &l.first_receiver);
    let registered_at = cx.time(pos, "registered_at", &l.registered_at);
    let options = matter_options(cx, pos, &l, registered_at);
    let (Some(summary), Some(first_receiver), Some(registered_at), Some(options), true) =
        (summary, first_receiver, registered_at, options, ok)
    else {
        return Ok(None);
    };
    let mut m = Matter::registered(&first_receiver, registered_at);
    m.summary = summary;
    m.category = l.category;
    m.town = l.town;
    m.jurisdiction = options.jurisdiction;
    m.leader = options.leader;
    m.kind = options.kind;
    let nm = NewMatter {
        pos,
        reference: l.reference,
        registered_at,
        petitioners: refs,
        ledger: options.ledger,
    };
    Ok(Some((nm, m)))
}

/// A matter line's fields that may be left out.
struct MatterOptions {
    /// County when left out.
    jurisdiction: Level,
    leader: Option<String>,
    kind: Option<MatterKind>,
    ledger: Option<LedgerNo>,
}

/// `None` when one of them is not valid; each problem is reported.
fn matter_options(
    cx: &mut Ctx,
    pos: Pos,
    l: &MatterLine,
    registered_at: Option<Ts>,
) -> Option<MatterOptions> {
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
    Some(MatterOptions {
        jurisdiction: jurisdiction?,
        leader: leader?,
        kind: kind?,
        ledger: ledger?,
    })
}

/// The new contacts, each staged in its matter's part with its number in
/// file order; how many there are.
pub(super) fn contact_lines(
    cx: &mut Ctx,
    lines: Lines<'_>,
    staging: &mut Staging,
    new_matters: &[NewMatter],
) -> Result<usize> {
    let mut n = 0;
    for (pos, line) in lines {
        let Line::Contact(l) = line else {
            unreachable!()
        };
        if let Some(nc) = contact_line(cx, pos, l)? {
            note_if_there(cx, new_matters, nc.matter, pos);
            let part = staging.part(nc.matter);
            staging
                .contacts
                .push(part, &(n as u64, nc))
                .map_err(|e| cx.staging_err(e))?;
            n += 1;
        }
    }
    Ok(n)
}

/// The contacts and events of a matter line whose ledger number is taken
/// are already in the database with it.
pub(super) fn note_if_there(cx: &mut Ctx, new_matters: &[NewMatter], r: MatterRef, pos: Pos) {
    if let MatterRef::New(i) = r {
        if cx.taken.contains(&new_matters[i].pos) {
            cx.already.line(pos);
        }
    }
}

/// One contact line as a new contact; `None` when it has a problem, every
/// one of them reported.
fn contact_line(cx: &mut Ctx, pos: Pos, l: ContactLine) -> Result<Option<NewContact>> {
    let matter = cx.matter_ref(pos, &l.matter)?;
    let (mut ok, refs) = petitioner_refs(cx, pos, &l.petitioners, "a contact")?;
    let at = cx.time(pos, "at", &l.at);
    let channel = cx.parse_enum(
        pos,
        "channel",
        &l.channel,
        Channel::from_code,
        Channel::codes,
    );
    let level = cx.parse_enum(pos, "level", &l.level, Level::from_code, Level::codes);
    ok &= headcount_fits(cx, pos, l.headcount, refs.len());
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
        return Ok(None);
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
    Ok(Some(NewContact {
        pos,
        matter,
        petitioners: refs,
        contact,
    }))
}

/// At least one person came, and no more are named than came (at most 5
/// representatives of a collective visit).
fn headcount_fits(cx: &mut Ctx, pos: Pos, headcount: u32, named: usize) -> bool {
    let collective_min = cx.store.office().collective_min_headcount;
    if headcount == 0 {
        cx.err(pos, "headcount", "must be at least 1");
        false
    } else if crate::domain::derive::is_collective(headcount, collective_min) && named > 5 {
        let msg = "a collective visit records at most 5 representatives";
        cx.err(pos, "petitioners", msg);
        false
    } else if named as u64 > u64::from(headcount) {
        let msg = format!("{named} persons named but headcount is {headcount}");
        cx.err(pos, "petitioners", msg);
        false
    } else {
        true
    }
}
