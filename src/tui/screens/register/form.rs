//! The registration form (F2): its fields, what keys do to them, and how it
//! becomes a `Registration` for the service. Drawing is in `form_draw`.

mod build;
mod draft;
mod field;

use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::records::{show_time, TIME_FORMAT};
use crate::domain::{Category, Channel, LedgerNo, Level, Matter, PetitionerId, Town, Ts, Village};
use crate::service::lookup::Found;
use crate::service::register::{
    Correction, FieldError, FormField, MatterChoice, NewMatter, NewPetitioner, Person, PersonDetails,
    Preview, Problem, Registration,
};
use crate::service::{DeskApi, Result};
use time::{PrimitiveDateTime, UtcOffset};

/// Candidates shown while the petitioner is being found.
pub const CANDIDATES: usize = 5;

pub use field::Field;

fn parse_time(s: &str, tz: UtcOffset) -> Option<Ts> {
    let t = PrimitiveDateTime::parse(s.trim(), TIME_FORMAT).ok()?;
    Some(Ts::from_datetime(t.assume_offset(tz)))
}

pub struct RegisterForm {
    pub focus: Field,
    pub channel: Channel,
    pub at: TextInput,
    pub level: Level,
    pub headcount: TextInput,
    /// The name typed to find the person, or the new person's name.
    pub person: TextInput,
    /// The person on file chosen from the candidates.
    pub chosen: Option<Found>,
    pub candidates: Vec<Found>,
    pub candidate: usize,
    pub id_number: TextInput,
    pub phone: TextInput,
    pub phone2: TextInput,
    /// Index into `towns`, or `None`.
    pub town: Option<usize>,
    /// The village's code, one of the chosen town's (so 零访村 are credited).
    pub village: Option<String>,
    pub address: TextInput,
    /// The chosen person's details on file (phones masked).
    pub on_file: Option<PersonDetails>,
    /// Correcting the chosen person's phones, places and address: those
    /// fields are shown, filled from the record, and saved with the contact.
    pub correct: bool,
    /// The matter's town, index into `towns`; `None` is the petitioner's.
    pub matter_town: Option<usize>,
    /// The chosen person's matters offered as repeats: open ones first, then
    /// closed and final ones.
    pub repeats: Vec<Matter>,
    /// `None` is a new matter; else an index into `repeats`.
    pub matter: Option<usize>,
    pub category: usize,
    pub jurisdiction: Level,
    pub summary: TextInput,
    pub letter_no: TextInput,
    /// The name (or number) typed to find a representative.
    pub representatives: TextInput,
    /// The other representatives, marked among those found.
    pub marked: Vec<Found>,
    /// Those found for what was typed in `representatives`.
    pub rep_candidates: Vec<Found>,
    /// The cursor in `rep_list()`.
    pub rep_candidate: usize,
    pub abnormal: bool,
    pub towns: Vec<Town>,
    pub villages: Vec<Village>,
    pub categories: Vec<Category>,
    pub tz: UtcOffset,
    /// The office's headcount from which a visit is collective and has
    /// representatives.
    pub collective_min: u32,
    pub preview: Preview,
    /// Errors are shown once a save was tried; warnings always.
    pub show_errors: bool,
    /// Something was typed since the form opened (Esc then asks first).
    pub changed: bool,
    /// Typed since the draft was last kept.
    pub draft_dirty: bool,
    /// Text was typed since the service last checked the form: it checks
    /// again when the field is left, a choice changes or typing pauses, not
    /// on every keystroke.
    pub unchecked: bool,
}

fn cycle<T: Copy + PartialEq>(all: &[T], v: T, by: isize) -> T {
    let i = all.iter().position(|x| *x == v).unwrap_or(0) as isize;
    all[(i + by).rem_euclid(all.len() as isize) as usize]
}

/// Steps an optional index through `None, 0, 1, …, n-1`.
fn cycle_opt(v: Option<usize>, n: usize, by: isize) -> Option<usize> {
    let i = v.map_or(0, |i| i as isize + 1);
    let j = (i + by).rem_euclid(n as isize + 1);
    (j > 0).then(|| j as usize - 1)
}

impl RegisterForm {
    /// An empty form, its time set to now by the desk's clock.
    pub fn new(desk: &dyn DeskApi) -> Result<RegisterForm> {
        let tz = desk.tz();
        let now = desk.now();
        Ok(RegisterForm {
            focus: Field::Channel,
            channel: Channel::Visit,
            at: TextInput::with(&show_time(now, tz)),
            level: Level::County,
            headcount: TextInput::with("1"),
            person: TextInput::default(),
            chosen: None,
            candidates: Vec::new(),
            candidate: 0,
            id_number: TextInput::default(),
            phone: TextInput::default(),
            phone2: TextInput::default(),
            town: None,
            village: None,
            address: TextInput::default(),
            on_file: None,
            correct: false,
            matter_town: None,
            repeats: Vec::new(),
            matter: None,
            category: 0,
            jurisdiction: Level::County,
            summary: TextInput::default(),
            letter_no: TextInput::default(),
            representatives: TextInput::default(),
            marked: Vec::new(),
            rep_candidates: Vec::new(),
            rep_candidate: 0,
            abnormal: false,
            towns: desk.towns()?,
            villages: desk.villages()?,
            categories: desk.categories()?,
            tz,
            collective_min: desk.office_rules()?.collective_min_headcount,
            preview: Preview::default(),
            show_errors: false,
            changed: false,
            draft_dirty: false,
            unchecked: false,
        })
    }

    fn headcount_value(&self) -> Option<u32> {
        self.headcount.text().trim().parse().ok()
    }

    /// The fields this form shows now, in order: a person on file needs no
    /// identity fields, a repeat contact no category.
    pub fn fields(&self) -> Vec<Field> {
        let mut f = vec![
            Field::Channel,
            Field::At,
            Field::Level,
            Field::Headcount,
            Field::Person,
        ];
        match self.chosen {
            Some(_) => f.push(Field::Correct),
            None => f.push(Field::IdNumber),
        }
        if self.chosen.is_none() || self.correct {
            f.extend([Field::Phone, Field::Phone2, Field::Town]);
            if !self.town_villages().is_empty() {
                f.push(Field::Village);
            }
            f.push(Field::Address);
        }
        f.push(Field::Matter);
        if self.matter.is_none() {
            f.extend([Field::Category, Field::MatterTown, Field::Jurisdiction]);
        }
        f.push(Field::Summary);
        if self.channel == Channel::Letter {
            f.push(Field::LetterNo);
        }
        if self
            .headcount_value()
            .is_some_and(|n| n >= self.collective_min)
        {
            f.push(Field::Representatives);
        }
        f.push(Field::Abnormal);
        f
    }

    fn town_code(&self) -> Option<&str> {
        self.town
            .and_then(|i| self.towns.get(i))
            .map(|t| t.code.as_str())
    }

    fn matter_town_code(&self) -> Option<&str> {
        self.matter_town
            .and_then(|i| self.towns.get(i))
            .map(|t| t.code.as_str())
    }

    /// The representatives offered: those marked, then those found for
    /// what was typed (not the petitioner, not twice).
    pub fn rep_list(&self) -> Vec<&Found> {
        let chosen = self.chosen.as_ref().map(|f| f.id);
        let mut list: Vec<&Found> = self.marked.iter().collect();
        for c in &self.rep_candidates {
            if Some(c.id) != chosen && !list.iter().any(|x| x.id == c.id) {
                list.push(c);
            }
        }
        list
    }

    /// Marks or unmarks the representative under the cursor.
    fn toggle_mark(&mut self) {
        let Some(found) = self.rep_list().get(self.rep_candidate).map(|f| (*f).clone()) else {
            return;
        };
        match self.marked.iter().position(|x| x.id == found.id) {
            Some(i) => {
                self.marked.remove(i);
            }
            None => self.marked.push(found),
        }
        self.touched();
        self.unchecked = true;
    }

    /// The villages of the chosen town, in the order of the reference data.
    pub fn town_villages(&self) -> Vec<&Village> {
        match self.town_code() {
            Some(town) => self.villages.iter().filter(|v| v.town == town).collect(),
            None => Vec::new(),
        }
    }

    /// The text input of a text field.
    pub fn input(&self, f: Field) -> Option<&TextInput> {
        Some(match f {
            Field::At => &self.at,
            Field::Headcount => &self.headcount,
            Field::Person => &self.person,
            Field::IdNumber => &self.id_number,
            Field::Phone => &self.phone,
            Field::Phone2 => &self.phone2,
            Field::Address => &self.address,
            Field::Summary => &self.summary,
            Field::LetterNo => &self.letter_no,
            Field::Representatives => &self.representatives,
            _ => return None,
        })
    }

    fn input_mut(&mut self, f: Field) -> Option<&mut TextInput> {
        Some(match f {
            Field::At => &mut self.at,
            Field::Headcount => &mut self.headcount,
            Field::Person => &mut self.person,
            Field::IdNumber => &mut self.id_number,
            Field::Phone => &mut self.phone,
            Field::Phone2 => &mut self.phone2,
            Field::Address => &mut self.address,
            Field::Summary => &mut self.summary,
            Field::LetterNo => &mut self.letter_no,
            Field::Representatives => &mut self.representatives,
            _ => return None,
        })
    }

    /// Moves focus by `by` fields among those shown.
    pub fn step(&mut self, by: isize) {
        let fields = self.fields();
        self.focus = cycle(&fields, self.focus, by);
    }

    /// Whether Up/Down move among candidates rather than fields.
    pub fn picking(&self) -> bool {
        match self.focus {
            Field::Person => self.chosen.is_none() && !self.candidates.is_empty(),
            Field::Representatives => !self.rep_list().is_empty(),
            _ => false,
        }
    }

    fn touched(&mut self) {
        self.changed = true;
        self.draft_dirty = true;
    }

    /// Typed or pasted text for the focused field; choice fields ignore it.
    /// A space among the representatives found marks the one under the cursor.
    pub fn type_text(&mut self, s: &str, desk: &dyn DeskApi) -> Result<()> {
        let focus = self.focus;
        if focus == Field::Representatives && s == " " && self.picking() {
            self.toggle_mark();
            return Ok(());
        }
        let Some(input) = self.input_mut(focus) else {
            return Ok(());
        };
        input.insert(s);
        self.after_edit(desk)
    }

    pub fn edit(&mut self, op: fn(&mut TextInput), desk: &dyn DeskApi) -> Result<()> {
        let focus = self.focus;
        if let Some(input) = self.input_mut(focus) {
            op(input);
            self.after_edit(desk)?;
        }
        Ok(())
    }

    /// Home, End, Ctrl-U, Ctrl-W in a text field; a choice ignores them.
    /// Only a change of text counts as an edit (a chosen person stays).
    pub fn line_edit(&mut self, e: crate::tui::effect::Edit, desk: &dyn DeskApi) -> Result<()> {
        let focus = self.focus;
        if self.input_mut(focus).is_some_and(|input| input.apply(e)) {
            self.after_edit(desk)?;
        }
        Ok(())
    }

    /// Left and Right: move the caret, or step a choice.
    pub fn side(&mut self, by: isize, desk: &dyn DeskApi) -> Result<()> {
        if let Some(input) = self.input_mut(self.focus) {
            if by < 0 {
                input.left()
            } else {
                input.right()
            }
            return Ok(());
        }
        match self.focus {
            Field::Channel => self.channel = cycle(Channel::ALL, self.channel, by),
            Field::Level => self.level = cycle(Level::ALL, self.level, by),
            Field::Jurisdiction => self.jurisdiction = cycle(Level::ALL, self.jurisdiction, by),
            Field::Town => {
                self.town = cycle_opt(self.town, self.towns.len(), by);
                self.village = None;
            }
            Field::MatterTown => {
                self.matter_town = cycle_opt(self.matter_town, self.towns.len(), by)
            }
            Field::Correct => {
                self.correct = !self.correct;
                self.fill_from_file();
            }
            Field::Village => {
                let codes: Vec<String> = self
                    .town_villages()
                    .iter()
                    .map(|v| v.code.clone())
                    .collect();
                let at = self
                    .village
                    .as_ref()
                    .and_then(|c| codes.iter().position(|x| x == c));
                self.village = cycle_opt(at, codes.len(), by).map(|i| codes[i].clone());
            }
            Field::Matter => self.matter = cycle_opt(self.matter, self.repeats.len(), by),
            Field::Category if !self.categories.is_empty() => {
                self.category = cycle(
                    &(0..self.categories.len()).collect::<Vec<_>>(),
                    self.category,
                    by,
                );
                self.offer_repeats(desk)?;
            }
            Field::Abnormal => self.abnormal = !self.abnormal,
            _ => return Ok(()),
        }
        self.touched();
        self.refresh(desk)
    }

    /// Up and Down on the person field pick a candidate; on the
    /// representatives, they move among those offered.
    pub fn pick(&mut self, by: isize) {
        let (at, n) = if self.focus == Field::Representatives {
            let n = self.rep_list().len();
            (&mut self.rep_candidate, n)
        } else {
            (&mut self.candidate, self.candidates.len())
        };
        let n = n.max(1) as isize;
        *at = (*at as isize + by).clamp(0, n - 1) as usize;
    }

    /// The phones, places and address as corrected: filled from the
    /// record when correcting starts (phones empty: the numbers on file are
    /// masked, and an empty slot keeps its number), cleared when it stops.
    fn fill_from_file(&mut self) {
        self.phone = TextInput::default();
        self.phone2 = TextInput::default();
        let on_file = self.on_file.clone().unwrap_or_default();
        if self.correct {
            let town = on_file.town.as_deref();
            self.town = self.towns.iter().position(|t| Some(t.code.as_str()) == town);
            self.village = on_file.village;
            self.address = TextInput::with(on_file.address.as_deref().unwrap_or(""));
        } else {
            self.town = None;
            self.village = None;
            self.address = TextInput::default();
        }
    }

    /// Opens the form on a returning person (F2 on their card) or on one of
    /// their matters (F2 on the matter): the person chosen, the matter
    /// offered as the repeat.
    pub fn returning(
        &mut self,
        who: PetitionerId,
        ledger: Option<LedgerNo>,
        desk: &dyn DeskApi,
    ) -> Result<()> {
        let Some(found) = desk.found(who)? else {
            return Ok(());
        };
        self.candidates = vec![found];
        self.candidate = 0;
        self.focus = Field::Person;
        self.choose(desk)?;
        if let Some(l) = ledger {
            if let Some(i) = self.repeats.iter().position(|m| m.ledger == l) {
                self.matter = Some(i);
                self.refresh(desk)?;
            }
        }
        // Nothing typed yet: Esc closes it without asking, and no draft.
        self.changed = false;
        self.draft_dirty = false;
        Ok(())
    }

    /// Enter while picking: takes the person, or marks the representative.
    pub fn take(&mut self, desk: &dyn DeskApi) -> Result<()> {
        if self.focus == Field::Representatives {
            self.toggle_mark();
            return self.refresh(desk);
        }
        self.choose(desk)
    }

    /// Takes the highlighted candidate as the person; their matters are
    /// offered as repeats (open ones and the same category first, then ended
    /// ones), the first one preselected.
    pub fn choose(&mut self, desk: &dyn DeskApi) -> Result<()> {
        if let Some(found) = self.candidates.get(self.candidate).cloned() {
            self.person = TextInput::with(&found.name);
            self.on_file = desk.person_details(found.id)?;
            self.correct = false;
            self.fill_from_file();
            self.chosen = Some(found);
            self.candidates.clear();
            self.offer_repeats(desk)?;
            self.matter = (!self.repeats.is_empty()).then_some(0);
            self.touched();
            self.refresh(desk)?;
        }
        Ok(())
    }

    fn offer_repeats(&mut self, desk: &dyn DeskApi) -> Result<()> {
        let keep = self
            .matter
            .and_then(|i| self.repeats.get(i))
            .map(|m| m.ledger);
        self.repeats = match &self.chosen {
            Some(p) => {
                let category = self
                    .categories
                    .get(self.category)
                    .map_or("", |c| c.code.as_str());
                desk.repeat_candidates(p.id, category.to_string())?
            }
            None => Vec::new(),
        };
        self.matter = keep.and_then(|l| self.repeats.iter().position(|m| m.ledger == l));
        Ok(())
    }

    fn after_edit(&mut self, desk: &dyn DeskApi) -> Result<()> {
        self.touched();
        if self.focus == Field::Person {
            // Typing again means another person: forget the one chosen.
            if self.chosen.take().is_some() {
                self.repeats.clear();
                self.matter = None;
                self.on_file = None;
                self.correct = false;
            }
            self.candidates = desk.lookup(self.person.text().to_string(), CANDIDATES)?;
            self.candidate = 0;
        }
        if self.focus == Field::Representatives {
            let typed = self.representatives.text().trim().to_string();
            self.rep_candidates = if typed.is_empty() {
                Vec::new()
            } else {
                desk.lookup(typed, CANDIDATES)?
            };
            // The cursor goes to the first found, past those marked.
            self.rep_candidate = self.marked.len().min(self.rep_list().len().saturating_sub(1));
        }
        if !self.fields().contains(&self.focus) {
            self.focus = Field::Headcount;
        }
        self.unchecked = true;
        Ok(())
    }

    /// Has the service check what was typed, if anything was since it last did.
    pub fn settle(&mut self, desk: &dyn DeskApi) -> Result<bool> {
        if !self.unchecked {
            return Ok(false);
        }
        self.refresh(desk)?;
        Ok(true)
    }

    /// Recomputes errors and warnings for what the form holds now.
    pub fn refresh(&mut self, desk: &dyn DeskApi) -> Result<()> {
        self.unchecked = false;
        let (r, mut local) = self.registration(desk)?;
        let mut preview = desk.preview_registration(r)?;
        local.append(&mut preview.errors);
        preview.errors = local;
        self.preview = preview;
        Ok(())
    }


    /// The errors of one field, when errors are shown.
    pub fn errors_of(&self, f: Field) -> Vec<&FieldError> {
        if !self.show_errors {
            return Vec::new();
        }
        // A phone's problem is beside the phone typed, not both.
        let other_phone = match f {
            Field::Phone => Some(&self.phone2),
            Field::Phone2 => Some(&self.phone),
            _ => None,
        };
        self.preview
            .errors
            .iter()
            .filter(|e| f.service_fields().contains(&e.field))
            .filter(|e| match (&e.problem, other_phone) {
                (Problem::Phone { typed, .. }, Some(other)) => {
                    typed.trim() != other.text().trim() || self.phone.text() == self.phone2.text()
                }
                _ => true,
            })
            .collect()
    }

}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
