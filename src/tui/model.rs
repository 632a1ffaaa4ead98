//! The shell: the stack of screens, the context they share, and `update`,
//! which hands each message to the screen on top, runs the effects it asks
//! for and follows where it goes. Drawing reads this and nothing else; the
//! clock is injected, so a render is repeatable.

use super::ctx::Ctx;
pub use super::effect::Msg;
use super::effect::{Go, Nav};
pub use super::lists::List;
use super::report::ReportState;
use super::screens::register;
pub use super::screens::{Screen, States};
use crate::i18n::Lang;
use crate::service::{DeskApi, Result, ServiceError};
use time::Date;

pub struct Model {
    pub ctx: Ctx,
    pub stack: Vec<Screen>,
    /// Every screen's state (`s.lookup`, `s.card`…).
    pub s: States,
    pub quit: bool,
    /// The terminal's size as last seen (columns, rows); keys wait while
    /// it is too small to show the screen.
    pub size: Option<(u16, u16)>,
}

impl Model {
    pub fn new(desk: &dyn DeskApi, lang: Lang, today: Date) -> Result<Model> {
        let user = desk.user();
        let tz = desk.tz();
        let ctx = Ctx {
            lang,
            today,
            tz,
            user: user.name.clone(),
            login: user.login.clone(),
            role: user.role,
            towns: desk.town_names()?,
            // Said at once when this year has no holiday schedule on file.
            status: desk
                .holiday_warning(today)?
                .map(|year| lang.no_holiday_list(year)),
            report: ReportState::new(today, desk.stat_start_day()?),
            offer_notice: None,
        };
        let mut s = States::default();
        s.home.counts = desk.home_counts(today)?;
        s.home.extras = super::screens::home::extras(desk, user.role, today)?;
        s.home.leader = super::screens::home::leader_summary(desk, user.role, today)?;
        // A registration left half-typed last time is offered first.
        s.home.draft_offer = desk
            .draft()?
            .map(|d| super::widgets::records::show_time(d.saved_at, tz));
        Ok(Model {
            ctx,
            stack: vec![Screen::Home],
            s,
            quit: false,
            size: None,
        })
    }

    pub fn screen(&self) -> Screen {
        *self.stack.last().unwrap_or(&Screen::Home)
    }

    /// Whether printable keys are text for an input now.
    pub fn takes_text(&self) -> bool {
        self.s.takes_text(self.screen())
    }

    /// The keymap section for keys now: the screen's.
    pub fn section(&self) -> &'static str {
        self.screen().section()
    }

    /// Keeps the registration form as a draft if it changed since the last
    /// one: the event loop calls this when typing pauses and before it exits.
    pub fn keep_draft(&mut self, desk: &dyn DeskApi) -> Result<()> {
        register::keep_draft(&mut self.s.register, desk)
    }

    /// Typing paused: the form is kept as a draft and checked by the
    /// service. True when the screen changed.
    pub fn pause(&mut self, desk: &dyn DeskApi) -> Result<bool> {
        self.keep_draft(desk)?;
        register::settle(&mut self.s.register, desk)
    }

    /// A server that stopped, or is not back yet, is said on the status
    /// line and the desk stays open: its next step tries the server again.
    /// Any other failure ends the desk as before.
    pub fn said(&mut self, result: Result<()>) -> Result<()> {
        match result {
            Err(e @ (ServiceError::Stopped { .. } | ServiceError::Server { .. })) => {
                self.ctx.say_error(&e);
                Ok(())
            }
            other => other,
        }
    }

    fn push(&mut self, s: Screen) {
        if self.screen() != s {
            self.stack.push(s);
        }
    }
}

/// Applies one message.
pub fn update(model: &mut Model, msg: Msg, desk: &dyn DeskApi) -> Result<()> {
    let result = apply(model, msg, desk);
    // What a screen must not keep once it is not on top (whole numbers on
    // a card) is forgotten now.
    let top = model.screen();
    for screen in Screen::ALL.iter().filter(|s| **s != top) {
        model.s.hidden(*screen);
    }
    model.said(result)
}

fn apply(model: &mut Model, msg: Msg, desk: &dyn DeskApi) -> Result<()> {
    // Answers from the worker arrive whatever is on screen.
    match msg {
        Msg::Progress(n, p) => {
            model.ctx.report.progress(n, p);
            return Ok(());
        }
        Msg::Done(n, out) => {
            if let Some(e) = model.ctx.report.done(n, out) {
                model.ctx.status = Some(e);
            }
            return Ok(());
        }
        Msg::Changed(c) => {
            tracing::debug!("{} changed records ({})", c.by, c.what);
            return refresh_all(model, desk);
        }
        _ => {}
    }
    model.ctx.status = None;
    let top = model.screen();
    let action = match &msg {
        Msg::Action(a) => Some(*a),
        _ => None,
    };
    let nav = model.s.update(top, &mut model.ctx, desk, msg)?;
    match (nav, action) {
        (Nav::Pass, Some(a)) => global(model, a, desk),
        (nav, _) => follow(model, top, nav, desk),
    }
}

/// Keys no screen took: leaving, going home, and the keys that open screens.
fn global(model: &mut Model, a: crate::tui::action::Action, desk: &dyn DeskApi) -> Result<()> {
    use crate::tui::action::Action;
    match a {
        Action::Quit => model.quit = true,
        Action::Back => back(model, desk)?,
        Action::Home => home(model, desk)?,
        _ => {
            if let Some(go) = States::opened_by(a) {
                open(model, go, desk)?;
            }
        }
    }
    Ok(())
}

/// Where `from` asked to go.
fn follow(model: &mut Model, from: Screen, nav: Nav, desk: &dyn DeskApi) -> Result<()> {
    match nav {
        Nav::Stay | Nav::Pass => {}
        Nav::Go(go) => open(model, go, desk)?,
        Nav::Replace(go) => {
            if model.screen() == from && model.stack.len() > 1 {
                model.stack.pop();
            }
            open(model, go, desk)?
        }
        Nav::Show => model.push(from),
        Nav::Back => back(model, desk)?,
        Nav::Home => home(model, desk)?,
        Nav::Quit => model.quit = true,
    }
    Ok(())
}

/// Opens the screen `go` names; it shows itself once loaded, or says why not.
fn open(model: &mut Model, go: Go, desk: &dyn DeskApi) -> Result<()> {
    let Some(target) = Screen::from_section(go.section()) else {
        return Ok(());
    };
    let nav = model.s.open(target, &mut model.ctx, desk, go)?;
    follow(model, target, nav, desk)
}

fn back(model: &mut Model, desk: &dyn DeskApi) -> Result<()> {
    if model.stack.len() > 1 {
        model.stack.pop();
    }
    if model.screen() == Screen::Home {
        model.s.refresh(Screen::Home, &mut model.ctx, desk, true)?;
    }
    Ok(())
}

fn home(model: &mut Model, desk: &dyn DeskApi) -> Result<()> {
    model.stack.truncate(1);
    model.s.refresh(Screen::Home, &mut model.ctx, desk, true)?;
    Ok(())
}

/// Reads again what the screens show from the records, keeping each
/// screen's place: another desk registered a contact or acted on a matter.
fn refresh_all(model: &mut Model, desk: &dyn DeskApi) -> Result<()> {
    for screen in Screen::ALL {
        let on_stack = model.stack.contains(screen);
        model.s.refresh(*screen, &mut model.ctx, desk, on_stack)?;
    }
    Ok(())
}

/// Runs the pending report job here and now: for tests and for callers
/// without a worker thread.
pub fn run_pending(model: &mut Model, desk: &dyn DeskApi) -> Result<()> {
    if let Some((n, job)) = model.ctx.report.pending.take() {
        let out = super::report::run(desk, &job, &model.ctx.report.rules(), &mut |_| {});
        let msg = Msg::Done(n, out.map_err(|e| model.ctx.lang.error(&e)));
        update(model, msg, desk)?;
    }
    Ok(())
}
