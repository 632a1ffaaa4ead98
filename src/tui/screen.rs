//! What a screen is to the shell: one `Def` per screen module, naming its
//! keymap section, its hints and the functions that open, update, refresh
//! and draw it. The screens' table (`screens::screens!`) lists them.

use super::action::Action;
use super::ctx::{Ctx, View};
use super::effect::{Effect, Go, Msg};
use ratatui::layout::Rect;
use ratatui::Frame;

pub struct Def<S> {
    /// The screen's keymap section: its name in keymap files and in `Go`.
    pub section: &'static str,
    /// The actions the hint bar offers, in order.
    pub hints: &'static [Action],
    pub title: fn(&S, &Ctx) -> String,
    /// Whether printable keys are text for an input now.
    pub takes_text: fn(&S) -> bool,
    /// The global key that opens this screen, as where to go.
    pub opened_by: fn(Action) -> Option<Go>,
    /// Opens the screen on `Go`: loads what it shows and ends in
    /// `Effect::Show`, or says why not and stays where the desk was.
    pub open: fn(&mut S, &mut Ctx, Go) -> Effect<S>,
    /// One key or typed text, with the screen on top.
    pub update: fn(&mut S, &mut Ctx, Msg) -> Effect<S>,
    /// Reads again what the screen shows after another desk changed records;
    /// `on_stack` says whether the screen is open now.
    pub refresh: fn(&mut S, &Ctx, bool) -> Effect<S>,
    /// The screen is no longer on top: forget what must not outlive the view.
    pub hidden: fn(&mut S),
    pub draw: fn(&mut Frame, Rect, &S, &View),
    /// Whether an action does something on the screen as it is now: help
    /// and the hint bar offer only these (and only what the role may do,
    /// which `Action::permitted` says for every screen).
    pub offers: fn(&S, &Ctx, Action) -> bool,
}

/// The keys the shell answers on every screen: help, the keys that open
/// screens, home, back and quit.
pub fn shell(a: Action) -> bool {
    use Action as A;
    matches!(
        a,
        A::Help
            | A::Register
            | A::Lookup
            | A::Matters
            | A::Scorecards
            | A::Statistics
            | A::Audit
            | A::Staff
            | A::Home
            | A::Back
            | A::Quit
    )
}

/// The keys that move a selection in a table.
pub fn moves(a: Action) -> bool {
    use Action as A;
    matches!(
        a,
        A::Up | A::Down | A::PageUp | A::PageDown | A::First | A::Last
    )
}

/// The keys of a form in a popup: fields, confirming and leaving it.
pub fn popup_form(a: Action) -> bool {
    use Action as A;
    matches!(
        a,
        A::NextField | A::PrevField | A::Up | A::Down | A::Save | A::Open | A::Back
    )
}

/// A question answered with Enter (yes) or Esc (no).
pub fn question(a: Action) -> bool {
    matches!(a, Action::Open | Action::Back)
}

/// A screen whose keys are the shell's and moving the selection.
pub fn browse<S>(_: &S, _: &Ctx, a: Action) -> bool {
    shell(a) || moves(a) || a == Action::Open
}

/// A screen with no keys of its own: every key is the shell's.
pub fn only_shell_keys<S>(_: &mut S, _: &mut Ctx, msg: Msg) -> Effect<S> {
    match msg {
        Msg::Action(_) => Effect::Pass,
        _ => Effect::None,
    }
}

/// A screen that takes no text.
pub fn no_text<S>(_: &S) -> bool {
    false
}

/// A screen no global key opens.
pub fn no_key(_: Action) -> Option<Go> {
    None
}

/// A screen that needs nothing loaded to open.
pub fn show<S>(_: &mut S, _: &mut Ctx, _: Go) -> Effect<S> {
    Effect::Show
}

/// A screen that shows nothing another desk can change.
pub fn unchanged<S>(_: &mut S, _: &Ctx, _: bool) -> Effect<S> {
    Effect::None
}

/// A screen that keeps all it holds when covered.
pub fn keep<S>(_: &mut S) {}

/// A list of matters' rows: Enter opens the selected row's matter, the
/// cursor keys move; any other key is the shell's.
pub fn matter_rows<S, T>(
    selected: &mut usize,
    rows: &[T],
    a: Action,
    ledger: impl Fn(&T) -> crate::domain::LedgerNo,
) -> Effect<S> {
    match a {
        Action::Open => rows
            .get(*selected)
            .map_or(Effect::None, |r| Effect::Go(Go::Matter(ledger(r)))),
        _ if super::widgets::table::move_cursor(selected, rows.len(), a) => Effect::None,
        _ => Effect::Pass,
    }
}

/// Opens a list with `load` for those whose role may use `a`; others are
/// told why not (`deed`) and stay where they are.
pub fn open_if_permitted<S>(
    m: &mut Ctx,
    a: Action,
    deed: &'static str,
    load: impl FnOnce() -> Effect<S>,
) -> Effect<S> {
    if a.permitted(m.role) {
        load()
    } else {
        m.refuse(deed);
        Effect::None
    }
}
