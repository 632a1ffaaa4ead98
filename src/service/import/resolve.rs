//! Validation of parsed lines against each other and the database, and the
//! records they become. Nothing here writes.

use super::context::{load, Ctx, MatterRef, PetRef};
use super::lines::{contact_lines, event_lines, matter_lines, petitioner_lines, reference_lines};
use super::{ImportSummary, Pos, Problem};
use crate::domain::derive::derive_contact_flags;
use crate::domain::workflow::apply;
use crate::domain::{Category, Event, LedgerNo, Matter, Petitioner, Staff, Town, Unit, Village};
use crate::interchange::Line;
use crate::store::{Result, Store, T};
use std::collections::{BTreeMap, HashMap};
use time::Date;

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
