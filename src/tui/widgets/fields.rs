//! A small form in a box over a screen, made of fields of three kinds:
//! typed text, one choice among several (←/→), and any number chosen among
//! several (←/→ move, Space chooses or drops). Tab and the arrows go from
//! field to field, Enter on the last field or Ctrl-S submits, Esc leaves.
//! What went wrong stays in the form until the next key.

use super::fit_text;
use super::input::{edit, TextInput};
use super::popup::{form_box, form_last_line, FormRow};
use crate::tui::action::Action;
use crate::tui::effect::Msg;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// A value and what the form shows for it.
pub type Labelled = (String, String);

pub enum Field {
    Text(TextInput),
    /// One of `options`; `at` is the one chosen.
    Choice {
        options: Vec<Labelled>,
        at: usize,
    },
    /// Any of `options`; `at` is the one under the cursor.
    Pick {
        options: Vec<Labelled>,
        at: usize,
        chosen: Vec<bool>,
    },
}

impl Field {
    pub fn text(s: &str) -> Field {
        Field::Text(TextInput::with(s))
    }

    /// A choice starting at the option whose value is `value`, else the first.
    pub fn choice(options: Vec<Labelled>, value: Option<&str>) -> Field {
        let at = value
            .and_then(|v| options.iter().position(|(o, _)| o == v))
            .unwrap_or(0);
        Field::Choice { options, at }
    }

    /// A pick with the options whose values are in `values` chosen.
    pub fn pick(options: Vec<Labelled>, values: &[String]) -> Field {
        let chosen = options.iter().map(|(o, _)| values.contains(o)).collect();
        Field::Pick {
            options,
            at: 0,
            chosen,
        }
    }
}

/// What a key did to the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    /// Esc: the form is left, nothing saved.
    Cancel,
    /// Enter on the last field, or Ctrl-S: the screen saves it.
    Submit,
}

pub struct Form {
    pub title: String,
    pub labels: Vec<&'static str>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Why the form was not saved, in the desk's language.
    pub error: Option<String>,
    /// The keys, shown under the fields.
    pub keys: &'static str,
}

impl Form {
    pub fn new(title: String, rows: Vec<(&'static str, Field)>, keys: &'static str) -> Form {
        let (labels, fields) = rows.into_iter().unzip();
        Form {
            title,
            labels,
            fields,
            focus: 0,
            error: None,
            keys,
        }
    }

    /// The text of field `i` (empty for a choice).
    pub fn text(&self, i: usize) -> &str {
        match self.fields.get(i) {
            Some(Field::Text(t)) => t.text().trim(),
            _ => "",
        }
    }

    /// The value chosen in field `i`.
    pub fn chosen(&self, i: usize) -> Option<&str> {
        match self.fields.get(i) {
            Some(Field::Choice { options, at }) => options.get(*at).map(|(v, _)| v.as_str()),
            _ => None,
        }
    }

    /// The values picked in field `i`, in the options' order.
    pub fn picked(&self, i: usize) -> Vec<String> {
        match self.fields.get(i) {
            Some(Field::Pick {
                options, chosen, ..
            }) => options
                .iter()
                .zip(chosen)
                .filter(|(_, c)| **c)
                .map(|((v, _), _)| v.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    fn step(&mut self, by: isize) {
        let n = self.fields.len().max(1) as isize;
        self.focus = (self.focus as isize + by).rem_euclid(n) as usize;
    }

    /// One key or typed text.
    pub fn key(&mut self, msg: &Msg) -> Outcome {
        self.error = None;
        let last = self.focus + 1 >= self.fields.len();
        match msg {
            Msg::Action(Action::Back) => return Outcome::Cancel,
            Msg::Action(Action::Save) => return Outcome::Submit,
            Msg::Action(Action::Open) if last => return Outcome::Submit,
            Msg::Action(Action::Open | Action::NextField | Action::Down) => self.step(1),
            Msg::Action(Action::PrevField | Action::Up) => self.step(-1),
            _ => self.field_key(msg),
        }
        Outcome::Stay
    }

    /// A key for the focused field: typing, or ←/→ and Space on a choice.
    fn field_key(&mut self, msg: &Msg) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        let by = match msg {
            Msg::Left => -1,
            Msg::Right => 1,
            _ => 0,
        };
        let turn = |i: usize, n: usize| (i as isize + by).rem_euclid(n.max(1) as isize) as usize;
        match field {
            Field::Text(t) => {
                edit(Some(t), msg);
            }
            Field::Choice { options, at } => *at = turn(*at, options.len()),
            Field::Pick {
                options,
                at,
                chosen,
            } => {
                if matches!(msg, Msg::Text(s) if s == " ") {
                    if let Some(c) = chosen.get_mut(*at) {
                        *c = !*c;
                    }
                } else {
                    *at = turn(*at, options.len());
                }
            }
        }
    }

    /// Draws the form over `area`.
    pub fn draw(&self, f: &mut Frame, area: Rect, theme: &Theme) {
        let label_width = self.labels.iter().map(|l| l.width()).max().unwrap_or(0);
        // The box's inner width, less the label and its space.
        let room = 62usize.min(usize::from(area.width).saturating_sub(2)) - label_width - 1;
        let rows: Vec<FormRow> = self
            .fields
            .iter()
            .zip(&self.labels)
            .enumerate()
            .map(|(i, (field, label))| {
                let focused = i == self.focus;
                let (value, caret) = shown(field, focused, room);
                FormRow {
                    label,
                    value,
                    focused,
                    caret,
                }
            })
            .collect();
        let last = form_last_line(None, self.error.as_deref(), self.keys, theme);
        form_box(f, area, &self.title, (&rows, label_width), last, theme);
    }
}

/// What a field shows in `room` columns, and the caret for a focused text.
fn shown(field: &Field, focused: bool, room: usize) -> (String, Option<u16>) {
    match field {
        Field::Text(t) => (t.text().to_string(), focused.then(|| t.caret_column())),
        Field::Choice { options, at } => {
            let label = options.get(*at).map_or("", |(_, l)| l.as_str());
            (
                format!("‹ {} ›", fit_text(label, room.saturating_sub(4))),
                None,
            )
        }
        Field::Pick {
            options,
            at,
            chosen,
        } => {
            let under = options.get(*at).map_or("", |(_, l)| l.as_str());
            let mark = if chosen.get(*at).copied().unwrap_or(false) {
                "✓"
            } else {
                " "
            };
            let all: Vec<&str> = options
                .iter()
                .zip(chosen)
                .filter(|(_, c)| **c)
                .map(|((_, l), _)| l.as_str())
                .collect();
            let head = format!("‹ {mark}{} ›", fit_text(under, 14));
            let rest = room.saturating_sub(head.width() + 1);
            (format!("{head} {}", fit_text(&all.join(" "), rest)), None)
        }
    }
}

/// A day typed as `2026-07-01`.
pub fn parse_date(s: &str) -> Option<time::Date> {
    time::Date::parse(
        s.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(codes: &[&str]) -> Vec<Labelled> {
        codes
            .iter()
            .map(|c| (c.to_string(), c.to_uppercase()))
            .collect()
    }

    fn form() -> Form {
        Form::new(
            "t".into(),
            vec![
                ("a", Field::text("x")),
                ("b", Field::choice(options(&["p", "q"]), Some("q"))),
                ("c", Field::pick(options(&["u", "v", "w"]), &["w".into()])),
            ],
            "",
        )
    }

    #[test]
    fn arrows_turn_a_choice_round_and_space_picks_under_the_cursor() {
        let mut f = form();
        assert_eq!(f.chosen(1), Some("q"), "starts at the value given");
        f.key(&Msg::Action(Action::NextField));
        f.key(&Msg::Right);
        assert_eq!(f.chosen(1), Some("p"), "past the last, the first");
        f.key(&Msg::Action(Action::NextField));
        f.key(&Msg::Text(" ".into()));
        f.key(&Msg::Right);
        f.key(&Msg::Right);
        f.key(&Msg::Text(" ".into()));
        assert_eq!(f.picked(2), ["u".to_string()], "u chosen, w dropped");
    }

    #[test]
    fn enter_goes_to_the_next_field_and_submits_on_the_last() {
        let mut f = form();
        f.key(&Msg::Text("y".into()));
        assert_eq!(f.text(0), "xy");
        assert_eq!(f.key(&Msg::Action(Action::Open)), Outcome::Stay);
        assert_eq!(f.key(&Msg::Action(Action::Open)), Outcome::Stay);
        assert_eq!(f.key(&Msg::Action(Action::Open)), Outcome::Submit);
        assert_eq!(f.key(&Msg::Action(Action::Save)), Outcome::Submit);
        assert_eq!(f.key(&Msg::Action(Action::Back)), Outcome::Cancel);
    }

    #[test]
    fn a_typed_date_is_read_and_anything_else_is_not() {
        assert_eq!(
            parse_date(" 2026-07-01 "),
            Some(time::macros::date!(2026 - 07 - 01))
        );
        assert_eq!(parse_date("2026-7-1"), None);
        assert_eq!(parse_date("0701"), None);
    }
}
