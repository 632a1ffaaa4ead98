//! The petitioner of a registration: a new person's details checked, a
//! person on file corrected as they register (audited with the contact).

use super::*;

impl Desk {
    /// Validates a person typed at the desk (ID check character, phones, places).
    pub(super) fn new_petitioner(
        &self,
        n: &NewPetitioner,
        out: &mut Preview,
    ) -> Result<Petitioner> {
        let name = clean_line(&n.name);
        if name.is_empty() {
            out.error(FormField::Name, Problem::Required("a name"));
        } else if name.chars().count() > MAX_NAME {
            out.error(FormField::Name, Problem::TooLong { max: MAX_NAME });
        }
        let id_number = self.typed_id_number(&n.id_number, out)?;
        let phones = typed_phones(&n.phones, out);
        let (town, village) = self.typed_place(n.town.clone(), n.village.clone(), out)?;
        Ok(Petitioner {
            name,
            id_number,
            phones,
            town,
            village,
            address: n
                .address
                .as_deref()
                .map(clean_line)
                .filter(|s| !s.is_empty()),
            ..Default::default()
        })
    }

    /// The ID number normalised, refused when not valid or already on file.
    fn typed_id_number(&self, typed: &str, out: &mut Preview) -> Result<Option<String>> {
        if typed.trim().is_empty() {
            return Ok(None);
        }
        match idnum::normalize(typed, self.today()) {
            Ok(id) => {
                if let Some(holder) = self.petitioner_with_id_number(&id.number)? {
                    let name = self.store().petitioner(holder)?.map(|h| h.name);
                    let name = name.unwrap_or_default();
                    out.error(FormField::IdNumber, Problem::AlreadyOnFile { name });
                }
                Ok(Some(id.number))
            }
            Err(e) => {
                out.error(FormField::IdNumber, Problem::IdNumber(e));
                Ok(None)
            }
        }
    }

    /// The town and village, which must be on file, the village in the town.
    fn typed_place(
        &self,
        town: Option<String>,
        village: Option<String>,
        out: &mut Preview,
    ) -> Result<(Option<String>, Option<String>)> {
        let store = self.store();
        let town = town.filter(|t| !t.is_empty());
        if let Some(t) = &town {
            if store.town(t)?.is_none() {
                out.error(FormField::Town, Problem::NotOnFile(format!("town {t:?}")));
            }
        }
        let village = village.filter(|v| !v.is_empty());
        if let Some(v) = &village {
            match store.village(v)? {
                None => out.error(
                    FormField::Village,
                    Problem::NotOnFile(format!("village {v:?}")),
                ),
                Some(found) if Some(&found.town) != town.as_ref() => out.error(
                    FormField::Village,
                    Problem::VillageOutsideTown {
                        village: v.clone(),
                        town: town.clone().unwrap_or_else(|| "—".into()),
                    },
                ),
                Some(_) => {}
            }
        }
        Ok((town, village))
    }

    /// Applies a correction to a person on file: phones replaced slot by
    /// slot, the places and address as given, each checked as a new
    /// person's would be.
    pub(super) fn correct(
        &self,
        p: &mut Petitioner,
        c: &Correction,
        out: &mut Preview,
    ) -> Result<()> {
        let (town, village) = self.typed_place(c.town.clone(), c.village.clone(), out)?;
        p.town = town;
        p.village = village;
        p.address = c
            .address
            .as_deref()
            .map(clean_line)
            .filter(|s| !s.is_empty());
        for (slot, typed) in c.phones.iter().enumerate() {
            let Some(typed) = typed.as_ref().filter(|t| !t.trim().is_empty()) else {
                continue;
            };
            let Some(number) = typed_phones(std::slice::from_ref(typed), out).pop() else {
                continue;
            };
            match p.phones.get_mut(slot) {
                Some(old) => *old = number,
                None => p.phones.push(number),
            }
        }
        let mut seen = Vec::new();
        p.phones.retain(|n| {
            let first = !seen.contains(n);
            seen.push(n.clone());
            first
        });
        Ok(())
    }

    /// What the form shows of a person on file before correcting them.
    pub fn person_details(&self, id: PetitionerId) -> Result<Option<PersonDetails>> {
        Ok(self.store().petitioner(id)?.map(|p| PersonDetails {
            phones: p.phones.iter().map(|n| mask_phone(n)).collect(),
            town: p.town,
            village: p.village,
            address: p.address,
        }))
    }

    /// The number of the petitioner holding an (already normalised) ID
    /// number, if any. Only the number: the record would carry the whole ID
    /// number and phones, which are shown through `reveal` alone.
    pub fn petitioner_with_id_number(&self, number: &str) -> Result<Option<PetitionerId>> {
        Ok(self.store().petitioner_with_id_number(number)?)
    }
}

/// The details a correction changed, by name, for the audit trail.
pub(super) fn corrected_fields(old: Option<&Petitioner>, new: &Petitioner) -> Vec<&'static str> {
    let Some(old) = old else {
        return Vec::new();
    };
    let mut changed = Vec::new();
    if old.phones != new.phones {
        changed.push("phones");
    }
    if old.town != new.town {
        changed.push("town");
    }
    if old.village != new.village {
        changed.push("village");
    }
    if old.address != new.address {
        changed.push("address");
    }
    changed
}

/// The phones typed, normalised, each once; an odd one is a warning.
fn typed_phones(typed: &[String], out: &mut Preview) -> Vec<String> {
    let mut phones = Vec::new();
    for typed in typed.iter().filter(|s| !s.trim().is_empty()) {
        match phone::normalize(typed) {
            Ok((number, warning)) => {
                if warning.is_some() {
                    out.warnings.push(Warning::OddPhone(number.clone()));
                }
                if !phones.contains(&number) {
                    phones.push(number);
                }
            }
            Err(error) => out.error(
                FormField::Phones,
                Problem::Phone {
                    typed: typed.clone(),
                    error,
                },
            ),
        }
    }
    phones
}
