//! The terminal: raw mode, alternate screen and bracketed paste on the way in;
//! everything restored on the way out — after a normal quit, a panic, SIGHUP
//! (a dropped SSH session) or SIGTERM — with the store flushed first.

use super::action::Action;
use super::draw::{draw, fits};
use super::keymap::{Key, Keymap};
use super::model::{update, Model, Msg};
use super::report;
use super::theme::Theme;
use crate::i18n::Lang;
use crate::service::{DeskApi, ServiceError};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind,
};
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::Terminal;
use std::io::{stdout, BufWriter, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

fn io(e: std::io::Error) -> ServiceError {
    ServiceError::Io {
        path: "terminal".into(),
        source: e,
    }
}

fn restore() {
    let _ = disable_raw_mode();
    let mut out = stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

/// How often the loop looks at the signal flags while no key arrives. Nothing
/// is drawn unless an event came.
const SIGNAL_CHECK: Duration = Duration::from_millis(200);

/// How often the loop looks for a running report's progress.
const JOB_CHECK: Duration = Duration::from_millis(50);

/// What the terminal has for the event loop.
enum TtyState {
    Quiet,
    Woken,
    HungUp,
}

/// Waits up to `timeout` for input on the terminal. Asked before crossterm
/// reads: once the terminal is gone (a closed SSH session, a killed tmux pane)
/// crossterm's reader retries a read of nothing forever, never returning to
/// this loop (crossterm#793), so a hang-up must be seen here first.
fn wait_for_terminal(timeout: Duration) -> TtyState {
    use nix::errno::Errno;
    use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
    use std::os::fd::AsFd;
    let stdin = std::io::stdin();
    let gone = PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL;
    let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::POLLIN)];
    let ms = PollTimeout::try_from(timeout).unwrap_or(PollTimeout::MAX);
    match poll(&mut fds, ms) {
        Ok(0) => TtyState::Quiet,
        Ok(_) if fds[0].revents().is_some_and(|r| r.intersects(gone)) => TtyState::HungUp,
        Ok(_) => TtyState::Woken,
        // A signal handler ran: look again at once, the flags may say stop.
        Err(Errno::EINTR) => match wait_for_terminal(Duration::ZERO) {
            TtyState::HungUp => TtyState::HungUp,
            _ => TtyState::Woken,
        },
        Err(_) => TtyState::HungUp,
    }
}

/// Turns a terminal event into a message for the current screen. While the
/// terminal is too small to show the screen, only quit is taken: nothing
/// acts unseen.
pub fn message(model: &Model, keys: &Keymap, ev: &Event) -> Option<Msg> {
    if model.size.is_some_and(|(w, h)| !fits(w, h)) {
        return match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                let key = Key::from_event(*k)?;
                let quit = keys.resolve("global", key) == Some(Action::Quit);
                quit.then_some(Msg::Action(Action::Quit))
            }
            _ => None,
        };
    }
    match ev {
        Event::Paste(s) if model.takes_text() => Some(Msg::Text(s.clone())),
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let key = Key::from_event(*k)?;
            if model.takes_text() {
                if let Some(msg) = key.line_edit() {
                    return Some(msg);
                }
            }
            keys.resolve(model.section(), key).map(Msg::Action)
        }
        _ => None,
    }
}

/// A flag raised by SIGHUP (a dropped SSH session) or SIGTERM; a panic
/// restores the terminal before it is reported.
fn on_signals_and_panics() -> Result<Arc<AtomicBool>, ServiceError> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGHUP, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, Arc::clone(&stop)).map_err(io)?;
    }
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        tracing::error!("panic: {info}");
        hook(info);
    }));
    Ok(stop)
}

/// Starts the report the screens asked for on a worker thread, which sends
/// its progress and its answer to the inbox.
fn start_report<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    model: &mut Model,
    desk: &'env dyn DeskApi,
    answers: &mpsc::Sender<Msg>,
) {
    let Some((n, job)) = model.ctx.report.pending.take() else {
        return;
    };
    let (tx, rules, lang) = (answers.clone(), model.ctx.report.rules(), model.ctx.lang);
    scope.spawn(move || {
        let mut last = 0;
        let out = report::run(desk, &job, &rules, &mut |p| {
            if p != last {
                last = p;
                let _ = tx.send(Msg::Progress(n, p));
            }
        });
        let _ = tx.send(Msg::Done(n, out.map_err(|e| lang.error(&e))));
    });
}

/// What the terminal brought: keys and pastes go to the screens, a pause
/// keeps the form as a draft. `None` when the terminal hung up, else
/// whether the screen must be drawn again.
fn take_input(
    state: TtyState,
    model: &mut Model,
    keys: &Keymap,
    desk: &dyn DeskApi,
) -> Result<Option<bool>, ServiceError> {
    match state {
        TtyState::HungUp => Ok(None),
        // Typing paused: keep the half-typed form as a draft, have it checked.
        // A resize may be waiting all the same: its signal can reach another
        // thread and leave the terminal quiet.
        TtyState::Quiet => {
            let paused = model.pause(desk);
            let redraw = paused.as_ref().map_or(true, |redraw| *redraw);
            model.said(paused.map(|_| ()))?;
            Ok(Some(read_events(model, keys, desk)? | redraw))
        }
        // A signal (a resize among them) or input: crossterm reads it.
        TtyState::Woken => {
            read_events(model, keys, desk)?;
            Ok(Some(true))
        }
    }
}

/// Reads every event crossterm has now, coalescing a burst (resizes among
/// them) into one redraw; true if there was any.
fn read_events(model: &mut Model, keys: &Keymap, desk: &dyn DeskApi) -> Result<bool, ServiceError> {
    let mut any = false;
    while event::poll(Duration::ZERO).map_err(io)? {
        any = true;
        let ev = event::read().map_err(io)?;
        if let Event::Resize(w, h) = ev {
            model.size = Some((w, h));
        }
        if let Some(msg) = message(model, keys, &ev) {
            update(model, msg, desk)?;
        }
    }
    Ok(any)
}

/// Runs the desk screens until the user quits or a signal arrives.
pub fn run(
    desk: &dyn DeskApi,
    lang: Lang,
    keys: &Keymap,
    theme: Theme,
) -> Result<(), ServiceError> {
    if !theme.color {
        // crossterm's own NO_COLOR handling emits a reset that also clears
        // reverse video; our colourless theme never asks for colour instead.
        ratatui::crossterm::style::force_color_output(true);
    }
    let stop = on_signals_and_panics()?;
    tracing::info!(
        "desk opened by {} on {}",
        desk.user().login,
        desk.location()
    );
    let mut model = Model::new(desk, lang, desk.today())?;
    enable_raw_mode().map_err(io)?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste).map_err(io)?;
    // Reports run on worker threads borrowing the desk; the scope outlives
    // them, so quitting waits for a report in flight (well under a second).
    let result = std::thread::scope(|scope| -> Result<(), ServiceError> {
        let (answers, inbox) = mpsc::channel::<Msg>();
        // Another desk's changes arrive on the connection's own thread and
        // wait in the inbox with the reports' answers.
        let changes = answers.clone();
        desk.watch(Box::new(move |c| {
            let _ = changes.send(Msg::Changed(c));
        }))?;
        let mut terminal =
            Terminal::new(CrosstermBackend::new(BufWriter::new(stdout()))).map_err(io)?;
        // crossterm hears of resizes once its reader is set up: set it up
        // now, before the size is read, so that no resize is missed.
        event::poll(Duration::ZERO).map_err(io)?;
        let size = terminal.size().map_err(io)?;
        model.size = Some((size.width, size.height));
        terminal
            .draw(|f| draw(f, &model, keys, &theme))
            .map_err(io)?;
        while !model.quit {
            if stop.load(Ordering::Relaxed) {
                tracing::info!("hang-up or terminate signal: closing the desk");
                break;
            }
            start_report(scope, &mut model, desk, &answers);
            // While a report runs, look at its progress more often.
            let tick = if model.ctx.report.running.is_some() {
                JOB_CHECK
            } else {
                SIGNAL_CHECK
            };
            let state = wait_for_terminal(tick);
            let mut changed = false;
            while let Ok(msg) = inbox.try_recv() {
                update(&mut model, msg, desk)?;
                changed = true;
            }
            match take_input(state, &mut model, keys, desk)? {
                Some(redraw) => changed |= redraw,
                None => {
                    tracing::info!("the terminal hung up: closing the desk");
                    break;
                }
            }
            if changed {
                terminal
                    .draw(|f| draw(f, &model, keys, &theme))
                    .map_err(io)?;
            }
        }
        Ok(())
    });
    close(&mut model, desk, result)
}

/// Leaves the desk: what was typed kept as a draft (a hang-up in the middle
/// of a form loses nothing), the store flushed, the terminal restored; the
/// first failure is the answer.
fn close(
    model: &mut Model,
    desk: &dyn DeskApi,
    result: Result<(), ServiceError>,
) -> Result<(), ServiceError> {
    let kept = model.keep_draft(desk);
    let flushed = desk.flush();
    restore();
    tracing::info!("desk closed by {}", desk.user().login);
    result?;
    kept?;
    flushed?;
    Ok(())
}
