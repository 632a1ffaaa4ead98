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
