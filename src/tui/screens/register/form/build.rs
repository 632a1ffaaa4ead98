//! The form as the service's `Registration`, with the problems found while
//! reading it (a malformed time, a representative not marked).

use super::*;

impl RegisterForm {
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
            representatives = self.marked.iter().map(|f| f.id).collect();
            // A name typed and left unmarked would be lost unseen.
            let typed = self.representatives.text().trim();
            let marked = |c: &Found| self.marked.iter().any(|x| x.id == c.id);
            if !typed.is_empty() && !self.rep_candidates.iter().any(marked) {
                let problem = if self.rep_candidates.is_empty() {
                    Problem::NoOneFound(typed.to_string())
                } else {
                    Problem::NotPicked(typed.to_string())
                };
                errors.push(FieldError {
                    field: FormField::Representatives,
                    problem,
                });
            }
        }
        let typed = |i: &TextInput| Some(i.text().trim().to_string()).filter(|s| !s.is_empty());
        let (person, correction) = match &self.chosen {
            Some(f) => (
                Person::Existing(f.id),
                self.correct.then(|| Correction {
                    phones: vec![typed(&self.phone), typed(&self.phone2)],
                    town: self.town_code().map(str::to_string),
                    village: self.village.clone(),
                    address: typed(&self.address),
                }),
            ),
            None => (
                Person::New(NewPetitioner {
                    name: self.person.text().to_string(),
                    id_number: self.id_number.text().to_string(),
                    phones: vec![self.phone.text().to_string(), self.phone2.text().to_string()],
                    town: self.town_code().map(str::to_string),
                    village: self.village.clone(),
                    address: typed(&self.address),
                }),
                None,
            ),
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
                town: self.matter_town_code().map(str::to_string),
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
            correction,
        };
        Ok((r, errors))
    }
}
