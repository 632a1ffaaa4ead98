//! Registering a contact at the desk (docs/rules.md: ID numbers and phones, Repeat contacts, Skip-level, Collective visits): the petitioner found or
//! created, the matter repeated or opened, the contact stored with its derived
//! flags, all in one transaction, flushed before the ledger number is shown.

use super::{Desk, Result, ServiceError};
use crate::domain::derive::highest_allowed_level;
use crate::domain::derive::{
    derive_contact_flags, is_collective, is_long_standing, MAX_REPRESENTATIVES,
};
use crate::domain::mask::mask_phone;
use crate::domain::permit::Duty;
use crate::domain::text::clean_line;
use crate::domain::{
    idnum, phone, Channel, Contact, LedgerNo, Matter, Petitioner, PetitionerId, Ts,
};
use crate::store::{Counter, WriteSet};

mod person;
mod types;
pub use types::*;

/// Longest name, summary or letter number the desk takes.
const MAX_NAME: usize = 50;
const MAX_SUMMARY: usize = 500;
const MAX_HEADCOUNT: u32 = 10_000;

/// The contact's own fields, checked and cleaned.
struct ContactFields {
    collective: bool,
    letter_no: Option<String>,
    summary: String,
}

impl Preview {
    fn error(&mut self, field: FormField, problem: Problem) {
        self.errors.push(FieldError { field, problem });
    }
}

/// The records a valid registration becomes, before numbers are assigned.
struct Built {
    petitioner: (Option<Petitioner>, Petitioner),
    matter: (Option<Matter>, Matter),
    contact: Contact,
}

impl Desk {
    /// Checks a registration without saving it: the form calls this as staff
    /// type, so errors and warnings appear beside their fields.
    pub fn preview_registration(&self, r: &Registration) -> Result<Preview> {
        let mut p = Preview::default();
        self.build(r, &mut p)?;
        Ok(p)
    }

    /// Saves a registration in one transaction and flushes it; the ledger
    /// number it returns is safe on disk.
    pub fn register(&self, r: &Registration) -> Result<Registered> {
        self.require(Duty::Register, super::deed::REGISTER)?;
        let store = self.store();
        let guard = store.lock_writes()?;
        let mut preview = Preview::default();
        let built = self.build(r, &mut preview)?;
        let Some(mut built) = built.filter(|_| preview.errors.is_empty()) else {
            return Err(ServiceError::Form(preview.errors));
        };
        let mut ws = WriteSet::new(store);
        self.take_numbers(&mut ws, &mut built)?;
        self.file(&mut ws, &mut built)?;
        let Built {
            petitioner: (old_p, p),
            matter: (old_m, m),
            contact,
        } = built;
        let new_matter = old_m.is_none();
        let corrected = person::corrected_fields(old_p.as_ref(), &p);
        if !corrected.is_empty() {
            self.audit(
                &mut ws,
                super::audit::petitioner_record(p.id),
                format!("corrected details: {}", corrected.join(", ")),
            )?;
        }
        self.audit(
            &mut ws,
            super::audit::matter_record(m.ledger),
            format!(
                "registered contact {} ({}, {}) for petitioner {}{}",
                contact.id,
                contact.channel,
                contact.level,
                p.id,
                if new_matter { ", new matter" } else { "" }
            ),
        )?;
        ws.commit()?;
        // Flushed outside the lock: desks saving at once share one flush
        // (sled's log is written in order, so each flush covers all before it).
        drop(guard);
        store.flush()?;
        Ok(Registered {
            ledger: m.ledger,
            contact: contact.id,
            petitioner: p.id,
            new_matter,
            warnings: preview.warnings,
        })
    }

    /// Numbers what is new: the petitioner, the matter (in the ledger of
    /// its year) and the contact.
    fn take_numbers(&self, ws: &mut WriteSet, b: &mut Built) -> Result<()> {
        let store = self.store();
        let (old_p, p) = &mut b.petitioner;
        if old_p.is_none() {
            p.id = store.counter(Counter::Petitioner)? + 1;
            ws.set_counter(Counter::Petitioner, p.id);
        }
        let (old_m, m) = &mut b.matter;
        if old_m.is_none() {
            let year = m.registered_at.local_date(store.tz()).year() as u16;
            let seq = store.counter(Counter::Ledger(year))? + 1;
            ws.set_counter(Counter::Ledger(year), seq);
            m.ledger = LedgerNo {
                year,
                seq: seq as u32,
            };
        }
        b.contact.id = store.counter(Counter::Contact)? + 1;
        ws.set_counter(Counter::Contact, b.contact.id);
        Ok(())
    }

    /// Files the numbered contact: in its matter, with its derived flags,
    /// and the matter in the list of every petitioner it names.
    fn file(&self, ws: &mut WriteSet, b: &mut Built) -> Result<()> {
        let ((old_p, p), (old_m, m), contact) = (&mut b.petitioner, &mut b.matter, &mut b.contact);
        contact.matter = m.ledger;
        contact.petitioners[0] = p.id;
        if !m.petitioners.contains(&p.id) {
            m.petitioners.push(p.id);
        }
        for id in contact.petitioners.clone() {
            if id != p.id {
                self.add_matter_to(ws, id, m.ledger)?;
            }
        }
        if !p.matters.contains(&m.ledger) {
            p.matters.push(m.ledger);
            p.matters.sort();
        }
        let mut contacts = std::mem::take(&mut m.contacts);
        contacts.push(contact.clone());
        derive_contact_flags(m, &mut contacts, self.store().office().skip_level_allowance);
        m.contacts = contacts;
        ws.petitioner(old_p.as_ref(), p);
        ws.matter(old_m.as_ref(), m);
        Ok(())
    }

    /// The matters of a petitioner that a new contact may repeat: open ones
    /// first, then closed and final ones (a return after the end is a repeat
    /// on that matter, not a new one with a new clock); within each, those
    /// of `category` first, newest first.
    pub fn repeat_candidates(
        &self,
        petitioner: PetitionerId,
        category: &str,
    ) -> Result<Vec<Matter>> {
        let store = self.store();
        let Some(p) = store.petitioner(petitioner)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for l in &p.matters {
            if let Some(m) = store.matter(*l)? {
                out.push(m);
            }
        }
        out.sort_by_key(|m| {
            (
                !m.state.is_open(),
                m.category != category,
                std::cmp::Reverse(m.registered_at),
            )
        });
        Ok(out)
    }

    fn add_matter_to(&self, ws: &mut WriteSet, id: PetitionerId, ledger: LedgerNo) -> Result<()> {
        if let Some(old) = self.store().petitioner(id)? {
            if !old.matters.contains(&ledger) {
                let mut p = old.clone();
                p.matters.push(ledger);
                p.matters.sort();
                ws.petitioner(Some(&old), &p);
            }
        }
        Ok(())
    }

    /// Validates the form and builds its records; errors and warnings go to
    /// `out`. `None` when the records cannot even be built.
    fn build(&self, r: &Registration, out: &mut Preview) -> Result<Option<Built>> {
        let now = self.now();
        let at = r.at.unwrap_or(now);
        let fields = self.contact_fields(r, at, now, out)?;
        let Some((old_p, p)) = self.petitioner_of(r, out)? else {
            return Ok(None);
        };
        let Some((old_m, mut m)) = self.matter_of(r, at, &p, out)? else {
            return Ok(None);
        };
        if let Some(old) = &old_m {
            if at < old.registered_at {
                out.error(FormField::At, Problem::BeforeRegistration(old.ledger));
            }
            if old.state == crate::domain::MatterState::Final {
                out.warnings
                    .push(Warning::FinalMatter { ledger: old.ledger });
            }
        }
        let petitioner = (old_p.is_some(), &p);
        self.warn(
            r,
            at,
            fields.collective,
            petitioner,
            (old_m.is_none(), &m),
            out,
        )?;
        let contact = self.contact(r, at, fields, &p, &mut m);
        Ok(Some(Built {
            petitioner: (old_p, p),
            matter: (old_m, m),
            contact,
        }))
    }

    /// Checks the contact's own fields: when, how many, who represents them,
    /// the letter number and the summary.
    fn contact_fields(
        &self,
        r: &Registration,
        at: Ts,
        now: Ts,
        out: &mut Preview,
    ) -> Result<ContactFields> {
        let store = self.store();
        // A few minutes of clock skew between desks is not "the future".
        if at.0 > now.0 + 300 {
            out.error(FormField::At, Problem::InFuture);
        }
        if r.headcount == 0 || r.headcount > MAX_HEADCOUNT {
            out.error(
                FormField::Headcount,
                Problem::Headcount { max: MAX_HEADCOUNT },
            );
        }
        let collective_min = store.office().collective_min_headcount;
        let collective = is_collective(r.headcount, collective_min);
        if !r.representatives.is_empty() && !collective {
            let problem = Problem::NotCollective {
                min: collective_min,
            };
            out.error(FormField::Representatives, problem);
        }
        if r.representatives.len() + 1 > MAX_REPRESENTATIVES {
            let problem = Problem::TooManyRepresentatives {
                max: MAX_REPRESENTATIVES,
            };
            out.error(FormField::Representatives, problem);
        }
        for id in &r.representatives {
            if store.petitioner(*id)?.is_none() {
                let problem = Problem::NotOnFile(format!("petitioner {id}"));
                out.error(FormField::Representatives, problem);
            }
        }
        let letter_no = r
            .letter_no
            .as_deref()
            .map(clean_line)
            .filter(|s| !s.is_empty());
        if r.channel == Channel::Letter && letter_no.is_none() {
            out.error(FormField::LetterNo, Problem::Required("a letter number"));
        }
        if letter_no
            .as_ref()
            .is_some_and(|s| s.chars().count() > MAX_NAME)
        {
            out.error(FormField::LetterNo, Problem::TooLong { max: MAX_NAME });
        }
        let summary = clean_line(&r.summary);
        if summary.chars().count() > MAX_SUMMARY {
            out.error(FormField::Summary, Problem::TooLong { max: MAX_SUMMARY });
        }
        Ok(ContactFields {
            collective,
            letter_no,
            summary,
        })
    }

    /// The petitioner on file (with its stored version) or the new one typed;
    /// `None` when the one chosen is not on file.
    fn petitioner_of(
        &self,
        r: &Registration,
        out: &mut Preview,
    ) -> Result<Option<(Option<Petitioner>, Petitioner)>> {
        Ok(match &r.person {
            Person::Existing(id) => match self.store().petitioner(*id)? {
                Some(p) => {
                    let mut corrected = p.clone();
                    if let Some(c) = &r.correction {
                        self.correct(&mut corrected, c, out)?;
                    }
                    Some((Some(p), corrected))
                }
                None => {
                    out.error(
                        FormField::Petitioner,
                        Problem::NotOnFile(format!("petitioner {id}")),
                    );
                    None
                }
            },
            Person::New(n) => {
                if r.correction.is_some() {
                    out.error(FormField::Petitioner, Problem::NotCorrectable);
                }
                Some((None, self.new_petitioner(n, out)?))
            }
        })
    }

    /// The matter repeated (with its stored version) or the new one opened;
    /// `None` when the one chosen is not on file.
    fn matter_of(
        &self,
        r: &Registration,
        at: Ts,
        p: &Petitioner,
        out: &mut Preview,
    ) -> Result<Option<(Option<Matter>, Matter)>> {
        Ok(match &r.matter {
            MatterChoice::Existing(l) => match self.store().matter(*l)? {
                Some(m) => Some((Some(m.clone()), m)),
                None => {
                    out.error(FormField::Matter, Problem::NotOnFile(format!("matter {l}")));
                    None
                }
            },
            MatterChoice::New(n) => Some((None, self.new_matter(n, at, p, out)?)),
        })
    }

    /// Validates a matter opened at the desk (category, summary, town).
    fn new_matter(
        &self,
        n: &NewMatter,
        at: Ts,
        p: &Petitioner,
        out: &mut Preview,
    ) -> Result<Matter> {
        let store = self.store();
        let mut m = Matter::registered(&self.user().login, at);
        m.category = n.category.trim().to_string();
        if store.category(&m.category)?.is_none() {
            let problem = Problem::NotOnFile(format!("category {:?}", n.category));
            out.error(FormField::Category, problem);
        }
        m.summary = clean_line(&n.summary);
        if m.summary.is_empty() {
            out.error(FormField::Summary, Problem::Required("a summary"));
        } else if m.summary.chars().count() > MAX_SUMMARY {
            out.error(FormField::Summary, Problem::TooLong { max: MAX_SUMMARY });
        }
        m.town = n
            .town
            .clone()
            .filter(|t| !t.is_empty())
            .or_else(|| p.town.clone())
            .unwrap_or_default();
        if m.town.is_empty() {
            out.error(
                FormField::MatterTown,
                Problem::Required("the matter's town"),
            );
        } else if store.town(&m.town)?.is_none() {
            out.error(
                FormField::MatterTown,
                Problem::NotOnFile(format!("town {:?}", m.town)),
            );
        }
        m.jurisdiction = n.jurisdiction;
        Ok(m)
    }

    /// What staff should know before they save: a long-standing or key
    /// person, a skip-level visit, a collective visit without
    /// representatives, an open matter of the same category.
    fn warn(
        &self,
        r: &Registration,
        at: Ts,
        collective: bool,
        (on_file, p): (bool, &Petitioner),
        (new_matter, m): (bool, &Matter),
        out: &mut Preview,
    ) -> Result<()> {
        let store = self.store();
        if on_file {
            out.warnings.extend(self.long_standing(p, at)?);
        }
        if let Some(reason) = &p.key_person {
            out.warnings.push(Warning::KeyPerson {
                reason: reason.clone(),
            });
        }
        if r.channel == Channel::Visit {
            out.warnings.extend(self.skip_level(r, at, m));
        }
        if collective && r.representatives.is_empty() {
            out.warnings
                .push(Warning::CollectiveWithoutRepresentatives {
                    headcount: r.headcount,
                });
        }
        if new_matter && on_file {
            for l in &p.matters {
                if let Some(pm) = store.matter(*l)? {
                    if pm.state.is_open() && pm.category == m.category {
                        out.warnings.push(Warning::PossibleDuplicate {
                            ledger: pm.ledger,
                            summary: pm.summary.clone(),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether this contact makes a petitioner on file long-standing: their
    /// contacts' dates, this one's included.
    fn long_standing(&self, p: &Petitioner, at: Ts) -> Result<Option<Warning>> {
        let store = self.store();
        let tz = store.tz();
        let mut dates: Vec<time::Date> = vec![at.local_date(tz)];
        for l in &p.matters {
            if let Some(pm) = store.matter(*l)? {
                dates.extend(
                    pm.contacts
                        .iter()
                        .filter(|c| c.petitioners.contains(&p.id))
                        .map(|c| c.at.local_date(tz)),
                );
            }
        }
        if !is_long_standing(dates.iter().copied()) {
            return Ok(None);
        }
        let years: std::collections::BTreeSet<i32> = dates.iter().map(|d| d.year()).collect();
        Ok(Some(Warning::LongStanding {
            contacts: dates.len(),
            years: years.len(),
        }))
    }

    /// A visit above the level the matter's stage allows.
    fn skip_level(&self, r: &Registration, at: Ts, m: &Matter) -> Option<Warning> {
        let allowed = highest_allowed_level(m, at, self.store().office().skip_level_allowance);
        if r.level <= allowed {
            return None;
        }
        let replied = m.events.iter().any(|e| {
            e.at <= at
                && matches!(
                    e.action,
                    crate::domain::Step::Reply | crate::domain::Step::ResolveOnSpot
                )
        });
        let reviewed = m
            .events
            .iter()
            .any(|e| e.at <= at && e.action == crate::domain::Step::ReviewDecision);
        let stage = if reviewed {
            Stage::AfterReview
        } else if replied {
            Stage::AfterReply
        } else {
            Stage::BeforeReply
        };
        Some(Warning::SkipLevel {
            level: r.level,
            allowed,
            stage,
        })
    }

    /// The contact, its petitioner first then the representatives, who
    /// become parties to the matter.
    fn contact(
        &self,
        r: &Registration,
        at: Ts,
        fields: ContactFields,
        p: &Petitioner,
        m: &mut Matter,
    ) -> Contact {
        let mut petitioners = vec![p.id];
        petitioners.extend(r.representatives.iter().copied().filter(|id| *id != p.id));
        for id in &petitioners {
            if !m.petitioners.contains(id) && *id != 0 {
                m.petitioners.push(*id);
            }
        }
        Contact {
            id: 0,
            at,
            channel: r.channel,
            level: r.level,
            headcount: r.headcount,
            petitioners,
            matter: m.ledger,
            town: m.town.clone(),
            receiver: self.user().login.clone(),
            summary: if fields.summary.is_empty() {
                m.summary.clone()
            } else {
                fields.summary
            },
            abnormal: r.abnormal,
            letter_no: fields.letter_no,
            repeat: false,
            skip_level: false,
        }
    }
}
