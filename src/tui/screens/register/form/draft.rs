//! The form as a draft and back: what was typed, kept when typing pauses so
//! nothing is lost to a dropped session.

use super::field::{Field, CHOSEN, MARKED};
use super::*;

impl RegisterForm {
    /// The form's fields by name, for a draft.
    pub fn to_draft(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Field::ALL
            .iter()
            .map(|f| (f.key().to_string(), self.draft_value(*f)))
            .collect();
        let chosen = self.chosen.as_ref().map(|f| f.id.to_string());
        out.push((CHOSEN.into(), chosen.unwrap_or_default()));
        let marked: Vec<String> = self.marked.iter().map(|f| f.id.to_string()).collect();
        out.push((MARKED.into(), marked.join(",")));
        out
    }

    /// What `field` holds, as its draft keeps it: a code or the text typed.
    fn draft_value(&self, field: Field) -> String {
        match field {
            Field::Channel => self.channel.code().into(),
            Field::Level => self.level.code().into(),
            Field::Jurisdiction => self.jurisdiction.code().into(),
            Field::Town => self.town_code().unwrap_or_default().into(),
            Field::MatterTown => self.matter_town_code().unwrap_or_default().into(),
            Field::Correct => self.correct.to_string(),
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
        self.phone2 = TextInput::with(get(Field::Phone2));
        self.address = TextInput::with(get(Field::Address));
        self.town = self.towns.iter().position(|t| t.code == get(Field::Town));
        self.matter_town = self.towns.iter().position(|t| t.code == get(Field::MatterTown));
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
        for id in value(MARKED).split(',').filter_map(|n| n.parse::<u64>().ok()) {
            if let Some(found) = desk.found(id)? {
                self.marked.push(found);
            }
        }
        // What was typed to find a representative (in older drafts, their
        // ID numbers) is looked up again, to be marked.
        let typed = self.representatives.text().trim().to_string();
        if !typed.is_empty() {
            self.rep_candidates = desk.lookup(typed, CANDIDATES)?;
        }
        if let Ok(id) = value(CHOSEN).parse::<u64>() {
            if let Some(found) = desk.found(id)? {
                self.on_file = desk.person_details(found.id)?;
                self.correct = get(Field::Correct) == "true";
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
