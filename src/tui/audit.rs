//! The audit trail on the desk (F7), for supervisors and admins: newest entry
//! first, filtered by who, by petitioner and by local dates through a small
//! form whose problems and refusals are shown in it.

use super::action::Action;
use super::input::TextInput;
use super::model::{Model, Screen};
use super::popup::Popup;
use crate::domain::{idnum, AuditEntry};
use crate::i18n::{admin_words, Lang};
use crate::service::audit::AuditFilter;
use crate::service::{DeskApi, Result};
use time::{Date, UtcOffset};

/// Most entries the screen holds: the newest, the rest counted. A narrower
/// filter finds older ones.
pub const AUDIT_LIMIT: usize = 1000;

pub struct AuditState {
    pub filter: AuditFilter,
    /// Newest first, at most `AUDIT_LIMIT`.
    pub entries: Vec<AuditEntry>,
    /// How many entries the filter selects in all.
    pub total: usize,
    pub selected: usize,
    /// The desk's time zone: times read as the office's clock showed them.
    pub tz: UtcOffset,
}

impl AuditState {
    pub fn new(tz: UtcOffset) -> AuditState {
        AuditState {
            filter: AuditFilter::default(),
            entries: Vec::new(),
            total: 0,
            selected: 0,
            tz,
        }
    }

    /// Asks the service for the entries `filter` selects and keeps them,
    /// newest first. On a refusal or error nothing changes.
    fn load(&mut self, desk: &dyn DeskApi, filter: AuditFilter) -> Result<()> {
        let page = desk.audit_query(filter.clone(), AUDIT_LIMIT)?;
        self.total = page.total;
        self.entries = page.rows.into_iter().rev().collect();
        self.filter = filter;
        self.selected = 0;
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterField {
    Login,
    Petitioner,
    From,
    To,
}

/// The filter form: every field optional, every field text.
pub struct FilterForm {
    pub focus: usize,
    pub login: TextInput,
    pub petitioner: TextInput,
    pub from: TextInput,
    pub to: TextInput,
    /// What is wrong with the filter, or why the service refused it.
    pub error: Option<String>,
}

impl FilterForm {
    pub const FIELDS: [FilterField; 4] = [
        FilterField::Login,
        FilterField::Petitioner,
        FilterField::From,
        FilterField::To,
    ];

    /// A form holding the filter in force, to change rather than retype.
    pub fn new(f: &AuditFilter) -> FilterForm {
        let text = |s: Option<String>| TextInput::with(s.as_deref().unwrap_or_default());
        FilterForm {
            focus: 0,
            login: text(f.login.clone()),
            petitioner: text(f.petitioner.clone()),
            from: text(f.from.map(|d| d.to_string())),
            to: text(f.to.map(|d| d.to_string())),
            error: None,
        }
    }

    pub fn input(&self, f: FilterField) -> &TextInput {
        match f {
            FilterField::Login => &self.login,
            FilterField::Petitioner => &self.petitioner,
            FilterField::From => &self.from,
            FilterField::To => &self.to,
        }
    }

    pub fn input_mut(&mut self) -> &mut TextInput {
        match FilterForm::FIELDS[self.focus] {
            FilterField::Login => &mut self.login,
            FilterField::Petitioner => &mut self.petitioner,
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
        let (from, to) = (date(&self.from, w.f_from)?, date(&self.to, w.f_to)?);
        if matches!((from, to), (Some(f), Some(t)) if f > t) {
            return Err(w.dates_reversed.into());
        }
        Ok(AuditFilter {
            login: text(&self.login),
            petitioner,
            from,
            to,
        })
    }
}

/// Opens F7 on the filter in force; a role that may not read the trail is
/// told so by the service's refusal, in the desk's language.
pub fn open(model: &mut Model, desk: &dyn DeskApi) -> Result<()> {
    let filter = model.audit.filter.clone();
    match model.audit.load(desk, filter) {
        Ok(()) => model.push(Screen::Audit),
        Err(e) => model.status = Some(model.lang.error(&e)),
    }
    Ok(())
}

/// Keys on the audit screen; false when the key is not the screen's own.
pub fn act(model: &mut Model, a: Action, _desk: &dyn DeskApi) -> Result<bool> {
    let s = &mut model.audit;
    let last = s.entries.len().saturating_sub(1);
    s.selected = match a {
        Action::AuditFilter => {
            model.popup = Some(Popup::AuditFilter(FilterForm::new(&s.filter)));
            return Ok(true);
        }
        Action::Up => s.selected.saturating_sub(1),
        Action::Down => (s.selected + 1).min(last),
        Action::PageUp => s.selected.saturating_sub(10),
        Action::PageDown => (s.selected + 10).min(last),
        Action::First => 0,
        Action::Last => last,
        _ => return Ok(false),
    };
    Ok(true)
}

/// Keys of the filter form. Enter or Ctrl-S searches at once: every field is
/// optional. Returns the form while it stays open.
pub fn form_key(
    model: &mut Model,
    mut f: FilterForm,
    a: Action,
    desk: &dyn DeskApi,
) -> Result<Option<FilterForm>> {
    match a {
        Action::Back => return Ok(None),
        Action::NextField | Action::Down => f.step(1),
        Action::PrevField | Action::Up => f.step(-1),
        Action::Open | Action::Save => {
            let filter = f.filter(model.lang, model.today);
            match filter.map(|filter| model.audit.load(desk, filter)) {
                Ok(Ok(())) => return Ok(None),
                Ok(Err(e)) => f.error = Some(model.lang.error(&e)),
                Err(problem) => f.error = Some(problem),
            }
        }
        _ => {}
    }
    Ok(Some(f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn form(fields: [&str; 4]) -> FilterForm {
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
        let all = form(["", "", "", ""]).filter(Lang::Zh, today).unwrap();
        assert_eq!(all, AuditFilter::default());
        let some = form([
            " lijun ",
            "１１０１０５１９４９１２３１００２x",
            "2026-06-01",
            "",
        ])
        .filter(Lang::Zh, today)
        .unwrap();
        assert_eq!(some.login.as_deref(), Some("lijun"));
        assert_eq!(some.from, Some(date!(2026 - 06 - 01)));
        let problems = [
            (
                ["", "", "2026-6-1", ""],
                "起始日期“2026-6-1”不是日期，格式为 YYYY-MM-DD",
            ),
            (["", "", "2026-07-02", "2026-07-01"], "起始日期晚于截止日期"),
            (
                ["", "1101051949", "", ""],
                "信访人身份证号：应为18位（旧证15位），现为10位",
            ),
        ];
        for (fields, want) in problems {
            assert_eq!(form(fields).filter(Lang::Zh, today), Err(want.into()));
        }
    }
}
