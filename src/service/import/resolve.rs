//! Validation of parsed lines against each other and the database, and the
//! records they become. Nothing here writes.

use super::{ImportSummary, Pos, Problem};
use crate::domain::derive::derive_contact_flags;
use crate::domain::workflow::apply;
use crate::domain::{
    idnum, phone, text, Action, Category, Channel, Contact, Event, Gender, LedgerNo, Level, Matter,
    Petitioner, Role, Satisfaction, Staff, Town, Ts, Unit, Village,
};
use crate::interchange::{ContactLine, EventLine, Line, MatterLine, PetitionerLine};
use crate::store::keys::{after_text, read_u64, text_key};
use crate::store::{Result, Store, T};
use std::collections::{BTreeMap, HashMap};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

pub const MAX_NAME_CHARS: usize = 64;
pub const MAX_TEXT_CHARS: usize = 2000;
const MAX_CODE_CHARS: usize = 32;

/// A reference record to insert or replace.
pub enum RefWrite {
    Town(Town),
    Village(Village),
    Unit(Unit),
    Category(Category),
    Staff(Staff),
}

/// Everything an import will write.
pub struct Plan {
    pub reference: Vec<RefWrite>,
    /// (stored version, new version) of every new or changed petitioner.
    pub petitioners: Vec<(Option<Petitioner>, Petitioner)>,
    pub new_petitioners: usize,
    /// (stored version, new version) of every new or changed matter, contacts included.
    pub matters: Vec<(Option<Matter>, Matter)>,
    pub counters: Vec<(String, u64)>,
    pub new_matters: usize,
    pub new_contacts: usize,
    pub events: usize,
    pub warnings: Vec<Problem>,
}

impl Plan {
    pub fn summary(&mut self) -> ImportSummary {
        ImportSummary {
            reference: self.reference.len(),
            petitioners: self.new_petitioners,
            matters: self.new_matters,
            contacts: self.new_contacts,
            events: self.events,
            warnings: std::mem::take(&mut self.warnings),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum PetRef {
    New(usize),
    Existing(u64),
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum MatterRef {
    New(usize),
    Existing(LedgerNo),
}

struct Ctx<'a> {
    store: &'a Store,
    today: Date,
    problems: &'a mut Vec<Problem>,
    warnings: Vec<Problem>,
    towns: HashMap<String, Town>,
    villages: HashMap<String, Village>,
    units: HashMap<String, Unit>,
    categories: HashMap<String, Category>,
    staff: HashMap<String, Staff>,
    /// Where each reference code was first defined in this run, per kind.
    defined: HashMap<(&'static str, String), Pos>,
    pet_refs: HashMap<String, usize>,
    matter_refs: HashMap<String, usize>,
    /// Refs of lines already reported; lines that use them are not reported again.
    failed_refs: std::collections::HashSet<String>,
}

fn load<V: serde::de::DeserializeOwned>(
    store: &Store,
    t: T,
    key: impl Fn(&V) -> String,
) -> Result<HashMap<String, V>> {
    let mut m = HashMap::new();
    for r in store.records::<V>(t) {
        let v = r?.1;
        m.insert(key(&v), v);
    }
    Ok(m)
}

fn parse_time(s: &str) -> Option<Ts> {
    OffsetDateTime::parse(s.trim(), &Rfc3339)
        .ok()
        .map(Ts::from_datetime)
}

impl Ctx<'_> {
    fn err(&mut self, pos: Pos, field: &str, message: impl Into<String>) {
        self.problems.push(Problem::at(pos, field, message.into()));
    }

    /// Cleaned single-line text; `None` (and a problem) if empty or too long.
    fn text(&mut self, pos: Pos, field: &str, s: &str, max: usize) -> Option<String> {
        let t = text::clean_line(s);
        if t.is_empty() {
            self.err(pos, field, "empty");
            None
        } else if t.chars().count() > max {
            self.err(pos, field, format!("longer than {max} characters"));
            None
        } else {
            Some(t)
        }
    }

    fn opt_text(
        &mut self,
        pos: Pos,
        field: &str,
        s: &Option<String>,
        max: usize,
    ) -> Option<Option<String>> {
        match s {
            None => Some(None),
            Some(s) => self.text(pos, field, s, max).map(Some),
        }
    }

    fn code(&mut self, pos: Pos, field: &str, s: &str) -> Option<String> {
        let ok = !s.is_empty()
            && s.chars().count() <= MAX_CODE_CHARS
            && s.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if ok {
            Some(s.to_string())
        } else {
            self.err(
                pos,
                field,
                format!(
                    "{s:?} is not a valid code (letters, digits, _ - . ; at most {MAX_CODE_CHARS})"
                ),
            );
            None
        }
    }

    /// The code and name every reference line has.
    fn code_name(&mut self, pos: Pos, code: &str, name: &str) -> Option<(String, String)> {
        let code = self.code(pos, "code", code);
        let name = self.text(pos, "name", name, MAX_NAME_CHARS);
        code.zip(name)
    }

    fn parse_enum<E>(
        &mut self,
        pos: Pos,
        field: &str,
        s: &str,
        parse: fn(&str) -> Option<E>,
        codes: fn() -> String,
    ) -> Option<E> {
        let v = parse(s);
        if v.is_none() {
            self.err(
                pos,
                field,
                format!("unknown value {s:?} (expected one of {})", codes()),
            );
        }
        v
    }

    fn time(&mut self, pos: Pos, field: &str, s: &str) -> Option<Ts> {
        let t = parse_time(s);
        if t.is_none() {
            self.err(
                pos,
                field,
                format!("{s:?} is not an RFC 3339 time such as 2026-03-02T09:15:00+08:00"),
            );
        }
        t
    }

    fn known<V>(
        &mut self,
        pos: Pos,
        field: &str,
        kind: &str,
        code: &str,
        map: fn(&Self) -> &HashMap<String, V>,
    ) -> bool {
        let found = map(self).contains_key(code);
        if !found {
            self.err(pos, field, format!("no {kind} with code {code:?}"));
        }
        found
    }

    fn staff_login(&mut self, pos: Pos, field: &str, login: &str) -> Option<String> {
        if self.staff.contains_key(login) {
            Some(login.to_string())
        } else {
            self.err(pos, field, format!("no staff member with login {login:?}"));
            None
        }
    }

    /// Records a reference definition; a second, different one is an error.
    fn define<V: PartialEq + Clone>(
        &mut self,
        kind: &'static str,
        pos: Pos,
        code: &str,
        value: V,
        map: fn(&mut Self) -> &mut HashMap<String, V>,
    ) -> Option<V> {
        if let Some(first) = self.defined.get(&(kind, code.to_string())).copied() {
            if map(self).get(code) != Some(&value) {
                self.err(
                    pos,
                    "code",
                    format!(
                        "{kind} {code:?} is defined differently at line {}",
                        first.line
                    ),
                );
            }
            return None;
        }
        self.defined.insert((kind, code.to_string()), pos);
        let changed = map(self).get(code) != Some(&value);
        map(self).insert(code.to_string(), value.clone());
        changed.then_some(value)
    }

    fn existing_petitioner_by_id(&self, id_number: &str) -> Result<Option<u64>> {
        let prefix = text_key(id_number, &[]);
        if let Some(r) = self.store.index_prefix(T::IdNumber, &prefix).next() {
            let (k, _) = r?;
            return Ok(after_text(&k).and_then(read_u64));
        }
        Ok(None)
    }

    fn pet_ref(&mut self, pos: Pos, field: &str, s: &str) -> Result<Option<PetRef>> {
        if let Some(i) = self.pet_refs.get(s) {
            return Ok(Some(PetRef::New(*i)));
        }
        if self.failed_refs.contains(s) {
            return Ok(None);
        }
        if idnum::looks_like_id(s) {
            if let Ok(id) = idnum::normalize(s, self.today) {
                if let Some(pid) = self.existing_petitioner_by_id(&id.number)? {
                    return Ok(Some(PetRef::Existing(pid)));
                }
            }
            self.err(
                pos,
                field,
                format!("no petitioner with ID number {s} in the database"),
            );
        } else {
            self.err(
                pos,
                field,
                format!("no petitioner with ref {s:?} in this import"),
            );
        }
        Ok(None)
    }

    fn matter_ref(&mut self, pos: Pos, s: &str) -> Result<Option<MatterRef>> {
        if let Some(i) = self.matter_refs.get(s) {
            return Ok(Some(MatterRef::New(*i)));
        }
        if self.failed_refs.contains(s) {
            return Ok(None);
        }
        if let Some(l) = LedgerNo::parse(s) {
            if self.store.matter(l)?.is_some() {
                return Ok(Some(MatterRef::Existing(l)));
            }
            self.err(
                pos,
                "matter",
                format!("no matter with ledger number {s} in the database"),
            );
        } else {
            self.err(
                pos,
                "matter",
                format!("no matter with ref {s:?} in this import"),
            );
        }
        Ok(None)
    }

    fn check_new_ref(&mut self, pos: Pos, s: &str, seen: bool) -> bool {
        if s.trim().is_empty() {
            self.err(pos, "ref", "empty");
        } else if LedgerNo::parse(s).is_some() || idnum::looks_like_id(s) {
            self.err(
                pos,
                "ref",
                format!("{s:?} looks like a ledger or ID number; choose another ref"),
            );
        } else if seen {
            self.err(pos, "ref", format!("{s:?} is used twice"));
        } else {
            return true;
        }
        false
    }
}

struct NewContact {
    matter: MatterRef,
    petitioners: Vec<PetRef>,
    contact: Contact,
}

pub fn plan(
    store: &Store,
    lines: Vec<(Pos, Line)>,
    today: Date,
    problems: &mut Vec<Problem>,
) -> Result<Option<Plan>> {
    let mut cx = Ctx {
        store,
        today,
        problems,
        warnings: Vec::new(),
        towns: load(store, T::Towns, |t: &Town| t.code.clone())?,
        villages: load(store, T::Villages, |v: &Village| v.code.clone())?,
        units: load(store, T::Units, |u: &Unit| u.code.clone())?,
        categories: load(store, T::Categories, |c: &Category| c.code.clone())?,
        staff: load(store, T::Staff, |s: &Staff| s.login.clone())?,
        defined: HashMap::new(),
        pet_refs: HashMap::new(),
        matter_refs: HashMap::new(),
        failed_refs: Default::default(),
    };
    let mut by_kind: [Vec<(Pos, Line)>; 9] = Default::default();
    for (pos, line) in lines {
        let k = match &line {
            Line::Town(_) => 0,
            Line::Village(_) => 1,
            Line::Unit(_) => 2,
            Line::Category(_) => 3,
            Line::Staff(_) => 4,
            Line::Petitioner(_) => 5,
            Line::Matter(_) => 6,
            Line::Contact(_) => 7,
            Line::Event(_) => 8,
        };
        by_kind[k].push((pos, line));
    }
    let [towns, villages, units, categories, staff, pets, matters, contacts, events] = by_kind;
    let mut reference = Vec::new();
    reference_lines(
        &mut cx,
        [towns, villages, units, categories, staff].concat(),
        &mut reference,
    );
    let petitioners = petitioner_lines(&mut cx, pets)?;
    let mut new_matters = matter_lines(&mut cx, matters)?;
    let new_contacts = contact_lines(&mut cx, contacts)?;
    let event_lines = event_lines(&mut cx, events)?;
    if !cx.problems.is_empty() {
        return Ok(None);
    }

    // Numbers: our own counters, never sled's generate_id (it jumps on reopen).
    let mut counters = Vec::new();
    let pet_base = store.counter("petitioner")?;
    let petitioners: Vec<Petitioner> = petitioners
        .into_iter()
        .enumerate()
        .map(|(i, mut p)| {
            p.id = pet_base + 1 + i as u64;
            p
        })
        .collect();
    if !petitioners.is_empty() {
        counters.push((
            "petitioner".to_string(),
            pet_base + petitioners.len() as u64,
        ));
    }
    let pet_id = |r: PetRef| match r {
        PetRef::New(i) => pet_base + 1 + i as u64,
        PetRef::Existing(id) => id,
    };
    // Ledger numbers follow registration order within each local year.
    let tz = store.tz();
    let mut order: Vec<usize> = (0..new_matters.len()).collect();
    order.sort_by_key(|&i| (new_matters[i].1.registered_at, new_matters[i].0));
    let mut next_seq: BTreeMap<u16, u32> = BTreeMap::new();
    for i in order {
        let year = new_matters[i].1.registered_at.local_date(tz).year() as u16;
        let seq = match next_seq.get(&year) {
            Some(s) => *s,
            None => store.counter(&format!("ledger/{year}"))? as u32,
        } + 1;
        next_seq.insert(year, seq);
        new_matters[i].1.ledger = LedgerNo { year, seq };
    }
    for (year, seq) in next_seq {
        counters.push((format!("ledger/{year}"), u64::from(seq)));
    }
    let ledger_of = |r: MatterRef, nm: &Vec<(Pos, Matter, Vec<PetRef>)>| match r {
        MatterRef::New(i) => nm[i].1.ledger,
        MatterRef::Existing(l) => l,
    };

    // Every matter this import touches: (stored version, working copy).
    let mut touched: BTreeMap<LedgerNo, (Option<Matter>, Matter)> = BTreeMap::new();
    for (_, m, refs) in &new_matters {
        let mut m = m.clone();
        m.petitioners = refs.iter().map(|r| pet_id(*r)).collect();
        m.petitioners.dedup();
        touched.insert(m.ledger, (None, m));
    }
    let touch =
        |l: LedgerNo, touched: &mut BTreeMap<LedgerNo, (Option<Matter>, Matter)>| -> Result<()> {
            if let std::collections::btree_map::Entry::Vacant(slot) = touched.entry(l) {
                let m = store.matter(l)?.expect("resolved ledger numbers exist");
                slot.insert((Some(m.clone()), m));
            }
            Ok(())
        };
    // Events in time order per matter (file order breaks ties), through the state table.
    let mut per_matter: BTreeMap<LedgerNo, Vec<(Pos, Event)>> = BTreeMap::new();
    let n_events = event_lines.len();
    for (pos, r, e) in event_lines {
        per_matter
            .entry(ledger_of(r, &new_matters))
            .or_default()
            .push((pos, e));
    }
    for (l, mut evs) in per_matter {
        touch(l, &mut touched)?;
        evs.sort_by_key(|(pos, e)| (e.at, *pos));
        let m = &mut touched.get_mut(&l).expect("touched").1;
        for (pos, e) in evs {
            let action = e.action;
            if let Err(err) = apply(m, e, &store.calendar().limits) {
                cx.err(pos, "action", format!("{action}: {err} (matter {l})"));
                break;
            }
        }
    }
    if !cx.problems.is_empty() {
        return Ok(None);
    }

    // Contacts: numbered in file order, kept inside their matter, and every
    // touched matter's contacts get their repeat and skip-level flags again.
    let contact_base = store.counter("contact")?;
    let n_contacts = new_contacts.len();
    if n_contacts > 0 {
        counters.push(("contact".to_string(), contact_base + n_contacts as u64));
    }
    for (i, nc) in new_contacts.into_iter().enumerate() {
        let mut c = nc.contact;
        c.id = contact_base + 1 + i as u64;
        c.matter = ledger_of(nc.matter, &new_matters);
        c.petitioners = nc.petitioners.iter().map(|r| pet_id(*r)).collect();
        touch(c.matter, &mut touched)?;
        let m = &mut touched.get_mut(&c.matter).expect("touched").1;
        if c.town.is_empty() {
            c.town = m.town.clone();
        }
        for p in &c.petitioners {
            if !m.petitioners.contains(p) {
                m.petitioners.push(*p);
            }
        }
        m.contacts.push(c);
    }
    let mut pets: BTreeMap<u64, (Option<Petitioner>, Petitioner)> =
        petitioners.into_iter().map(|p| (p.id, (None, p))).collect();
    for (_, m) in touched.values_mut() {
        let mut contacts = std::mem::take(&mut m.contacts);
        derive_contact_flags(m, &mut contacts);
        m.contacts = contacts;
        // Each party lists the matter, so a petitioner's history is one read.
        for pid in &m.petitioners {
            if let std::collections::btree_map::Entry::Vacant(slot) = pets.entry(*pid) {
                let p = store.petitioner(*pid)?.expect("resolved petitioners exist");
                slot.insert((Some(p.clone()), p));
            }
            let p = &mut pets.get_mut(pid).expect("loaded").1;
            if let Err(at) = p.matters.binary_search(&m.ledger) {
                p.matters.insert(at, m.ledger);
            }
        }
    }
    let new_petitioners = pets.values().filter(|(old, _)| old.is_none()).count();
    let petitioners: Vec<(Option<Petitioner>, Petitioner)> = pets
        .into_values()
        .filter(|(o, p)| o.as_ref() != Some(p))
        .collect();
    let matters: Vec<(Option<Matter>, Matter)> = touched
        .into_values()
        .filter(|(o, m)| o.as_ref() != Some(m))
        .collect();
    Ok(Some(Plan {
        reference,
        petitioners,
        new_petitioners,
        matters,
        counters,
        new_matters: new_matters.len(),
        new_contacts: n_contacts,
        events: n_events,
        warnings: std::mem::take(&mut cx.warnings),
    }))
}

fn reference_lines(cx: &mut Ctx, lines: Vec<(Pos, Line)>, out: &mut Vec<RefWrite>) {
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
                if let Some(s) = cx.define("staff", pos, &login, s, |c| &mut c.staff) {
                    out.push(RefWrite::Staff(s));
                }
            }
            _ => unreachable!("only reference lines are passed here"),
        }
    }
}

fn petitioner_lines(cx: &mut Ctx, lines: Vec<(Pos, Line)>) -> Result<Vec<Petitioner>> {
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

fn matter_lines(cx: &mut Ctx, lines: Vec<(Pos, Line)>) -> Result<Vec<(Pos, Matter, Vec<PetRef>)>> {
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
        let (
            Some(summary),
            Some(first_receiver),
            Some(registered_at),
            Some(jurisdiction),
            Some(leader),
            true,
        ) = (
            summary,
            first_receiver,
            registered_at,
            jurisdiction,
            leader,
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
        out.push((pos, m, refs));
    }
    Ok(out)
}

fn contact_lines(cx: &mut Ctx, lines: Vec<(Pos, Line)>) -> Result<Vec<NewContact>> {
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
            crate::domain::derive::DEFAULT_COLLECTIVE_MIN,
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
            matter,
            petitioners: refs,
            contact,
        });
    }
    Ok(out)
}

fn event_lines(cx: &mut Ctx, lines: Vec<(Pos, Line)>) -> Result<Vec<(Pos, MatterRef, Event)>> {
    let mut out = Vec::with_capacity(lines.len());
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
            true,
        ) = (matter, at, action, by, satisfaction, reason, note, to, ok)
        else {
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
        };
        out.push((pos, matter, e));
    }
    Ok(out)
}
