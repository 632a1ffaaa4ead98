//! The action form of the matter screen: one workflow action, the fields it
//! needs, and a confirmation before it is taken.

use crate::tui::widgets::input::TextInput;
use crate::domain::{Step, DeliveryMethod, MatterKind, Opinion, Satisfaction, Unit};
use crate::service::act::ActionInput;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActField {
    Unit,
    Reason,
    To,
    Days,
    Satisfaction,
    /// The kind an acceptance classifies the matter as.
    Kind,
    /// How a notice was delivered (送达方式).
    Method,
    /// Which notice was delivered; left empty, the current stage's reply or
    /// decision.
    Notice,
    /// A reply's opinion type; none until one is chosen.
    Opinion,
    /// A note; for a reply, its text.
    Note,
}

/// What each action asks for (docs/rules.md, Workflow): the fields the
/// workflow requires, then a note.
pub fn fields_of(action: Step) -> Vec<ActField> {
    use ActField as F;
    use Step as A;
    match action {
        A::Accept => vec![F::Kind, F::Unit, F::Note],
        A::Assign => vec![F::Unit, F::Note],
        A::Transfer => vec![F::Unit, F::Reason, F::Note],
        A::Reject => vec![F::Reason, F::Note],
        A::Forward | A::Redirect => vec![F::To, F::Note],
        A::Extend => vec![F::Days, F::Reason],
        A::Evaluate => vec![F::Satisfaction, F::Note],
        A::ReassignFirstReceiver => vec![F::To, F::Reason],
        A::Deliver => vec![F::Method, F::Notice, F::Note],
        A::Reply => vec![F::Opinion, F::Note],
        _ => vec![F::Note],
    }
}

pub struct ActionForm {
    pub action: Step,
    pub fields: Vec<ActField>,
    pub focus: usize,
    pub units: Vec<Unit>,
    pub unit: usize,
    pub satisfaction: Satisfaction,
    pub kind: MatterKind,
    pub method: DeliveryMethod,
    /// Chosen with ← and →; none at first, so a reply's opinion is a choice
    /// the clerk made.
    pub opinion: Option<Opinion>,
    pub notice: TextInput,
    /// The matter's notices not yet delivered, by number: a delivery's
    /// notice is chosen among them with ← and →, or typed.
    pub notice_choices: Vec<String>,
    pub reason: TextInput,
    pub to: TextInput,
    pub days: TextInput,
    pub note: TextInput,
    /// Asked "take this action?" and waiting for Enter.
    pub confirming: bool,
    /// Why the service refused, shown in the form.
    pub error: Option<String>,
}

impl ActionForm {
    pub fn new(action: Step, units: Vec<Unit>) -> ActionForm {
        ActionForm {
            action,
            fields: fields_of(action),
            focus: 0,
            units,
            unit: 0,
            satisfaction: Satisfaction::Satisfied,
            kind: MatterKind::Appeal,
            method: DeliveryMethod::InPerson,
            opinion: None,
            notice: TextInput::default(),
            notice_choices: Vec::new(),
            reason: TextInput::default(),
            to: TextInput::default(),
            days: TextInput::default(),
            note: TextInput::default(),
            confirming: false,
            error: None,
        }
    }

    /// A delivery's notice offered among these numbers, the first chosen.
    pub fn with_notices(mut self, numbers: Vec<String>) -> ActionForm {
        if let Some(first) = numbers.first() {
            self.notice = TextInput::with(first);
        }
        self.notice_choices = numbers;
        self
    }

    pub fn focused(&self) -> Option<ActField> {
        self.fields.get(self.focus).copied()
    }

    pub fn input(&self, f: ActField) -> Option<&TextInput> {
        Some(match f {
            ActField::Reason => &self.reason,
            ActField::To => &self.to,
            ActField::Days => &self.days,
            ActField::Notice => &self.notice,
            ActField::Note => &self.note,
            _ => return None,
        })
    }

    pub fn input_mut(&mut self) -> Option<&mut TextInput> {
        Some(match self.focused()? {
            ActField::Reason => &mut self.reason,
            ActField::To => &mut self.to,
            ActField::Days => &mut self.days,
            ActField::Notice => &mut self.notice,
            ActField::Note => &mut self.note,
            _ => return None,
        })
    }

    pub fn step(&mut self, by: isize) {
        let n = self.fields.len() as isize;
        self.focus = (self.focus as isize + by).rem_euclid(n.max(1)) as usize;
    }

    /// Left and Right: the caret, or the unit or satisfaction chosen.
    pub fn side(&mut self, by: isize) {
        if self.focused() == Some(ActField::Notice) && !self.notice_choices.is_empty() {
            let n = self.notice_choices.len() as isize;
            let at = self.notice_choices.iter().position(|c| c == self.notice.text());
            let i = at.map_or(0, |i| (i as isize + by).rem_euclid(n) as usize);
            self.notice = TextInput::with(&self.notice_choices[i]);
            return;
        }
        if let Some(input) = self.input_mut() {
            if by < 0 {
                input.left()
            } else {
                input.right()
            }
            return;
        }
        match self.focused() {
            Some(ActField::Unit) if !self.units.is_empty() => {
                let n = self.units.len() as isize;
                self.unit = (self.unit as isize + by).rem_euclid(n) as usize;
            }
            Some(ActField::Satisfaction) => {
                let all = Satisfaction::ALL;
                let i = all
                    .iter()
                    .position(|s| *s == self.satisfaction)
                    .unwrap_or(0) as isize;
                self.satisfaction = all[(i + by).rem_euclid(all.len() as isize) as usize];
            }
            Some(ActField::Kind) => {
                let all = MatterKind::ALL;
                let i = all.iter().position(|k| *k == self.kind).unwrap_or(0) as isize;
                self.kind = all[(i + by).rem_euclid(all.len() as isize) as usize];
            }
            Some(ActField::Method) => {
                let all = DeliveryMethod::ALL;
                let i = all.iter().position(|s| *s == self.method).unwrap_or(0) as isize;
                self.method = all[(i + by).rem_euclid(all.len() as isize) as usize];
            }
            Some(ActField::Opinion) => {
                let all = Opinion::ALL;
                let n = all.len() as isize;
                // From none, → takes the first and ← the last.
                let i = match self.opinion {
                    Some(o) => all.iter().position(|x| *x == o).unwrap_or(0) as isize + by,
                    None if by > 0 => 0,
                    None => n - 1,
                };
                self.opinion = Some(all[i.rem_euclid(n) as usize]);
            }
            _ => {}
        }
    }

    /// The service's input; a days field that is not a number is refused
    /// (the field named).
    pub fn input_for_service(&self) -> Result<ActionInput, ActField> {
        let text = |t: &TextInput| Some(t.text().trim().to_string()).filter(|s| !s.is_empty());
        let has = |f: ActField| self.fields.contains(&f);
        let days = if has(ActField::Days) {
            Some(
                self.days
                    .text()
                    .trim()
                    .parse::<u16>()
                    .map_err(|_| ActField::Days)?,
            )
        } else {
            None
        };
        Ok(ActionInput {
            action: self.action,
            reason: text(&self.reason).filter(|_| has(ActField::Reason)),
            note: text(&self.note).filter(|_| has(ActField::Note)),
            unit: has(ActField::Unit)
                .then(|| self.units.get(self.unit).map(|u| u.code.clone()))
                .flatten(),
            handler: None,
            days,
            satisfaction: has(ActField::Satisfaction).then_some(self.satisfaction),
            to: text(&self.to).filter(|_| has(ActField::To)),
            kind: has(ActField::Kind).then_some(self.kind),
            method: has(ActField::Method).then_some(self.method),
            notice: text(&self.notice).filter(|_| has(ActField::Notice)),
            opinion: self.opinion.filter(|_| has(ActField::Opinion)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_asks_for_what_the_workflow_needs() {
        use ActField as F;
        let cases = [
            (Step::Accept, vec![F::Kind, F::Unit, F::Note]),
            (Step::Redirect, vec![F::To, F::Note]),
            (Step::Transfer, vec![F::Unit, F::Reason, F::Note]),
            (Step::Reject, vec![F::Reason, F::Note]),
            (Step::Forward, vec![F::To, F::Note]),
            (Step::Extend, vec![F::Days, F::Reason]),
            (Step::Evaluate, vec![F::Satisfaction, F::Note]),
            (Step::ReassignFirstReceiver, vec![F::To, F::Reason]),
            (Step::Reply, vec![F::Opinion, F::Note]),
            (Step::Deliver, vec![F::Method, F::Notice, F::Note]),
            (Step::HearingStart, vec![F::Note]),
            (Step::HearingEnd, vec![F::Note]),
        ];
        for (a, want) in cases {
            assert_eq!(fields_of(a), want, "{a}");
        }
    }

    #[test]
    fn days_must_be_a_number() {
        let mut f = ActionForm::new(Step::Extend, vec![]);
        f.days.insert("三十");
        assert_eq!(f.input_for_service(), Err(ActField::Days));
        f.days = TextInput::with("30");
        f.reason.insert("案情复杂");
        let input = f.input_for_service().unwrap();
        assert_eq!(
            (input.days, input.reason.as_deref()),
            (Some(30), Some("案情复杂"))
        );
        assert_eq!(input.note, None, "extend asks for no note");
    }

    #[test]
    fn a_delivery_chooses_its_method_and_may_name_its_notice() {
        let mut f = ActionForm::new(Step::Deliver, vec![]);
        assert_eq!(f.focused(), Some(ActField::Method));
        f.side(1);
        let input = f.input_for_service().unwrap();
        assert_eq!(
            (input.method, input.notice),
            (Some(DeliveryMethod::Post), None),
            "an empty notice is the stage's"
        );
        f.step(1);
        f.input_mut().unwrap().insert("review_decision");
        assert_eq!(
            f.input_for_service().unwrap().notice.as_deref(),
            Some("review_decision")
        );
        f.side(-1);
        f.step(-1);
        f.side(-1);
        assert_eq!(
            f.input_for_service().unwrap().method,
            Some(DeliveryMethod::InPerson)
        );
    }

    #[test]
    fn a_delivery_offers_the_notices_not_delivered_by_number() {
        let numbers = vec!["清信受〔2026〕3号".to_string(), "清信回〔2026〕7号".to_string()];
        let mut f = ActionForm::new(Step::Deliver, vec![]).with_notices(numbers.clone());
        let notice = |f: &ActionForm| f.input_for_service().unwrap().notice;
        assert_eq!(notice(&f).as_deref(), Some(numbers[0].as_str()), "the first chosen");
        f.step(1);
        f.side(1);
        assert_eq!(notice(&f).as_deref(), Some(numbers[1].as_str()));
        f.side(1);
        assert_eq!(notice(&f).as_deref(), Some(numbers[0].as_str()), "round again");
    }

    #[test]
    fn a_reply_has_no_opinion_until_one_is_chosen() {
        let mut f = ActionForm::new(Step::Reply, vec![]);
        assert_eq!(f.focused(), Some(ActField::Opinion));
        assert_eq!(f.input_for_service().unwrap().opinion, None);
        f.side(-1);
        assert_eq!(f.opinion, Some(Opinion::NotSupported), "← from none: the last");
        f.side(1);
        assert_eq!(f.opinion, Some(Opinion::Support), "round to the first");
        f.side(1);
        f.step(1);
        f.input_mut().unwrap().insert("经核查，已责成补发");
        let input = f.input_for_service().unwrap();
        assert_eq!(
            (input.opinion, input.note.as_deref()),
            (Some(Opinion::Explain), Some("经核查，已责成补发"))
        );
        let other = ActionForm::new(Step::Close, vec![]);
        assert_eq!(other.input_for_service().unwrap().opinion, None);
    }
}
