//! Drawing the audit trail (F7) with its filter form, and the staff list
//! (F8) with its forms.

use super::admin::{StaffChange, StaffField, StaffForm};
use super::audit::{FilterField, FilterForm};
use super::draw::selectable;
use super::draw_popup::{form_box, form_last_line, FormRow};
use super::model::Model;
use super::theme::Theme;
use crate::domain::text::escape_controls;
use crate::i18n::admin_words;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// The filter in force, then the entries newest first.
pub fn audit(f: &mut Frame, m: &Model, area: Rect, theme: &Theme) {
    let t = m.lang.text();
    let w = admin_words(m.lang);
    let s = &m.audit;
    let [head, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let flt = &s.filter;
    let mut parts = Vec::new();
    if let Some(l) = &flt.login {
        parts.push(format!("{} {l}", t.login));
    }
    if let Some(p) = &flt.petitioner {
        parts.push(format!("{} {p}", w.f_petitioner));
    }
    if let Some(d) = flt.from {
        parts.push(format!("{} {d}", w.f_from));
    }
    if let Some(d) = flt.to {
        parts.push(format!("{} {d}", w.f_to));
    }
    let shown = if parts.is_empty() {
        w.no_filter.to_string()
    } else {
        parts.join("  ")
    };
    f.render_widget(
        Line::from(vec![
            Span::styled(format!("{}{}", t.filter, t.colon), theme.dim()),
            Span::raw(shown),
        ]),
        head,
    );
    let title = if s.total > s.entries.len() {
        let newest = w
            .newest_of
            .replace("{shown}", &s.entries.len().to_string())
            .replace("{total}", &s.total.to_string());
        format!("{} ({newest})", w.screen_audit)
    } else {
        format!("{} ({})", w.screen_audit, s.total)
    };
    let rows: Vec<Vec<String>> = s
        .entries
        .iter()
        .map(|e| {
            vec![
                super::form::show_time(e.at, s.tz),
                e.by.clone(),
                escape_controls(&e.record),
                escape_controls(&e.what),
            ]
        })
        .collect();
    let columns = [
        (t.time, Constraint::Length(16)),
        (t.by, Constraint::Length(10)),
        (t.record, Constraint::Length(18)),
        (t.what, Constraint::Min(10)),
    ];
    selectable(f, rows, &columns, &title, (s.selected, table), theme);
}

pub fn filter_form(f: &mut Frame, m: &Model, form: &FilterForm, area: Rect, theme: &Theme) {
    let t = m.lang.text();
    let w = admin_words(m.lang);
    let rows: Vec<FormRow> = FilterForm::FIELDS
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let input = form.input(*field);
            let focused = i == form.focus;
            FormRow {
                label: match field {
                    FilterField::Login => t.login,
                    FilterField::Petitioner => w.f_petitioner,
                    FilterField::From => w.f_from,
                    FilterField::To => w.f_to,
                },
                value: input.text().to_string(),
                focused,
                caret: focused.then(|| input.caret_column()),
            }
        })
        .collect();
    let last = form_last_line(None, form.error.as_deref(), w.filter_keys, theme);
    form_box(f, area, w.filter_title, (&rows, 14), last, theme);
}

/// Everyone on the staff list, disabled logins too.
pub fn staff(f: &mut Frame, m: &Model, area: Rect, theme: &Theme) {
    let t = m.lang.text();
    let w = admin_words(m.lang);
    let s = &m.staff;
    let unit_name = |code: &str| {
        let name = s
            .units
            .iter()
            .find(|u| u.code == code)
            .map(|u| u.name.as_str());
        format!("{code} {}", name.unwrap_or_default())
    };
    let rows: Vec<Vec<String>> = s
        .list
        .iter()
        .map(|x| {
            vec![
                x.login.clone(),
                x.name.clone(),
                m.lang.role(x.role).to_string(),
                x.unit.as_deref().map(unit_name).unwrap_or_default(),
                if x.disabled {
                    t.login_disabled
                } else {
                    t.login_active
                }
                .to_string(),
            ]
        })
        .collect();
    let columns = [
        (t.login, Constraint::Length(12)),
        (t.name, Constraint::Length(10)),
        (t.role, Constraint::Length(12)),
        (t.a_unit, Constraint::Min(16)),
        (t.status, Constraint::Length(8)),
    ];
    let title = format!("{} ({})", w.screen_staff, s.list.len());
    selectable(f, rows, &columns, &title, (s.selected, area), theme);
}

/// Adding a person, or changing one login: who it is, what is chosen, and
/// the question before the service is asked.
pub fn staff_form(f: &mut Frame, m: &Model, form: &StaffForm, area: Rect, theme: &Theme) {
    let t = m.lang.text();
    let w = admin_words(m.lang);
    let shown = |label, value: String| FormRow {
        label,
        value,
        focused: false,
        caret: None,
    };
    let mut rows = Vec::new();
    if let Some(who) = &form.target {
        rows.push(shown(t.login, who.login.clone()));
        rows.push(shown(t.name, who.name.clone()));
        let role = m.lang.role(who.role).to_string();
        match form.change {
            StaffChange::Role => rows.push(shown(w.current_role, role)),
            _ => rows.push(shown(t.role, role)),
        }
    }
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let value = match field {
            StaffField::Role => format!("‹ {} ›", m.lang.role(form.role)),
            StaffField::Unit => format!(
                "‹ {} ›",
                form.chosen_unit()
                    .map_or(w.no_unit.to_string(), |u| format!("{} {}", u.code, u.name))
            ),
            other => form
                .input(*other)
                .map(|x| x.text().to_string())
                .unwrap_or_default(),
        };
        let label = match (field, form.change) {
            (StaffField::Role, StaffChange::Role) => w.new_role,
            (StaffField::Login, _) => t.login,
            (StaffField::Name, _) => t.name,
            (StaffField::Role, _) => t.role,
            (StaffField::Unit, _) => t.a_unit,
        };
        let caret = form
            .input(*field)
            .filter(|_| focused && !form.confirming)
            .map(|x| x.caret_column());
        rows.push(FormRow {
            label,
            value,
            focused,
            caret,
        });
    }
    match form.change {
        StaffChange::Disable => rows.push(shown("", w.disable_means.into())),
        StaffChange::Enable => rows.push(shown("", w.enable_means.into())),
        StaffChange::Add | StaffChange::Role => {}
    }
    // A bare confirmation has nothing to go back to: Esc cancels it.
    let question = if form.fields.is_empty() {
        t.confirm_enter_esc
    } else {
        t.confirm_action
    };
    let last = form_last_line(
        form.confirming.then_some(question),
        form.error.as_deref(),
        t.form_keys,
        theme,
    );
    let mut title = form.change.action().describe(m.lang).to_string();
    if let Some(who) = &form.target {
        title = format!("{title} {}", who.login);
    }
    form_box(f, area, &title, (&rows, 10), last, theme);
}
