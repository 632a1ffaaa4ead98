//! The registration form (F2): its fields, what keys do to them, and how it
//! becomes a `Registration` for the service. Drawing is in `form_draw`.

use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::records::{show_time, TIME_FORMAT};
use crate::domain::{Category, Channel, LedgerNo, Level, Matter, Town, Ts, Village};
use crate::service::lookup::Found;
use crate::service::register::{
    FieldError, FormField, MatterChoice, NewMatter, NewPetitioner, Person, Preview, Problem, Registration,
};
use crate::service::{DeskApi, Result};
use time::{PrimitiveDateTime, UtcOffset};

/// Candidates shown while the petitioner is being found.
pub const CANDIDATES: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Channel,
    At,
    Level,
    Headcount,
    Person,
    IdNumber,
    Phone,
    Town,
    Village,
    Matter,
    Category,
    Jurisdiction,
    Summary,
    LetterNo,
    Representatives,
    Abnormal,
}

/// The draft's key for the person chosen from the candidates.
const CHOSEN: &str = "chosen";

impl Field {
    pub const ALL: [Field; 16] = [
        Field::Channel,
        Field::At,
        Field::Level,
        Field::Headcount,
        Field::Person,
        Field::IdNumber,
        Field::Phone,
        Field::Town,
        Field::Village,
        Field::Matter,
        Field::Category,
        Field::Jurisdiction,
        Field::Summary,
        Field::LetterNo,
        Field::Representatives,
        Field::Abnormal,
    ];

    /// The field's key in a saved draft (kept across versions: a draft
    /// outlives the desk that wrote it).
    pub fn key(self) -> &'static str {
        match self {
            Field::Channel => "channel",
            Field::At => "at",
            Field::Level => "level",
            Field::Headcount => "headcount",
            Field::Person => "person",
            Field::IdNumber => "id_number",
            Field::Phone => "phone",
            Field::Town => "town",
            Field::Village => "village",
            Field::Matter => "matter",
            Field::Category => "category",
            Field::Jurisdiction => "jurisdiction",
            Field::Summary => "summary",
            Field::LetterNo => "letter_no",
            Field::Representatives => "representatives",
            Field::Abnormal => "abnormal",
        }
    }

    /// The service's fields whose problems are shown beside this one.
    pub fn service_fields(self) -> &'static [FormField] {
        match self {
            Field::At => &[FormField::At],
            Field::Headcount => &[FormField::Headcount],
            Field::Person => &[FormField::Name, FormField::Petitioner],
            Field::IdNumber => &[FormField::IdNumber],
            Field::Phone => &[FormField::Phones],
            Field::Town => &[FormField::Town],
            Field::Village => &[FormField::Village],
            Field::Matter => &[FormField::Matter],
            Field::Category => &[FormField::Category],
            Field::Summary => &[FormField::Summary],
            Field::LetterNo => &[FormField::LetterNo],
            Field::Representatives => &[FormField::Representatives],
            Field::Channel | Field::Level | Field::Jurisdiction | Field::Abnormal => &[],
        }
    }

    pub fn is_choice(self) -> bool {
        matches!(
            self,
            Field::Channel
                | Field::Level
                | Field::Town
                | Field::Village
                | Field::Matter
                | Field::Category
                | Field::Jurisdiction
                | Field::Abnormal
        )
    }
}

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
    /// Index into `towns`, or `None`.
    pub town: Option<usize>,
    /// The village's code, one of the chosen town's (so 零访村 are credited).
    pub village: Option<String>,
    /// The chosen person's open matters, offered as repeats.
    pub repeats: Vec<Matter>,
    /// `None` is a new matter; else an index into `repeats`.
    pub matter: Option<usize>,
    pub category: usize,
    pub jurisdiction: Level,
    pub summary: TextInput,
    pub letter_no: TextInput,
    /// ID numbers of the other representatives, separated by commas.
    pub representatives: TextInput,
    pub abnormal: bool,
    pub towns: Vec<Town>,
    pub villages: Vec<Village>,
    pub categories: Vec<Category>,
    pub tz: UtcOffset,
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
            town: None,
            village: None,
            repeats: Vec::new(),
            matter: None,
            category: 0,
            jurisdiction: Level::County,
            summary: TextInput::default(),
            letter_no: TextInput::default(),
            representatives: TextInput::default(),
            abnormal: false,
            towns: desk.towns()?,
            villages: desk.villages()?,
            categories: desk.categories()?,
            tz,
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
        if self.chosen.is_none() {
            f.extend([Field::IdNumber, Field::Phone, Field::Town]);
            if !self.town_villages().is_empty() {
                f.push(Field::Village);
            }
        }
        f.push(Field::Matter);
        if self.matter.is_none() {
            f.extend([Field::Category, Field::Jurisdiction]);
        }
        f.push(Field::Summary);
        if self.channel == Channel::Letter {
            f.push(Field::LetterNo);
        }
        if self.headcount_value().is_some_and(|n| n >= 5) {
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
        self.focus == Field::Person && self.chosen.is_none() && !self.candidates.is_empty()
    }

    fn touched(&mut self) {
        self.changed = true;
        self.draft_dirty = true;
    }

    /// Typed or pasted text for the focused field; choice fields ignore it.
    pub fn type_text(&mut self, s: &str, desk: &dyn DeskApi) -> Result<()> {
        let focus = self.focus;
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

    /// Up and Down on the person field pick a candidate.
    pub fn pick(&mut self, by: isize) {
        let n = self.candidates.len().max(1) as isize;
        self.candidate = (self.candidate as isize + by).clamp(0, n - 1) as usize;
    }

    /// Takes the highlighted candidate as the person; their open matters are
    /// offered as repeats (same category first), the first one preselected.
    pub fn choose(&mut self, desk: &dyn DeskApi) -> Result<()> {
        if let Some(found) = self.candidates.get(self.candidate).cloned() {
            self.person = TextInput::with(&found.name);
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
            }
            self.candidates = desk.lookup(self.person.text().to_string(), CANDIDATES)?;
            self.candidate = 0;
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

    /// The form as the service's registration, with the errors found while
    /// reading it (a malformed time, a headcount that is not a number…).
    pub fn registration(&self, desk: &dyn DeskApi) -> Result<(Registration, Vec<FieldError>)> {
        let mut errors = Vec::new();
        let at = parse_time(self.at.text(), self.tz);
        if at.is_none() {
            errors.push(FieldError {
                field: FormField::At,
                problem: Problem::TimeFormat,
            });
        }
        let headcount = self.headcount_value().unwrap_or(0);
        let mut representatives = Vec::new();
        if self.fields().contains(&Field::Representatives) {
            for typed in self.representatives.text().split([',', '，', ' ']) {
                if typed.trim().is_empty() {
                    continue;
                }
                let number = crate::domain::idnum::normalize(typed, desk.today())
                    .map(|id| id.number)
                    .unwrap_or_else(|_| typed.trim().to_string());
                match desk.petitioner_with_id_number(number)? {
                    Some(id) => representatives.push(id),
                    None => errors.push(FieldError {
                        field: FormField::Representatives,
                        problem: Problem::NotOnFile(typed.trim().to_string()),
                    }),
                }
            }
        }
        let person = match &self.chosen {
            Some(f) => Person::Existing(f.id),
            None => Person::New(NewPetitioner {
                name: self.person.text().to_string(),
                id_number: self.id_number.text().to_string(),
                phones: vec![self.phone.text().to_string()],
                town: self.town_code().map(str::to_string),
                village: self.village.clone(),
                address: None,
            }),
        };
        let matter = match self.matter.and_then(|i| self.repeats.get(i)) {
            Some(m) => MatterChoice::Existing(m.ledger),
            None => MatterChoice::New(NewMatter {
                category: self
                    .categories
                    .get(self.category)
                    .map(|c| c.code.clone())
                    .unwrap_or_default(),
                summary: self.summary.text().to_string(),
                town: self
                    .town
                    .and_then(|i| self.towns.get(i))
                    .map(|t| t.code.clone()),
                jurisdiction: self.jurisdiction,
            }),
        };
        let r = Registration {
            at: Some(at.unwrap_or_else(|| desk.now())),
            channel: self.channel,
            level: self.level,
            headcount,
            person,
            representatives,
            letter_no: (self.channel == Channel::Letter).then(|| self.letter_no.text().to_string()),
            matter,
            summary: self.summary.text().to_string(),
            abnormal: self.abnormal,
        };
        Ok((r, errors))
    }

    /// The errors of one field, when errors are shown.
    pub fn errors_of(&self, f: Field) -> Vec<&FieldError> {
        if !self.show_errors {
            return Vec::new();
        }
        self.preview
            .errors
            .iter()
            .filter(|e| f.service_fields().contains(&e.field))
            .collect()
    }

    /// The form's fields by name, for a draft.
    pub fn to_draft(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Field::ALL
            .iter()
            .map(|f| (f.key().to_string(), self.draft_value(*f)))
            .collect();
        let chosen = self.chosen.as_ref().map(|f| f.id.to_string());
        out.push((CHOSEN.into(), chosen.unwrap_or_default()));
        out
    }

    /// What `field` holds, as its draft keeps it: a code or the text typed.
    fn draft_value(&self, field: Field) -> String {
        match field {
            Field::Channel => self.channel.code().into(),
            Field::Level => self.level.code().into(),
            Field::Jurisdiction => self.jurisdiction.code().into(),
            Field::Town => self.town_code().unwrap_or_default().into(),
            Field::Village => self.village.clone().unwrap_or_default(),
            Field::Matter => self
                .matter
                .and_then(|i| self.repeats.get(i))
                .map(|m| m.ledger.to_string())
                .unwrap_or_default(),
            Field::Category => self
                .categories
                .get(self.category)
                .map(|c| c.code.clone())
                .unwrap_or_default(),
            Field::Abnormal => self.abnormal.to_string(),
            text => self.input(text).map(|i| i.text().to_string()).unwrap_or_default(),
        }
    }

    /// Refills the form from a draft; unknown or stale values are skipped.
    pub fn restore(&mut self, fields: &[(String, String)], desk: &dyn DeskApi) -> Result<()> {
        let value = |k: &str| {
            fields
                .iter()
                .find(|(n, _)| n == k)
                .map_or("", |(_, v)| v.as_str())
        };
        let get = |f: Field| value(f.key());
        self.channel = Channel::from_code(get(Field::Channel)).unwrap_or(self.channel);
        if !get(Field::At).is_empty() {
            self.at = TextInput::with(get(Field::At));
        }
        self.level = Level::from_code(get(Field::Level)).unwrap_or(self.level);
        self.headcount = TextInput::with(get(Field::Headcount));
        self.person = TextInput::with(get(Field::Person));
        self.id_number = TextInput::with(get(Field::IdNumber));
        self.phone = TextInput::with(get(Field::Phone));
        self.town = self.towns.iter().position(|t| t.code == get(Field::Town));
        self.village = Some(get(Field::Village).to_string())
            .filter(|code| self.town_villages().iter().any(|v| v.code == *code));
        if let Some(i) = self
            .categories
            .iter()
            .position(|c| c.code == get(Field::Category))
        {
            self.category = i;
        }
        self.jurisdiction = Level::from_code(get(Field::Jurisdiction)).unwrap_or(self.jurisdiction);
        self.summary = TextInput::with(get(Field::Summary));
        self.letter_no = TextInput::with(get(Field::LetterNo));
        self.representatives = TextInput::with(get(Field::Representatives));
        self.abnormal = get(Field::Abnormal) == "true";
        if let Ok(id) = value(CHOSEN).parse::<u64>() {
            if let Some(found) = desk.found(id)? {
                self.chosen = Some(found);
                self.offer_repeats(desk)?;
                let ledger = LedgerNo::parse(get(Field::Matter));
                self.matter = ledger.and_then(|l| self.repeats.iter().position(|m| m.ledger == l));
            }
        }
        self.changed = true;
        self.refresh(desk)
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
