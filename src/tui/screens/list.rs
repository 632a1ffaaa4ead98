//! The work lists (F4 and the home screen's 1–5): matters soonest due first,
//! or today's contacts newest first; Tab steps through the lists, the list of
//! all open matters filters by town, category and state, and the matters
//! ready to close are closed together after a confirmation.

use crate::domain::{LedgerNo, MatterState};
use crate::service::queues::{Filter, Queue, TodayRow, WorkRow};
use crate::service::{DeskApi, Result};
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::lists::List;
use crate::tui::screen::{keep, moves, question, shell, Def};
use crate::tui::widgets::popup::message_box;
use crate::tui::widgets::records::{list_label, today_table, work_table};
use crate::tui::widgets::table::move_cursor;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;
use time::Date;

/// Most matters the list of all open matters shows (soonest due first).
pub const OPEN_LIMIT: usize = 500;

pub struct State {
    pub list: List,
    /// With who petitions, and the unit and first receiver by name.
    pub matters: Vec<WorkRow>,
    pub contacts: Vec<TodayRow>,
    pub selected: usize,
    /// The filter of the list of all open matters.
    pub filter: Filter,
    /// Asking whether to close this many matters ready to close.
    pub confirm_close: Option<usize>,
    /// The name of the category filtered by, as the title shows it.
    pub category_name: Option<String>,
}

impl Default for State {
    fn default() -> State {
        State {
            list: List::Today,
            matters: Vec::new(),
            contacts: Vec::new(),
            selected: 0,
            filter: Filter::default(),
            confirm_close: None,
            category_name: None,
        }
    }
}

impl State {
    /// Rows of the list shown.
    pub fn len(&self) -> usize {
        match self.list {
            List::Today => self.contacts.len(),
            List::Queue(_) | List::Open => self.matters.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ledger number the selected row is about.
    pub fn ledger(&self) -> Option<LedgerNo> {
        match self.list {
            List::Today => self.contacts.get(self.selected).map(|r| r.contact.matter),
            List::Queue(_) | List::Open => self.matters.get(self.selected).map(|r| r.matter.ledger),
        }
    }

    /// Reads the list's rows again, the selection kept where it can be.
    fn load(&mut self, desk: &dyn DeskApi, today: Date) -> Result<()> {
        self.matters.clear();
        self.contacts.clear();
        match self.list {
            List::Today => self.contacts = desk.work_today(today)?,
            List::Queue(q) => self.matters = desk.work_queue(q, today, OPEN_LIMIT)?.rows,
            List::Open => self.matters = desk.work_open(self.filter.clone(), OPEN_LIMIT)?,
        }
        self.selected = self.selected.min(self.len().saturating_sub(1));
        Ok(())
    }
}

pub const DEF: Def<State> = Def {
    section: "list",
    hints: &[
        Action::Help,
        Action::Open,
        Action::NextList,
        Action::CloseReady,
        Action::Back,
        Action::Quit,
    ],
    title: |s, m| list_label(m, s.list).into(),
    takes_text: |_| false,
    opened_by: |a| (a == Action::Matters).then_some(Go::List(List::Queue(Queue::Mine))),
    open,
    update,
    refresh: |_, _, on_stack| if on_stack { load(Effect::None) } else { Effect::None },
    hidden: keep,
    draw,
    offers: |s, _, a| {
        use Action as A;
        if s.confirm_close.is_some() {
            return question(a);
        }
        match a {
            // Closing together works on the list of matters ready to close.
            A::CloseReady => s.list == List::Queue(Queue::ReadyToClose),
            A::FilterTown | A::FilterCategory | A::FilterState => s.list == List::Open,
            A::NextList | A::PrevList | A::Open => true,
            a => shell(a) || moves(a),
        }
    },
};

/// Reads the rows again, then `next`.
fn load(next: Effect<State>) -> Effect<State> {
    Effect::call(move |desk, s: &mut State, m| {
        s.load(desk, m.today)?;
        Ok(next)
    })
}

/// Shows `list` from its first row.
fn show(s: &mut State, list: List, next: Effect<State>) -> Effect<State> {
    s.list = list;
    s.selected = 0;
    load(next)
}

fn open(s: &mut State, _: &mut Ctx, go: Go) -> Effect<State> {
    match go {
        Go::List(list) => show(s, list, Effect::Show),
        _ => Effect::None,
    }
}

fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    if s.confirm_close.take().is_some() {
        return match a {
            Action::Open => close_ready(m),
            // Esc says no; other keys leave the question open.
            Action::Back => Effect::None,
            _ => {
                s.confirm_close = Some(s.matters.len());
                Effect::None
            }
        };
    }
    match a {
        Action::Open => s.ledger().map_or(Effect::None, |l| Effect::Go(Go::Matter(l))),
        Action::CloseReady if s.list == List::Queue(Queue::ReadyToClose) => {
            if !s.matters.is_empty() {
                s.confirm_close = Some(s.matters.len());
            }
            Effect::None
        }
        Action::FilterTown | Action::FilterCategory | Action::FilterState
            if s.list == List::Open =>
        {
            Effect::call(move |desk, s: &mut State, _| {
                s.category_name = step_filter(&mut s.filter, a, desk)?;
                Ok(show(s, List::Open, Effect::None))
            })
        }
        Action::NextList => show(s, s.list.step(1), Effect::None),
        Action::PrevList => show(s, s.list.step(-1), Effect::None),
        _ => {
            let len = s.len();
            if move_cursor(&mut s.selected, len, a) {
                Effect::None
            } else {
                Effect::Pass
            }
        }
    }
}

/// Closes every matter ready to close, says how many, and reads the list again.
fn close_ready(m: &Ctx) -> Effect<State> {
    let said = m.lang.text().closed_count;
    Effect::call(move |desk, s: &mut State, m| {
        let closed = desk.close_ready(m.today)?;
        m.status = Some(format!("{said}{}", closed.len()));
        s.load(desk, m.today)?;
        Ok(Effect::None)
    })
}

/// Steps one filter of the open-matters list to its next value (then none);
/// the name of the category filtered by.
fn step_filter(f: &mut Filter, a: Action, desk: &dyn DeskApi) -> Result<Option<String>> {
    fn next<T: Clone + PartialEq>(all: &[T], v: &Option<T>) -> Option<T> {
        match v {
            None => all.first().cloned(),
            Some(x) => all.iter().skip_while(|y| *y != x).nth(1).cloned(),
        }
    }
    match a {
        Action::FilterTown => {
            let all: Vec<String> = desk.towns()?.into_iter().map(|t| t.code).collect();
            f.town = next(&all, &f.town);
        }
        Action::FilterCategory => {
            let all: Vec<String> = desk.categories()?.into_iter().map(|c| c.code).collect();
            f.category = next(&all, &f.category);
        }
        _ => {
            let open: Vec<MatterState> = MatterState::ALL
                .iter()
                .copied()
                .filter(|s| s.is_open())
                .collect();
            f.state = next(&open, &f.state);
        }
    }
    let categories = desk.categories()?;
    let name = |code: &String| {
        let known = categories.iter().find(|c| c.code == *code);
        known.map_or_else(|| code.clone(), |c| c.name.clone())
    };
    Ok(f.category.as_ref().map(name))
}

/// The open work list: matters soonest due first, or today's contacts.
fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let mut title = format!("{} ({})", list_label(m, s.list), s.len());
    if s.list == List::Open {
        // The filters and the keys that step them, in the title.
        let key = |a: Action| v.key(DEF.section, a);
        let town = s.filter.town.as_deref().map_or(t.all, |c| m.town_name(c));
        let category = s.category_name.as_deref().unwrap_or(t.all);
        let state = s.filter.state.map_or(t.all, |x| m.lang.state(x));
        title = format!(
            "{title} {}: [{}]{} {} [{}]{} {} [{}]{} {}",
            t.filter,
            key(Action::FilterTown),
            t.town,
            town,
            key(Action::FilterCategory),
            t.category,
            category,
            key(Action::FilterState),
            t.state,
            state
        );
    }
    match s.list {
        List::Today => today_table(f, m, &s.contacts, &title, s.selected, area, theme),
        List::Queue(_) | List::Open => work_table(f, m, &s.matters, &title, s.selected, area, theme),
    }
    if let Some(count) = s.confirm_close {
        let lines = vec![
            Line::from(format!("{}{count}", t.confirm_close_ready)),
            Line::styled(t.confirm_enter_esc, theme.key()),
        ];
        message_box(f, area, t.ready_to_close, lines, theme);
    }
}
