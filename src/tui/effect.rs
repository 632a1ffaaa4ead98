//! What a screen's `update` hands back instead of doing I/O itself: a call
//! to the service (run by the shell, which gives the answer back to the
//! screen), a screen to open, or a step back. Screens are therefore tested
//! without a store, and no screen names another: `Go` says where to go.

use super::lists::List;
use super::report::JobOutput;
use crate::domain::{LedgerNo, PetitionerId};
use crate::service::{DeskApi, Result};

/// What the event loop hands to `update`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Action(super::action::Action),
    /// Typed or pasted text for the focused input.
    Text(String),
    Backspace,
    Delete,
    Left,
    Right,
    /// A line-editing key for the focused input (Home, End, Ctrl-U…).
    Edit(Edit),
    /// A report job's progress (its number, percent done).
    Progress(u64, u8),
    /// A report job's answer, or why it failed (in the desk's language).
    Done(u64, std::result::Result<JobOutput, String>),
    /// Another desk changed records: what is on screen is read again.
    Changed(crate::service::api::Changed),
}

/// The line-editing keys of a text field beside typing, Backspace, Delete
/// and the arrows: the same on every screen that takes text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Home, Ctrl-A: the caret to the start of the field.
    Start,
    /// End, Ctrl-E: the caret to its end.
    End,
    /// Ctrl-U: the field emptied.
    Clear,
    /// Ctrl-W: the word before the caret deleted.
    DeleteWord,
}

impl Edit {
    pub const ALL: &'static [Edit] = &[Edit::Start, Edit::End, Edit::Clear, Edit::DeleteWord];

    /// The keys that do it (`Key::line_edit`), as help lists them.
    pub fn keys(self) -> &'static str {
        match self {
            Edit::Start => "Home / Ctrl-a",
            Edit::End => "End / Ctrl-e",
            Edit::Clear => "Ctrl-u",
            Edit::DeleteWord => "Ctrl-w",
        }
    }
}

/// A screen to open, with what it opens on. The shell finds the screen by
/// `section` and gives it this to open itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Go {
    /// A screen that needs nothing to open (lookup, help, audit…), by its
    /// keymap section.
    To(&'static str),
    /// A petitioner's card.
    Card(PetitionerId),
    Matter(LedgerNo),
    List(List),
    /// The registration form: the one in progress, else a new one, refilled
    /// from the saved draft when `from_draft`.
    Register {
        from_draft: bool,
    },
    /// The registration form for someone returning: F2 on their card, or
    /// on a matter of theirs.
    RegisterFor(Returning),
    /// The contacts behind one count of a scorecard.
    Drill {
        town: String,
        name: String,
        criterion: String,
        label: String,
    },
    /// A supervision letter to issue about a matter.
    Letter(LedgerNo),
}

/// Who registers again: a person, or a person about one of their matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Returning {
    Person(PetitionerId),
    /// The matter's first petitioner, this matter offered as the repeat.
    Matter(LedgerNo),
}

impl Go {
    /// The keymap section of the screen this opens.
    pub fn section(&self) -> &'static str {
        match self {
            Go::To(s) => s,
            Go::Card(_) => "card",
            Go::Matter(_) => "matter",
            Go::List(_) => "list",
            Go::Register { .. } | Go::RegisterFor(_) => "register",
            Go::Drill { .. } => "drill",
            Go::Letter(_) => "supervision",
        }
    }
}

/// Service work a screen asks for: run by the shell with the desk, the
/// screen's own state and the shared context; it answers with what to do next.
pub type Call<S> = Box<dyn FnOnce(&dyn DeskApi, &mut S, &mut super::ctx::Ctx) -> Result<Effect<S>>>;

/// What a screen asks of the shell after a message. `S` is the screen's state.
pub enum Effect<S> {
    /// Nothing more: the screen's state already says it all.
    None,
    /// The key is not this screen's: the shell's global keys get it.
    Pass,
    Call(Call<S>),
    /// Open another screen.
    Go(Go),
    /// Leave this screen and open another in its place: a saved form opens
    /// what it saved, and Esc there does not come back to an empty form.
    Replace(Go),
    /// Put this screen on top: the end of its `open`.
    Show,
    /// Leave this screen for the one below.
    Back,
    /// Back to the home screen.
    Home,
    Quit,
}

impl<S> Effect<S> {
    /// Service work, then `next`'s effect.
    pub fn call(
        f: impl FnOnce(&dyn DeskApi, &mut S, &mut super::ctx::Ctx) -> Result<Effect<S>> + 'static,
    ) -> Effect<S> {
        Effect::Call(Box::new(f))
    }

    /// The effect's kind, for tests and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Effect::None => "none",
            Effect::Pass => "pass",
            Effect::Call(_) => "call",
            Effect::Go(_) => "go",
            Effect::Replace(_) => "replace",
            Effect::Show => "show",
            Effect::Back => "back",
            Effect::Home => "home",
            Effect::Quit => "quit",
        }
    }
}

impl<S> std::fmt::Debug for Effect<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effect::Go(g) => write!(f, "Go({g:?})"),
            Effect::Replace(g) => write!(f, "Replace({g:?})"),
            other => f.write_str(other.kind()),
        }
    }
}

/// Where the shell goes once a screen's effects have run.
#[derive(Debug, PartialEq, Eq)]
pub enum Nav {
    Stay,
    Pass,
    Go(Go),
    Replace(Go),
    Show,
    Back,
    Home,
    Quit,
}

/// Runs `effect` to its end: each call's answer is the next effect.
pub fn run<S>(
    state: &mut S,
    ctx: &mut super::ctx::Ctx,
    desk: &dyn DeskApi,
    mut effect: Effect<S>,
) -> Result<Nav> {
    loop {
        effect = match effect {
            Effect::Call(f) => f(desk, state, ctx)?,
            Effect::None => return Ok(Nav::Stay),
            Effect::Pass => return Ok(Nav::Pass),
            Effect::Go(g) => return Ok(Nav::Go(g)),
            Effect::Replace(g) => return Ok(Nav::Replace(g)),
            Effect::Show => return Ok(Nav::Show),
            Effect::Back => return Ok(Nav::Back),
            Effect::Home => return Ok(Nav::Home),
            Effect::Quit => return Ok(Nav::Quit),
        };
    }
}
