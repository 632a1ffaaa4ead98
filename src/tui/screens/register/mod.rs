//! Registration (F2): typing, moving between fields, finding the person,
//! saving, and leaving — which asks first when something was typed. The
//! form is kept while staff look something up, and as a draft when typing
//! pauses.

pub mod draw;
pub mod form;
mod state;
pub use state::State;

use crate::domain::permit::{may, Duty};
use crate::service::{deed, DeskApi, Result, ServiceError};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::i18n::register_words;
use crate::tui::effect::{Effect, Go, Msg, Returning};
use crate::tui::screen::{keep, question, unchanged, Def};
use crate::tui::widgets::input::TextInput;
use form::{Field, RegisterForm};

pub const DEF: Def<State> = Def {
    section: "register",
    hints: &[Action::NextField, Action::Save, Action::Back, Action::Help],
    title: |_, m| m.lang.text().screen_register.into(),
    takes_text: |s| !s.confirm_discard,
    opened_by: |a| (a == Action::Register).then_some(Go::Register { from_draft: true }),
    open,
    update,
    refresh: unchanged,
    hidden: keep,
    draw: draw::draw,
    offers: |s, _, a| {
        use Action as A;
        if s.confirm_discard {
            return question(a);
        }
        // The shell's other keys (F4–F8) would leave a half-typed form.
        matches!(
            a,
            A::Help
                | A::Lookup
                | A::Home
                | A::Quit
                | A::Back
                | A::NextField
                | A::PrevField
                | A::Up
                | A::Down
                | A::Open
                | A::First
                | A::Last
                | A::Save
        )
    },
};

/// Keeps the form as a draft if it changed since the last one: the event
/// loop calls this when typing pauses and before it exits.
pub fn keep_draft(s: &mut State, desk: &dyn DeskApi) -> Result<()> {
    if let Some(f) = s.form.as_mut().filter(|f| f.draft_dirty) {
        desk.save_draft(f.to_draft())?;
        f.draft_dirty = false;
        tracing::info!("draft kept for {}", desk.user().login);
    }
    Ok(())
}

/// Opens the form in progress, else a new one, refilled from the draft when
/// asked, or on the person (or matter) someone returns with. A form being
/// typed is never replaced: it is shown, and said to be in progress. A
/// leader looks and reports: the form would only be refused on saving.
fn open(s: &mut State, m: &mut Ctx, go: Go) -> Effect<State> {
    let (from_draft, returning) = match go {
        Go::Register { from_draft } => (from_draft, None),
        Go::RegisterFor(r) => (false, Some(r)),
        _ => return Effect::None,
    };
    if !may(m.role, Duty::Register) {
        m.refuse(deed::REGISTER);
        return Effect::None;
    }
    match &s.form {
        Some(f) if returning.is_some() && f.changed => {
            m.status = Some(register_words(m.lang).form_in_progress.into());
            return Effect::Show;
        }
        Some(_) if returning.is_none() => return Effect::Show,
        _ => {}
    }
    Effect::call(move |desk, s: &mut State, m| {
        let mut form = RegisterForm::new(desk)?;
        match returning {
            Some(Returning::Person(who)) => form.returning(who, None, desk)?,
            Some(Returning::Matter(ledger)) => {
                if let Some(who) = desk.matter(ledger)?.and_then(|x| x.petitioners.first().copied()) {
                    form.returning(who, Some(ledger), desk)?;
                }
            }
            None if from_draft => {
                if let Some(d) = desk.draft()? {
                    form.restore(&d.fields, desk)?;
                    m.status = Some(m.lang.text().draft_restored.into());
                }
            }
            None => {}
        }
        s.form = Some(form);
        Ok(Effect::Show)
    })
}

/// Runs `op` on the form with the desk (a preview, candidates, repeats).
fn with_form(
    op: impl FnOnce(&mut RegisterForm, &dyn DeskApi) -> Result<()> + 'static,
) -> Effect<State> {
    Effect::call(move |desk, s: &mut State, _| {
        if let Some(form) = s.form.as_mut() {
            op(form, desk)?;
        }
        Ok(Effect::None)
    })
}

fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    if s.confirm_discard {
        s.confirm_discard = false;
        return match msg {
            Msg::Action(Action::Open) => discard(m),
            Msg::Action(Action::Back) => Effect::None,
            _ => {
                s.confirm_discard = true;
                Effect::None
            }
        };
    }
    if s.form.is_none() {
        return Effect::Back;
    }
    match msg {
        Msg::Text(text) => with_form(move |f, desk| f.type_text(&text, desk)),
        Msg::Backspace => with_form(|f, desk| f.edit(TextInput::backspace, desk)),
        Msg::Delete => with_form(|f, desk| f.edit(TextInput::delete, desk)),
        Msg::Left => with_form(|f, desk| f.side(-1, desk)),
        Msg::Right => with_form(|f, desk| f.side(1, desk)),
        Msg::Edit(e) => with_form(move |f, desk| f.line_edit(e, desk)),
        Msg::Action(a) => action(s, m, a),
        // Worker answers and changes are taken before screens see messages.
        Msg::Progress(..) | Msg::Done(..) | Msg::Changed(..) => Effect::None,
    }
}

fn action(s: &mut State, m: &mut Ctx, a: Action) -> Effect<State> {
    let Some(form) = s.form.as_mut() else {
        return Effect::None;
    };
    match a {
        Action::Up if form.picking() => form.pick(-1),
        Action::Down if form.picking() => form.pick(1),
        Action::Open if form.picking() => return with_form(|f, desk| f.take(desk)),
        // Leaving a field has the service check what was typed in it.
        Action::NextField | Action::Down | Action::Open => return leave(|f| f.step(1)),
        Action::PrevField | Action::Up => return leave(|f| f.step(-1)),
        Action::First => return leave(|f| f.focus = Field::Channel),
        Action::Last => return leave(|f| f.focus = Field::Abnormal),
        Action::Save => return save(m),
        Action::Back if form.changed => s.confirm_discard = true,
        Action::Back => {
            s.form = None;
            return Effect::Back;
        }
        // The draft keeps what was typed; quitting or going home loses nothing.
        Action::Quit | Action::Home => {
            let next = if a == Action::Quit {
                Effect::Quit
            } else {
                Effect::Home
            };
            return Effect::call(move |desk, s: &mut State, _| {
                keep_draft(s, desk)?;
                Ok(next)
            });
        }
        Action::Help | Action::Lookup => return Effect::Pass,
        _ => m.status = Some(m.lang.text().form_keys.into()),
    }
    Effect::None
}

/// Moves the focus with `to`, then has the service check the form if text
/// was typed.
fn leave(to: fn(&mut RegisterForm)) -> Effect<State> {
    with_form(move |f, desk| {
        to(f);
        f.settle(desk).map(|_| ())
    })
}

/// Has the service check what was typed before typing paused; true when the
/// screen changed.
pub fn settle(s: &mut State, desk: &dyn DeskApi) -> Result<bool> {
    match s.form.as_mut() {
        Some(f) => f.settle(desk),
        None => Ok(false),
    }
}

/// Throws the form and its draft away.
fn discard(m: &Ctx) -> Effect<State> {
    let said = m.lang.text().form_discarded;
    Effect::call(move |desk, s: &mut State, m| {
        s.form = None;
        desk.discard_draft()?;
        m.status = Some(said.into());
        Ok(Effect::Back)
    })
}

/// Saves the form if it is valid; the ledger number is shown only after the
/// store has flushed (the service flushes before it returns), and the matter
/// saved (new, or the one repeated) opens in the form's place.
fn save(m: &Ctx) -> Effect<State> {
    let t = m.lang.text();
    Effect::call(move |desk, s: &mut State, m| {
        let Some(form) = s.form.as_mut() else {
            return Ok(Effect::None);
        };
        form.show_errors = true;
        // The registration is built once and the service checks it once, as
        // it saves; only a form with problems of its own is previewed, so
        // that every problem is shown together.
        let (r, local) = form.registration(desk)?;
        if !local.is_empty() {
            form.refresh(desk)?;
            m.status = Some(t.form_has_errors.into());
            return Ok(Effect::None);
        }
        let walk_in = r.channel == crate::domain::Channel::Visit;
        match desk.register(r) {
            Ok(saved) => {
                desk.discard_draft()?;
                s.form = None;
                // A walk-in leaves with a receipt: offered as the matter opens.
                if walk_in {
                    m.offer_notice = Some((saved.ledger, crate::domain::NoticeKind::Receipt));
                }
                m.status = Some(format!("{}{}", t.saved_ledger, saved.ledger));
                Ok(Effect::Replace(Go::Matter(saved.ledger)))
            }
            Err(ServiceError::Form(errors)) => {
                form.refresh(desk)?;
                form.preview.errors = errors;
                m.status = Some(t.form_has_errors.into());
                Ok(Effect::None)
            }
            // Refused (a role, a locked store): said, and the form stays.
            Err(e) => {
                m.say_error(&e);
                Ok(Effect::None)
            }
        }
    })
}
