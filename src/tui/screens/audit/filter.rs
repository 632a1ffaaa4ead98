//! The audit screen's filter form: every field optional, every field text;
//! the ID number, the ledger number and the dates checked here where each problem can name its
//! field.

use crate::domain::{idnum, LedgerNo};
use crate::i18n::{admin_words, Lang};
use crate::service::audit::AuditFilter;
use crate::tui::widgets::input::TextInput;
use time::Date;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterField {
    Login,
    Petitioner,
    From,
    To,
    Matter,
}

/// The filter form: every field optional, every field text.
pub struct FilterForm {
    pub focus: usize,
    pub login: TextInput,
    pub petitioner: TextInput,
    /// A ledger number: entries about that matter.
    pub matter: TextInput,
    pub from: TextInput,
    pub to: TextInput,
    /// What is wrong with the filter, or why the service refused it.
    pub error: Option<String>,
}

impl FilterForm {
    pub const FIELDS: [FilterField; 5] = [
        FilterField::Login,
        FilterField::Petitioner,
        FilterField::From,
        FilterField::To,
        FilterField::Matter,
    ];

    /// A form holding the filter in force, to change rather than retype.
    pub fn new(f: &AuditFilter) -> FilterForm {
        let text = |s: Option<String>| TextInput::with(s.as_deref().unwrap_or_default());
        FilterForm {
            focus: 0,
            login: text(f.login.clone()),
            petitioner: text(f.petitioner.clone()),
            matter: text(f.matter.clone()),
            from: text(f.from.map(|d| d.to_string())),
            to: text(f.to.map(|d| d.to_string())),
            error: None,
        }
    }

    pub fn input(&self, f: FilterField) -> &TextInput {
        match f {
            FilterField::Login => &self.login,
            FilterField::Petitioner => &self.petitioner,
            FilterField::Matter => &self.matter,
            FilterField::From => &self.from,
            FilterField::To => &self.to,
        }
    }

    pub fn input_mut(&mut self) -> &mut TextInput {
        match FilterForm::FIELDS[self.focus] {
            FilterField::Login => &mut self.login,
            FilterField::Petitioner => &mut self.petitioner,
            FilterField::Matter => &mut self.matter,
            FilterField::From => &mut self.from,
            FilterField::To => &mut self.to,
        }
    }

    pub fn step(&mut self, by: isize) {
        let n = FilterForm::FIELDS.len() as isize;
        self.focus = (self.focus as isize + by).rem_euclid(n) as usize;
    }

    /// The filter typed, or what is wrong with it in `lang`. The ID number
    /// and the dates are checked here, where each problem can name its
    /// field; whether the login and the person are on file, the service says.
    pub fn filter(&self, lang: Lang, today: Date) -> std::result::Result<AuditFilter, String> {
        let w = admin_words(lang);
        let text = |t: &TextInput| Some(t.text().trim().to_string()).filter(|s| !s.is_empty());
        let date = |t: &TextInput, field: &str| match text(t) {
            None => Ok(None),
            Some(s) => Date::parse(
                &s,
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .map(Some)
            .map_err(|_| w.bad_date.replace("{field}", field).replace("{typed}", &s)),
        };
        let petitioner = text(&self.petitioner);
        if let Some(typed) = &petitioner {
            idnum::normalize(typed, today).map_err(|e| {
                format!(
                    "{}{}{}",
                    w.f_petitioner,
                    lang.text().colon,
                    lang.id_error(&e)
                )
            })?;
        }
        let matter = text(&self.matter);
        if let Some(typed) = &matter {
            if LedgerNo::parse(typed).is_none() {
                return Err(w.bad_ledger.replace("{typed}", typed));
            }
        }
        let (from, to) = (date(&self.from, w.f_from)?, date(&self.to, w.f_to)?);
        if matches!((from, to), (Some(f), Some(t)) if f > t) {
            return Err(w.dates_reversed.into());
        }
        Ok(AuditFilter {
            login: text(&self.login),
            petitioner,
            matter,
            from,
            to,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn form(fields: [&str; 5]) -> FilterForm {
        let mut f = FilterForm::new(&AuditFilter::default());
        for (i, text) in fields.iter().enumerate() {
            f.focus = i;
            f.input_mut().insert(text);
        }
        f
    }

    #[test]
    fn the_form_reads_an_empty_field_as_no_condition_and_words_each_problem() {
        let today = date!(2026 - 07 - 01);
        let all = form(["", "", "", "", ""]).filter(Lang::Zh, today).unwrap();
        assert_eq!(all, AuditFilter::default());
        let some = form([
            " lijun ",
            "１１０１０５１９４９１２３１００２x",
            "2026-06-01",
            "",
            " 2026-000077 ",
        ])
        .filter(Lang::Zh, today)
        .unwrap();
        assert_eq!(some.login.as_deref(), Some("lijun"));
        assert_eq!(some.matter.as_deref(), Some("2026-000077"));
        assert_eq!(some.from, Some(date!(2026 - 06 - 01)));
        let problems = [
            (
                ["", "", "2026-6-1", "", ""],
                "起始日期“2026-6-1”不是日期，格式为 YYYY-MM-DD",
            ),
            (["", "", "2026-07-02", "2026-07-01", ""], "起始日期晚于截止日期"),
            (
                ["", "", "", "", "77"],
                "事项编号“77”格式不对，应如 2026-000077",
            ),
            (
                ["", "1101051949", "", "", ""],
                "信访人身份证号：应为18位（旧证15位），现为10位",
            ),
        ];
        for (fields, want) in problems {
            assert_eq!(form(fields).filter(Lang::Zh, today), Err(want.into()));
        }
    }
}
