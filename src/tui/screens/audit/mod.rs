//! The audit trail on the desk (F7), for supervisors and admins: newest entry
//! first, filtered by who, by petitioner, by matter and by local dates through
//! a small form whose problems and refusals are shown in it; Enter shows the
//! selected entry whole.

pub mod filter;

use crate::domain::text::escape_controls;
use crate::domain::AuditEntry;
use crate::i18n::admin_words;
use crate::service::audit::AuditFilter;
use crate::service::{DeskApi, Result};
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::screen::{keep, moves, popup_form, shell, unchanged, Def};
use crate::tui::widgets::input::edit;
use crate::tui::widgets::pad;
use crate::tui::widgets::popup::{form_box, form_last_line, message_box, FormRow};
use crate::tui::widgets::scroll::wrap;
use crate::tui::widgets::records::show_time;
use crate::tui::widgets::table::{move_cursor, selectable};
use filter::{FilterField, FilterForm};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// Most entries the screen holds: the newest, the rest counted. A narrower
/// filter finds older ones.
pub const AUDIT_LIMIT: usize = 1000;

#[derive(Default)]
pub struct State {
    pub filter: AuditFilter,
    /// Newest first, at most `AUDIT_LIMIT`.
    pub entries: Vec<AuditEntry>,
    /// How many entries the filter selects in all.
    pub total: usize,
    pub selected: usize,
    /// The filter form, while it is open.
    pub form: Option<FilterForm>,
    /// The selected entry shown whole, in a box over the list.
    pub whole: bool,
}

impl State {
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

pub const DEF: Def<State> = Def {
    section: "audit",
    hints: &[
        Action::Help,
        Action::Open,
        Action::AuditFilter,
        Action::NextField,
        Action::Save,
        Action::Back,
        Action::Quit,
    ],
    title: |_, m| admin_words(m.lang).screen_audit.into(),
    takes_text: |s| s.form.is_some(),
    opened_by: |a| (a == Action::Audit).then_some(Go::To("audit")),
    open,
    update,
    refresh: unchanged,
    hidden: keep,
    draw,
    offers: |s, _, a| match s.form {
        // Enter searches there, as the form's own line says.
        Some(_) => popup_form(a) && a != Action::Open,
        None if s.whole => matches!(a, Action::Open | Action::Back),
        None => {
            shell(a)
                || moves(a)
                || a == Action::AuditFilter
                || (a == Action::Open && !s.entries.is_empty())
        }
    },
};

/// Opens F7 on the filter in force; a role that may not read the trail is
/// told so by the service's refusal, in the desk's language.
fn open(s: &mut State, _: &mut Ctx, _: Go) -> Effect<State> {
    let filter = s.filter.clone();
    Effect::call(move |desk, s: &mut State, m| match s.load(desk, filter) {
        Ok(()) => Ok(Effect::Show),
        Err(e) => {
            m.say_error(&e);
            Ok(Effect::None)
        }
    })
}

fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    if let Some(form) = s.form.take() {
        return form_key(s, m, form, msg);
    }
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    if s.whole {
        // The entry shown whole: Enter or Esc closes it, nothing else acts
        // unseen beneath it.
        if matches!(a, Action::Open | Action::Back) {
            s.whole = false;
        }
        return Effect::None;
    }
    match a {
        Action::Open if !s.entries.is_empty() => s.whole = true,
        Action::AuditFilter => s.form = Some(FilterForm::new(&s.filter)),
        _ if move_cursor(&mut s.selected, s.entries.len(), a) => {}
        _ => return Effect::Pass,
    }
    Effect::None
}

/// Keys of the filter form. Enter or Ctrl-S searches at once: every field is
/// optional.
fn form_key(s: &mut State, m: &mut Ctx, mut f: FilterForm, msg: Msg) -> Effect<State> {
    let a = match msg {
        Msg::Action(a) => a,
        text => {
            edit(Some(f.input_mut()), &text);
            s.form = Some(f);
            return Effect::None;
        }
    };
    match a {
        Action::Back => return Effect::None,
        Action::NextField | Action::Down => f.step(1),
        Action::PrevField | Action::Up => f.step(-1),
        Action::Open | Action::Save => match f.filter(m.lang, m.today) {
            Ok(filter) => {
                return Effect::call(move |desk, s: &mut State, m| {
                    if let Err(e) = s.load(desk, filter) {
                        f.error = Some(m.lang.error(&e));
                        s.form = Some(f);
                    }
                    Ok(Effect::None)
                })
            }
            Err(problem) => f.error = Some(problem),
        },
        _ => {}
    }
    s.form = Some(f);
    Effect::None
}

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    draw_trail(f, area, s, v);
    if let Some(e) = s.entries.get(s.selected).filter(|_| s.whole) {
        draw_whole(f, area, e, v);
    }
    if let Some(form) = &s.form {
        draw_filter(f, form, area, v);
    }
}

/// The filter in force, then the entries newest first.
fn draw_trail(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let w = admin_words(m.lang);
    let [head, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let flt = &s.filter;
    let mut parts = Vec::new();
    if let Some(l) = &flt.login {
        parts.push(format!("{} {l}", t.login));
    }
    if let Some(p) = &flt.petitioner {
        parts.push(format!("{} {p}", w.f_petitioner));
    }
    if let Some(l) = &flt.matter {
        parts.push(format!("{} {l}", w.f_matter));
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
                show_time(e.at, m.tz),
                e.by.clone(),
                escape_controls(&m.lang.audit_record(&e.record)),
                escape_controls(&m.lang.audit_what(&e.what)),
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

/// One entry whole: every field on its own, long ones wrapped, control
/// characters escaped as in the list.
fn draw_whole(f: &mut Frame, area: Rect, e: &AuditEntry, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let (t, w) = (m.lang.text(), admin_words(m.lang));
    // The box's inside: 64 columns less its borders, and the labels' width.
    const LABEL: usize = 8;
    let room = usize::from(area.width.min(64)).saturating_sub(2 + LABEL).max(10);
    let fields = [
        (t.time, show_time(e.at, m.tz)),
        (t.by, e.by.clone()),
        (t.record, escape_controls(&m.lang.audit_record(&e.record))),
        (t.what, escape_controls(&m.lang.audit_what(&e.what))),
    ];
    let mut lines = Vec::new();
    for (label, value) in fields {
        for (i, part) in wrap(&value, room).into_iter().enumerate() {
            let label = if i == 0 { label } else { "" };
            lines.push(Line::from(vec![
                Span::styled(pad(label, LABEL), theme.dim()),
                Span::raw(part),
            ]));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(w.entry_keys, theme.dim()));
    message_box(f, area, w.entry_title, lines, theme);
}

fn draw_filter(f: &mut Frame, form: &FilterForm, area: Rect, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
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
                    FilterField::Matter => w.f_matter,
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

