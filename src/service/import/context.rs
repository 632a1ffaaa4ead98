//! What validation knows while it reads an import: reference data, the refs
//! defined so far, and the helpers that check one field and report it.

use super::already::Already;
use super::{Pos, Problem};
use crate::domain::{idnum, text, Category, LedgerNo, Staff, Town, Ts, Unit, Village};
use crate::store::{Result, Store, T};
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

pub const MAX_NAME_CHARS: usize = 64;
pub const MAX_TEXT_CHARS: usize = 2000;
const MAX_CODE_CHARS: usize = 32;

#[derive(
    Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub(super) enum PetRef {
    New(usize),
    Existing(u64),
}

#[derive(
    Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub(super) enum MatterRef {
    New(usize),
    Existing(LedgerNo),
}

pub(super) struct Ctx<'a> {
    pub(super) store: &'a Store,
    pub(super) today: Date,
    /// The admin importing; a staff line may not disable or demote them.
    pub(super) importer: &'a str,
    pub(super) problems: &'a mut Vec<Problem>,
    /// Lines already in the database, for a refusal that names them.
    pub(super) already: &'a mut Already,
    /// Matter lines whose ledger number is already given.
    pub(super) taken: std::collections::HashSet<Pos>,
    pub(super) warnings: Vec<Problem>,
    pub(super) towns: HashMap<String, Town>,
    pub(super) villages: HashMap<String, Village>,
    pub(super) units: HashMap<String, Unit>,
    pub(super) categories: HashMap<String, Category>,
    pub(super) staff: HashMap<String, Staff>,
    /// Where each reference code was first defined in this run, per kind.
    pub(super) defined: HashMap<(&'static str, String), Pos>,
    pub(super) pet_refs: HashMap<String, usize>,
    pub(super) matter_refs: HashMap<String, usize>,
    /// Refs of lines already reported; lines that use them are not reported again.
    pub(super) failed_refs: std::collections::HashSet<String>,
    /// Explicit ledger numbers of matter lines, also of lines that failed for
    /// another reason, so collisions and gaps are judged against all of them.
    pub(super) ledgers: Vec<(Pos, LedgerNo)>,
}

impl<'a> Ctx<'a> {
    /// A context with the reference records on file loaded.
    pub(super) fn new(
        store: &'a Store,
        today: Date,
        importer: &'a str,
        problems: &'a mut Vec<Problem>,
        already: &'a mut Already,
    ) -> Result<Ctx<'a>> {
        Ok(Ctx {
            store,
            today,
            importer,
            problems,
            already,
            taken: Default::default(),
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
            ledgers: Vec::new(),
        })
    }
}

pub fn load<V: serde::de::DeserializeOwned + 'static>(
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
    /// A failure to stage validated records beside the database.
    pub(super) fn staging_err(&self, source: std::io::Error) -> crate::store::StoreError {
        let dir = self
            .store
            .path()
            .parent()
            .unwrap_or(std::path::Path::new("."));
        crate::store::StoreError::Io {
            path: dir.to_path_buf(),
            source,
        }
    }

    pub(super) fn err(&mut self, pos: Pos, field: &str, message: impl Into<String>) {
        self.problems.push(Problem::at(pos, field, message.into()));
    }

    /// Cleaned single-line text; `None` (and a problem) if empty or too long.
    pub(super) fn text(&mut self, pos: Pos, field: &str, s: &str, max: usize) -> Option<String> {
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

    pub(super) fn opt_text(
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

    pub(super) fn code(&mut self, pos: Pos, field: &str, s: &str) -> Option<String> {
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
    pub(super) fn code_name(
        &mut self,
        pos: Pos,
        code: &str,
        name: &str,
    ) -> Option<(String, String)> {
        let code = self.code(pos, "code", code);
        let name = self.text(pos, "name", name, MAX_NAME_CHARS);
        code.zip(name)
    }

    pub(super) fn parse_enum<E>(
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

    pub(super) fn time(&mut self, pos: Pos, field: &str, s: &str) -> Option<Ts> {
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

    pub(super) fn known<V>(
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

    pub(super) fn staff_login(&mut self, pos: Pos, field: &str, login: &str) -> Option<String> {
        if self.staff.contains_key(login) {
            Some(login.to_string())
        } else {
            self.err(pos, field, format!("no staff member with login {login:?}"));
            None
        }
    }

    /// Records a reference definition; a second, different one is an error.
    pub(super) fn define<V: PartialEq + Clone>(
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
        if !changed {
            self.already.line(pos);
        }
        map(self).insert(code.to_string(), value.clone());
        changed.then_some(value)
    }

    pub(super) fn existing_petitioner_by_id(&self, id_number: &str) -> Result<Option<u64>> {
        self.store.petitioner_with_id_number(id_number)
    }

    pub(super) fn pet_ref(&mut self, pos: Pos, field: &str, s: &str) -> Result<Option<PetRef>> {
        if let Some(i) = self.pet_refs.get(s) {
            return Ok(Some(PetRef::New(*i)));
        }
        if self.failed_refs.contains(s) {
            // Belongs to a refused line: there already, when that one was.
            self.already.line(pos);
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

    pub(super) fn matter_ref(&mut self, pos: Pos, s: &str) -> Result<Option<MatterRef>> {
        if let Some(i) = self.matter_refs.get(s) {
            return Ok(Some(MatterRef::New(*i)));
        }
        if self.failed_refs.contains(s) {
            self.already.line(pos);
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

    /// A matter line's own ledger number: a ledger number of the local year of
    /// its registration (unknown if `registered_at` did not parse).
    pub(super) fn explicit_ledger(
        &mut self,
        pos: Pos,
        s: &str,
        registered_at: Option<Ts>,
    ) -> Option<LedgerNo> {
        let Some(l) = LedgerNo::parse(s) else {
            self.err(
                pos,
                "ledger",
                format!("{s:?} is not a ledger number such as 2026-000123"),
            );
            return None;
        };
        let year = registered_at.map(|t| t.local_date(self.store.tz()).year());
        if let Some(y) = year.filter(|y| *y != i32::from(l.year)) {
            self.err(
                pos,
                "ledger",
                format!("{l} is not of {y}, the year of registered_at at the desk"),
            );
            return None;
        }
        self.ledgers.push((pos, l));
        Some(l)
    }

    pub(super) fn check_new_ref(&mut self, pos: Pos, s: &str, seen: bool) -> bool {
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
