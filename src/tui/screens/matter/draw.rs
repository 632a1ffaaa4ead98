//! Drawing the matter screen: its head, its petitioners, its history of
//! contacts and actions, and the action menu and form over it.

use super::action_form::{ActField, ActionForm};
use super::state::{Popup, State};
use crate::domain::workflow::days_overdue;
use crate::domain::{Contact, Event, Matter, Role, Step};
use crate::i18n::record_words;
use crate::service::views::Names;
use crate::tui::ctx::{Ctx, View};
use crate::tui::widgets::popup::{form_box, form_last_line, message_box, FormRow};
use crate::tui::widgets::records::{contact_marks, date};
use crate::tui::widgets::scroll::{draw_paged, wrap};
use crate::tui::widgets::{block, pad};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    draw_matter(f, area, s, v);
    let (m, theme) = (v.ctx, v.theme);
    match &s.popup {
        Some(Popup::Menu { actions, selected }) => {
            let names: Vec<String> = actions.iter().map(|a| m.lang.step(*a).to_string()).collect();
            message_box(f, area, m.lang.text().actions_title, menu_lines(&names, *selected, theme), theme);
        }
        Some(Popup::Form(form)) => draw_action_form(f, s, form, area, v),
        Some(Popup::Notices { kinds, selected }) => {
            let names: Vec<String> = kinds.iter().map(|k| m.lang.notice_kind(*k).to_string()).collect();
            let title = crate::i18n::notice_words(m.lang).menu_title;
            message_box(f, area, title, menu_lines(&names, *selected, theme), theme);
        }
        Some(Popup::CaseMenu { deeds, selected }) => {
            let names: Vec<String> = deeds.iter().map(|d| d.label(m.lang).to_string()).collect();
            let title = crate::i18n::case_desk::case_desk_words(m.lang).menu_title;
            message_box(f, area, title, menu_lines(&names, *selected, theme), theme);
        }
        Some(Popup::Case(form)) => super::case_draw::draw_form(f, area, s, form, v),
        Some(Popup::Offer(kind)) => {
            let t = crate::i18n::notice_words(m.lang);
            let line = t.offer.replace("{kind}", m.lang.notice_kind(*kind));
            message_box(f, area, t.menu_title, vec![Line::from(line)], theme);
        }
        None => {}
    }
}

/// A popup menu's lines, the selected one marked.
fn menu_lines<'a>(names: &[String], selected: usize, theme: &crate::tui::theme::Theme) -> Vec<Line<'a>> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            if i == selected {
                Line::from(vec![Span::raw("> "), Span::styled(name.clone(), theme.selected())])
            } else {
                Line::from(format!("  {name}"))
            }
        })
        .collect()
}

/// Width of the petitioners' column beside the history.
const PEOPLE_WIDTH: u16 = 18;

fn draw_matter(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let Some(mt) = &s.matter else { return };
    let head_lines = head_lines(mt, s, v, usize::from(area.width.saturating_sub(2)));
    let [head, body] = Layout::vertical([
        Constraint::Length(head_lines.len() as u16 + 2),
        Constraint::Min(3),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(head_lines).block(block(t.screen_matter, theme)),
        head,
    );
    let [people, history] =
        Layout::horizontal([Constraint::Length(PEOPLE_WIDTH), Constraint::Min(20)]).areas(body);
    draw_petitioners(f, people, s, v);
    draw_history(f, history, mt, s, v);
}

/// The matter's petitioners, the chosen one marked as in every list.
fn draw_petitioners(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let w = record_words(m.lang);
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    // Keep the chosen one in view.
    let top = (s.selected + 1).saturating_sub(rows);
    let lines: Vec<Line> = s
        .petitioners
        .iter()
        .enumerate()
        .skip(top)
        .take(rows)
        .map(|(i, (_, name))| {
            if i == s.selected {
                Line::from(vec![
                    Span::raw("> "),
                    Span::styled(name.as_str(), theme.selected()),
                ])
            } else {
                Line::from(format!("  {name}"))
            }
        })
        .collect();
    let title = w
        .petitioners_of
        .replace("{n}", &s.petitioners.len().to_string());
    f.render_widget(Paragraph::new(lines).block(block(&title, theme)), area);
}

/// One entry of a matter's history: a contact (someone came, wrote or
/// called) or an event (something was done).
enum Entry<'a> {
    Contact(&'a Contact),
    Event(&'a Event),
}

/// Every contact and event of the matter, newest first, a page at a time.
fn draw_history(f: &mut Frame, area: Rect, mt: &Matter, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let w = record_words(m.lang);
    let mut entries: Vec<(crate::domain::Ts, Entry)> = mt
        .contacts
        .iter()
        .map(|c| (c.at, Entry::Contact(c)))
        .chain(mt.events.iter().map(|e| (e.at, Entry::Event(e))))
        .collect();
    // Newest first; at the same moment the contact before what was done on it.
    entries.sort_by_key(|(at, e)| (std::cmp::Reverse(*at), matches!(e, Entry::Contact(_))));
    let cells: Vec<[String; 4]> = entries
        .iter()
        .map(|(at, e)| match e {
            Entry::Contact(c) => contact_row(*at, c, s, m),
            Entry::Event(e) => event_row(e, &s.names, m),
        })
        .collect();
    // Columns as wide as their widest cell, so both languages line up; what
    // an entry records wraps under its own column rather than being cut.
    let width = |i: usize| {
        cells
            .iter()
            .map(|r| UnicodeWidthStr::width(r[i].as_str()))
            .max()
            .unwrap_or(0)
    };
    let (what, who) = (width(1), width(2));
    let lead = UnicodeWidthStr::width("2026-01-01 ") + what + 1 + who + 1;
    let room = usize::from(area.width.saturating_sub(2))
        .saturating_sub(lead)
        .max(8);
    let mut rows: Vec<(usize, String)> = Vec::new();
    for (i, [day, a, b, detail]) in cells.iter().enumerate() {
        for (n, part) in wrap(detail, room).into_iter().enumerate() {
            let head = if n == 0 {
                format!("{day} {} {} ", pad(a, what), pad(b, who))
            } else {
                " ".repeat(lead)
            };
            rows.push((i, head + &part));
        }
    }
    let words = (w.history_all, w.history_of, w.no_history);
    draw_paged(f, area, (&rows, entries.len()), &s.history, words, theme);
}

/// A contact: its date, channel and level, who received it, its marks and
/// summary.
fn contact_row(at: crate::domain::Ts, c: &Contact, s: &State, m: &Ctx) -> [String; 4] {
    let names = &s.names;
    let mut marks = contact_marks(m, c);
    if let Some(leaders) = received_by(c, s, m) {
        let w = crate::i18n::case_desk::case_desk_words(m.lang);
        marks = [marks, format!("{} {leaders}", w.received_by)].join(" ").trim().to_string();
    }
    let detail = if marks.is_empty() {
        c.summary.clone()
    } else {
        format!("{marks} {}", c.summary)
    };
    [
        date(at),
        format!("{} {}", m.lang.channel(c.channel), m.lang.level(c.level)),
        names.staff(&c.receiver).to_string(),
        detail,
    ]
}

/// The leaders on the rota the day a visit was received (接访领导).
fn received_by(c: &Contact, s: &State, m: &Ctx) -> Option<String> {
    if c.channel != crate::domain::Channel::Visit {
        return None;
    }
    let day = c.at.local_date(m.tz);
    let leaders: Vec<&str> = s
        .receptions
        .iter()
        .filter(|r| r.date == day)
        .map(|r| s.names.staff(&r.leader))
        .collect();
    let sep = crate::i18n::case_desk::case_desk_words(m.lang).list_sep;
    (!leaders.is_empty()).then(|| leaders.join(sep))
}

/// The matter's ledger number and summary, state and kind, dates, who
/// answers for it, and the actions open to this person.
fn head_lines<'a>(mt: &'a Matter, s: &'a State, v: &View, width: usize) -> Vec<Line<'a>> {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let w = record_words(m.lang);
    let c = t.colon;
    // Admins keep the codes and logins they manage beside the names.
    let admin = m.role == Role::Admin;
    let named = |name: &str, code: &str| {
        if admin && name != code {
            format!("{name}({code})")
        } else {
            name.to_string()
        }
    };
    let names = &s.names;
    let person = |login: Option<&str>| login.map_or("—".to_string(), |l| named(names.staff(l), l));
    let due = match s.due {
        None => Span::raw(format!("{}{c}—", t.due)),
        Some(d) => match days_overdue(mt.state, Some(d), m.today) {
            Some(n) => Span::styled(
                format!("{}{c}{d}{}", t.due, w.days_late.replace("{n}", &n.to_string())),
                theme.warn(),
            ),
            None => Span::raw(format!("{}{c}{d}", t.due)),
        },
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(mt.ledger.to_string(), theme.title()),
            Span::raw(format!("  {}", mt.summary)),
        ]),
        Line::from(format!(
            "{}{c}{}  {}{c}{}  {}{c}{}",
            t.state,
            m.lang.state(mt.state),
            t.a_kind,
            mt.kind.map_or("—", |k| m.lang.kind(k)),
            t.category,
            named(names.category(&mt.category), &mt.category),
        )),
        Line::from(vec![
            Span::raw(format!("{}{c}{}  ", t.registered, date(mt.registered_at))),
            due,
        ]),
        Line::from(format!(
            "{}{c}{}  {}{c}{}  {}{c}{}",
            t.first_receiver,
            person(Some(&mt.first_receiver)),
            t.unit,
            mt.unit
                .as_deref()
                .map_or("—".to_string(), |u| named(names.unit(u), u)),
            w.handler,
            person(mt.handler.as_deref()),
        )),
    ];
    lines.extend(super::case_draw::case_lines(s, v, width));
    if let Some(l) = notices_line(s, v, width) {
        lines.push(l);
    }
    lines.extend(action_lines(s, v, width));
    lines
}

/// The matter's notices, newest first: name, number and whether it has
/// reached the petitioner, as many as fit one line.
fn notices_line<'a>(s: &State, v: &View, width: usize) -> Option<Line<'a>> {
    if s.notices.is_empty() {
        return None;
    }
    let (m, theme) = (v.ctx, v.theme);
    let t = crate::i18n::notice_words(m.lang);
    let items: Vec<String> = s
        .notices
        .iter()
        .rev()
        .map(|n| {
            let state = match &n.delivery {
                Some(d) => format!("{} {}", t.delivered, m.lang.delivery(d.method)),
                None => t.not_delivered.to_string(),
            };
            format!("{} {} {state}", m.lang.notice_kind(n.kind), n.doc_no)
        })
        .collect();
    let text = format!("{}{}{}", t.notices_label, m.lang.text().colon, items.join("；"));
    Some(Line::styled(
        crate::tui::widgets::fit_text(&text, width),
        theme.dim(),
    ))
}

/// The actions open to this person, after their label, wrapped between
/// names to `width` columns so that none is cut.
fn action_lines<'a>(s: &State, v: &View, width: usize) -> Vec<Line<'a>> {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let label = format!("{}{}", t.actions_title, t.colon);
    let mut used = UnicodeWidthStr::width(label.as_str());
    let mut lines = vec![Line::from(Span::styled(label, theme.dim()))];
    // English names have spaces of their own ("review request").
    let between = match m.lang {
        crate::i18n::Lang::Zh => " ",
        crate::i18n::Lang::En => ", ",
    };
    for (i, name) in s.actions.iter().map(|a| m.lang.step(*a)).enumerate() {
        let w = UnicodeWidthStr::width(name);
        let mut gap = if i == 0 { "" } else { between };
        if i > 0 && used + gap.len() + w > width {
            // A new line, indented under the label.
            lines.push(Line::from("  "));
            (used, gap) = (2, "");
        }
        used += gap.len() + w;
        if let Some(line) = lines.last_mut() {
            line.spans.push(Span::raw(format!("{gap}{name}")));
        }
    }
    lines
}

/// An event: its date, step, who took it, and what it recorded, units and
/// people by name.
fn event_row(e: &Event, names: &Names, m: &Ctx) -> [String; 4] {
    let satisfaction = e.satisfaction.map(|s| m.lang.satisfaction(s));
    // 送达: how, and which notice (named as its action when it is one).
    let delivery = e.delivery.as_ref().map(|d| {
        let notice = Step::from_code(&d.notice).map_or(d.notice.as_str(), |a| m.lang.step(a));
        format!("{} {notice}", m.lang.delivery(d.method))
    });
    let detail: Vec<&str> = [
        e.unit.as_deref().map(|u| names.unit(u)),
        e.handler.as_deref().map(|h| names.staff(h)),
        e.reason.as_deref(),
        e.opinion.map(|o| m.lang.opinion(o)),
        e.note.as_deref(),
        e.to.as_deref().map(|to| names.staff(to)),
        satisfaction,
        delivery.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    [
        date(e.at),
        m.lang.step(e.action).to_string(),
        names.staff(&e.by).to_string(),
        detail.join(" "),
    ]
}

fn draw_action_form(f: &mut Frame, s: &State, form: &ActionForm, area: Rect, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let label = |x: ActField| match x {
        ActField::Unit => t.a_unit,
        ActField::Reason => t.a_reason,
        ActField::To => t.a_to,
        ActField::Days => t.a_days,
        ActField::Satisfaction => t.a_satisfaction,
        ActField::Kind => t.a_kind,
        ActField::Method => t.a_method,
        ActField::Notice => t.a_notice,
        ActField::Opinion => t.a_opinion,
        ActField::Note if form.action == crate::domain::Step::Reply => t.a_reply_text,
        ActField::Note => t.a_note,
    };
    let title = format!(
        "{} {}",
        m.lang.step(form.action),
        s.matter
            .as_ref()
            .map_or(String::new(), |x| x.ledger.to_string())
    );
    let rows: Vec<FormRow> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let focused = i == form.focus;
            let value = match field {
                ActField::Unit => format!(
                    "‹ {} ›",
                    form.units
                        .get(form.unit)
                        .map_or(t.none.to_string(), |u| format!("{} {}", u.code, u.name))
                ),
                ActField::Satisfaction => {
                    format!("‹ {} ›", m.lang.satisfaction(form.satisfaction))
                }
                ActField::Kind => format!("‹ {} ›", m.lang.kind(form.kind)),
                ActField::Method => format!("‹ {} ›", m.lang.delivery(form.method)),
                ActField::Opinion => format!(
                    "‹ {} ›",
                    form.opinion.map_or(t.none, |o| m.lang.opinion(o))
                ),
                other => form
                    .input(*other)
                    .map(|x| x.text().to_string())
                    .unwrap_or_default(),
            };
            let caret = form
                .input(*field)
                .filter(|_| focused && !form.confirming)
                .map(|x| x.caret_column());
            FormRow {
                label: label(*field),
                value,
                focused,
                caret,
            }
        })
        .collect();
    let last = form_last_line(
        form.confirming.then_some(t.confirm_action),
        form.error.as_deref(),
        t.form_keys,
        theme,
    );
    form_box(f, area, &title, (&rows, 10), last, theme);
}
