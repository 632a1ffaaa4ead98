//! The table of screens. Each screen is one module that owns its state, its
//! pure `update` (which returns an `Effect` instead of doing I/O), its `draw`,
//! its hints and its keymap section, gathered in a `DEF`. The one table
//! below lists them: from it come the `Screen` ids, the states the desk
//! keeps, the keymap's sections, and the dispatch the shell uses.
//!
//! Adding a screen: write `screens/<name>.rs` with a `State` and a `DEF`,
//! and add its line to the table. A screen opens another through `Go`,
//! never by naming it, so no screen imports another.

use super::action::Action;
use super::ctx::{Ctx, View};
use super::effect::{run, Go, Msg, Nav};
use crate::service::{DeskApi, Result};
use ratatui::layout::Rect;
use ratatui::Frame;

macro_rules! screens {
    ($($variant:ident => $module:ident,)*) => {
        $(pub mod $module;)*

        /// Which screen: one per module of the table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Screen { $($variant),* }

        /// Every screen's state, kept while the desk runs: a form stays
        /// half-typed while staff look something up, a lookup keeps its query.
        #[derive(Default)]
        pub struct States { $(pub $module: $module::State,)* }

        /// The keymap's sections: `global`, then each screen's.
        pub const SECTIONS: &[&str] = &["global", $($module::DEF.section),*];

        impl Screen {
            pub const ALL: &'static [Screen] = &[$(Screen::$variant),*];

            /// The screen's keymap section.
            pub fn section(self) -> &'static str {
                match self { $(Screen::$variant => $module::DEF.section,)* }
            }

            /// The actions the hint bar offers on the screen.
            pub fn hints(self) -> &'static [Action] {
                match self { $(Screen::$variant => $module::DEF.hints,)* }
            }

            pub fn from_section(section: &str) -> Option<Screen> {
                Screen::ALL.iter().copied().find(|s| s.section() == section)
            }
        }

        impl States {
            pub fn title(&self, screen: Screen, ctx: &Ctx) -> String {
                match screen { $(Screen::$variant => ($module::DEF.title)(&self.$module, ctx),)* }
            }

            pub fn takes_text(&self, screen: Screen) -> bool {
                match screen { $(Screen::$variant => ($module::DEF.takes_text)(&self.$module),)* }
            }

            /// Where a global key goes: the screen that says it opens on it.
            pub fn opened_by(a: Action) -> Option<Go> {
                None$(.or_else(|| ($module::DEF.opened_by)(a)))*
            }

            pub fn open(&mut self, screen: Screen, ctx: &mut Ctx, desk: &dyn DeskApi, go: Go) -> Result<Nav> {
                match screen { $(Screen::$variant => {
                    let e = ($module::DEF.open)(&mut self.$module, ctx, go);
                    run(&mut self.$module, ctx, desk, e)
                })* }
            }

            pub fn update(&mut self, screen: Screen, ctx: &mut Ctx, desk: &dyn DeskApi, msg: Msg) -> Result<Nav> {
                match screen { $(Screen::$variant => {
                    let e = ($module::DEF.update)(&mut self.$module, ctx, msg);
                    run(&mut self.$module, ctx, desk, e)
                })* }
            }

            pub fn refresh(&mut self, screen: Screen, ctx: &mut Ctx, desk: &dyn DeskApi, on_stack: bool) -> Result<Nav> {
                match screen { $(Screen::$variant => {
                    let e = ($module::DEF.refresh)(&mut self.$module, ctx, on_stack);
                    run(&mut self.$module, ctx, desk, e)
                })* }
            }

            pub fn hidden(&mut self, screen: Screen) {
                match screen { $(Screen::$variant => ($module::DEF.hidden)(&mut self.$module),)* }
            }

            /// Whether `a` does something on `screen` now for this person:
            /// what help and the hint bar offer.
            pub fn offers(&self, screen: Screen, ctx: &Ctx, a: Action) -> bool {
                a.permitted(ctx.role)
                    && match screen { $(Screen::$variant => ($module::DEF.offers)(&self.$module, ctx, a),)* }
            }

            pub fn draw(&self, screen: Screen, f: &mut Frame, area: Rect, view: &View) {
                match screen { $(Screen::$variant => ($module::DEF.draw)(f, area, &self.$module, view),)* }
            }
        }
    };
}

screens! {
    Home => home,
    Lookup => lookup,
    Card => card,
    Matter => matter,
    List => list,
    Register => register,
    Scorecard => scorecard,
    Stats => stats,
    Brief => brief,
    Units => units,
    Undelivered => undelivered,
    Cases => cases,
    Drill => drill,
    ZeroVisit => villages,
    Audit => audit,
    Staff => staff,
    Help => help,
    CaseReport => case_report,
    Supervision => supervision,
    ReceptionRota => rota,
    KeyPersons => keylist,
}
