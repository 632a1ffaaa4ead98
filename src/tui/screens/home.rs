//! The home screen: the work lists with their counts, and at start the
//! registration left half-typed last time, offered first.

use crate::service::cases::lists::LeaderHome;
use crate::service::queues::Queue;
use crate::service::views::HomeCounts;
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::lists::List;
use crate::tui::screen::{keep, moves, no_key, shell, Def};
use crate::tui::widgets::popup::message_box;
use crate::tui::widgets::records::list_label;
use crate::tui::widgets::{block, table::move_cursor};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Row, Table, TableState};
use ratatui::Frame;

#[derive(Default)]
pub struct State {
    pub counts: HomeCounts,
    /// The rows after the lists: notices not delivered, and the key cases
    /// for those who see them, each with its count.
    /// No count where counting would read every matter (the key-person list).
    pub extras: Vec<(Action, Option<usize>)>,
    pub selected: usize,
    /// When the registration left half-typed was saved, while it is offered.
    pub draft_offer: Option<String>,
    /// A leader's own key cases, what of them is due this week and today's
    /// reception session.
    /// The units' names beside it.
    pub leader: Option<(LeaderHome, crate::service::views::Names)>,
}

pub const DEF: Def<State> = Def {
    section: "home",
    hints: &[
        Action::Help,
        Action::Open,
        Action::Discard,
        Action::Back,
        Action::Lookup,
        Action::Register,
        Action::Matters,
        Action::Quit,
    ],
    title: |_, m| m.lang.text().screen_home.into(),
    takes_text: |_| false,
    opened_by: no_key,
    open: |_, _, _| load(Effect::Show),
    update,
    refresh: |_, _, _| load(Effect::None),
    hidden: keep,
    draw,
    offers: |s, _, a| {
        use Action as A;
        match s.draft_offer {
            Some(_) => matches!(a, A::Open | A::Discard | A::Back),
            // Home is the bottom of the stack: Esc has nowhere to go.
            None => {
                (shell(a) && a != A::Back)
                    || moves(a)
                    || matches!(
                        a,
                        A::Open
                            | A::ListToday
                            | A::ListMine
                            | A::ListOverdue
                            | A::ListDueSoon
                            | A::ListReady
                            | A::ListUndelivered
                            | A::Cases
                            | A::Supervision
                            | A::ReceptionRota
                            | A::KeyPersons
                    )
            }
        }
    },
};

/// The rows after the lists, with their counts: notices not delivered, and
/// the key cases for those who see them.
pub fn extras(
    desk: &dyn crate::service::DeskApi,
    role: crate::domain::Role,
    today: time::Date,
) -> crate::service::Result<Vec<(Action, Option<usize>)>> {
    let mut out = vec![(Action::ListUndelivered, Some(desk.undelivered_notices()?.len()))];
    if Action::Cases.permitted(role) {
        use crate::service::cases::lists::{CaseOnly, CaseWho};
        let page = desk.cases(CaseWho::for_role(role), CaseOnly::Active, today, 1)?;
        out.push((Action::Cases, Some(page.total)));
    }
    out.extend(case_view_rows(desk, role, today)?);
    Ok(out)
}

/// Supervision letters unanswered, this month's reception sessions and the
/// key-person list, each for those who may see it.
fn case_view_rows(
    desk: &dyn crate::service::DeskApi,
    role: crate::domain::Role,
    today: time::Date,
) -> crate::service::Result<Vec<(Action, Option<usize>)>> {
    use crate::service::cases::supervise::LetterOnly;
    let mut out = Vec::new();
    if Action::Supervision.permitted(role) {
        let open = desk.supervisions(None, LetterOnly::Unanswered, today)?;
        out.push((Action::Supervision, Some(open.len())));
    }
    let first = today.replace_day(1).unwrap_or(today);
    let last = first + time::Duration::days(i64::from(today.month().length(today.year())) - 1);
    out.push((Action::ReceptionRota, Some(desk.reception_days(first, last)?.len())));
    // Who is long-standing is known only by reading every matter: home,
    // read again at every change another desk makes, shows no count.
    if Action::KeyPersons.permitted(role) {
        out.push((Action::KeyPersons, None));
    }
    Ok(out)
}

/// A leader's cases due this week shown on home; the key cases list has all.
const LEADER_ROWS: usize = 5;

/// A leader's summary with the units' names, for a leader's home only.
pub fn leader_summary(
    desk: &dyn crate::service::DeskApi,
    role: crate::domain::Role,
    today: time::Date,
) -> crate::service::Result<Option<(LeaderHome, crate::service::views::Names)>> {
    Ok(match role {
        crate::domain::Role::Leader => Some((desk.leader_home(today, LEADER_ROWS)?, desk.names()?)),
        _ => None,
    })
}

/// Reads the counts again, then `next`.
fn load(next: Effect<State>) -> Effect<State> {
    Effect::call(move |desk, s: &mut State, m| {
        s.counts = desk.home_counts(m.today)?;
        s.extras = extras(desk, m.role, m.today)?;
        s.leader = leader_summary(desk, m.role, m.today)?;
        Ok(next)
    })
}

fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    if s.draft_offer.is_some() {
        return draft_offer(s, m, a);
    }
    // 1–5 open a list as Enter on its row does, and leave the row selected.
    if let Some(i) = List::HOME.iter().position(|l| l.action() == Some(a)) {
        s.selected = i;
    }
    let rows = List::HOME.len() + s.extras.len();
    let extra = |a: Action| s.extras.iter().position(|(x, _)| *x == a);
    let opens = |a: Action| match a {
        Action::Cases => Go::To("cases"),
        Action::Supervision => Go::To("supervision"),
        Action::ReceptionRota => Go::To("rota"),
        Action::KeyPersons => Go::To("key_persons"),
        _ => Go::To("undelivered"),
    };
    match a {
        Action::ListUndelivered | Action::Cases if extra(a).is_some() => {
            s.selected = List::HOME.len() + extra(a).unwrap_or(0);
            Effect::Go(opens(a))
        }
        Action::Open if s.selected >= List::HOME.len() => s
            .extras
            .get(s.selected - List::HOME.len())
            .map_or(Effect::None, |(a, _)| Effect::Go(opens(*a))),
        Action::Open
        | Action::ListToday
        | Action::ListMine
        | Action::ListOverdue
        | Action::ListDueSoon
        | Action::ListReady => Effect::Go(Go::List(List::HOME[s.selected])),
        _ if move_cursor(&mut s.selected, rows, a) => Effect::None,
        _ => Effect::Pass,
    }
}

/// Keys while the draft is offered: Enter takes it up, `d` discards it,
/// Esc leaves it for later; other keys wait for an answer.
fn draft_offer(s: &mut State, m: &mut Ctx, a: Action) -> Effect<State> {
    match a {
        Action::Open => {
            s.draft_offer = None;
            Effect::Go(Go::Register { from_draft: true })
        }
        Action::Discard => {
            s.draft_offer = None;
            let said = m.lang.text().draft_discarded;
            Effect::call(move |desk, _, m| {
                desk.discard_draft()?;
                m.status = Some(said.into());
                Ok(Effect::None)
            })
        }
        Action::Back => {
            s.draft_offer = None;
            Effect::None
        }
        _ => Effect::None,
    }
}

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let h = &s.counts;
    let counts = [
        h.today_contacts,
        h.my_matters,
        h.overdue,
        h.due_soon,
        h.ready_to_close,
    ];
    let extras = s
        .extras
        .iter()
        .map(|(a, n)| (*a, a.describe(m.lang).to_string(), n.map(|n| n as u64), false));
    let items = List::HOME
        .iter()
        .zip(counts)
        .map(|(list, n)| {
            let late = *list == List::Queue(Queue::Overdue) && n > 0;
            (list.action().unwrap_or(Action::Open), list_label(m, *list).to_string(), Some(n as u64), late)
        })
        .chain(extras);
    let rows: Vec<Row> = items
        .enumerate()
        .map(|(i, (action, label, n, late))| {
            let key = v.key(DEF.section, action);
            let label = Cell::from(label);
            let count = Cell::from(n.map(|n| format!("{n:>8}")).unwrap_or_default());
            Row::new([
                Cell::from(Span::styled(key, theme.key())),
                if i == s.selected {
                    label.style(theme.selected())
                } else {
                    label
                },
                if late {
                    count.style(theme.warn())
                } else {
                    count
                },
            ])
        })
        .collect();
    let area = match &s.leader {
        Some((home, names)) => {
            let height = rows.len() as u16 + 2;
            let [top, rest] =
                Layout::vertical([Constraint::Length(height), Constraint::Min(0)]).areas(area);
            leader_panel(f, rest, home, names, v);
            top
        }
        None => area,
    };
    let table = Table::new(
        rows,
        [
            Constraint::Length(6),
            Constraint::Length(28),
            Constraint::Length(8),
        ],
    )
    .block(block(t.screen_home, theme))
    .highlight_symbol("> ")
    .highlight_spacing(HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(Some(s.selected));
    f.render_stateful_widget(table, area, &mut state);
    if let Some(saved_at) = &s.draft_offer {
        let lines = vec![
            Line::from(format!("{}{saved_at}", t.draft_offer)),
            Line::styled(t.draft_offer_keys, theme.key()),
        ];
        message_box(f, area, t.screen_register, lines, theme);
    }
}

/// A leader's summary under the lists: how many cases are open, those due
/// within seven days (overdue first, in the alarm style) and today's session.
fn leader_panel(
    f: &mut Frame,
    area: Rect,
    home: &LeaderHome,
    names: &crate::service::views::Names,
    v: &View,
) {
    use crate::i18n::case_screens::case_screen_words;
    use crate::tui::widgets::fit_text;
    let (m, theme) = (v.ctx, v.theme);
    let w = case_screen_words(m.lang);
    let width = usize::from(area.width.saturating_sub(4));
    let mut lines = vec![Line::from(format!("{} {}", w.open_count, home.open.total))];
    lines.push(Line::styled(w.due_week, theme.title()));
    if home.due_this_week.is_empty() {
        lines.push(Line::styled(format!("  {}", w.none_due), theme.dim()));
    }
    for c in home.due_this_week.iter().take(LEADER_ROWS) {
        let late = if c.due < m.today { crate::i18n::cases::case_words(m.lang).overdue } else { "" };
        let text = format!("  {}  {} {late}  {}", c.matter, c.due, c.measures);
        let text = fit_text(&text, width);
        lines.push(if c.due < m.today {
            Line::styled(text, theme.warn())
        } else {
            Line::from(text)
        });
    }
    lines.push(Line::styled(w.session_today, theme.title()));
    match home.sessions_today.first() {
        Some(d) => {
            let units: Vec<&str> = d.units.iter().map(|u| names.unit(u)).collect();
            let text = format!("  {}  {}", d.place, units.join("、"));
            lines.push(Line::from(fit_text(&text, width)));
        }
        None => lines.push(Line::styled(format!("  {}", w.no_session), theme.dim())),
    }
    f.render_widget(
        ratatui::widgets::Paragraph::new(lines).block(block(w.my_cases, theme)),
        area,
    );
}
