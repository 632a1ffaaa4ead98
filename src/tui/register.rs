//! Keys on the registration screen: typing, moving between fields, finding
//! the person, saving, and leaving (which asks first when something was typed).

use super::action::Action;
use super::form::Field;
use super::input::TextInput;
use super::model::{Model, Msg};
use super::popup::Popup;
use crate::service::{DeskApi, Result, ServiceError};

pub fn update(model: &mut Model, msg: Msg, desk: &dyn DeskApi) -> Result<()> {
    let Some(form) = model.form.as_mut() else {
        model.stack.pop();
        return Ok(());
    };
    match msg {
        Msg::Text(s) => form.type_text(&s, desk)?,
        Msg::Backspace => form.edit(TextInput::backspace, desk)?,
        Msg::Delete => form.edit(TextInput::delete, desk)?,
        Msg::Left => form.side(-1, desk)?,
        Msg::Right => form.side(1, desk)?,
        Msg::Action(a) => return action(model, a, desk),
        // Worker answers and changes are taken before screens see messages.
        Msg::Progress(..) | Msg::Done(..) | Msg::Changed(..) => {}
    }
    Ok(())
}

fn action(model: &mut Model, a: Action, desk: &dyn DeskApi) -> Result<()> {
    let t = model.lang.text();
    let Some(form) = model.form.as_mut() else {
        return Ok(());
    };
    match a {
        Action::Up if form.picking() => form.pick(-1),
        Action::Down if form.picking() => form.pick(1),
        Action::Open if form.picking() => form.choose(desk)?,
        Action::NextField | Action::Down | Action::Open => form.step(1),
        Action::PrevField | Action::Up => form.step(-1),
        Action::First => form.focus = Field::Channel,
        Action::Last => form.focus = Field::Abnormal,
        Action::Save => save(model, desk)?,
        Action::Back => {
            if form.changed {
                model.popup = Some(Popup::DiscardForm);
            } else {
                model.form = None;
                model.stack.pop();
            }
        }
        Action::Quit => {
            // The draft keeps what was typed; quitting loses nothing.
            model.keep_draft(desk)?;
            model.quit = true;
        }
        Action::Help => model.push(super::model::Screen::Help),
        Action::Lookup => model.push(super::model::Screen::Lookup),
        Action::Home => {
            model.keep_draft(desk)?;
            model.stack.truncate(1);
            model.home = desk.home_counts(model.today)?;
        }
        _ => model.status = Some(t.form_keys.into()),
    }
    Ok(())
}

/// Saves the form if it is valid; the ledger number is shown only after the
/// store has flushed (the service flushes before it returns).
fn save(model: &mut Model, desk: &dyn DeskApi) -> Result<()> {
    let t = model.lang.text();
    let Some(form) = model.form.as_mut() else {
        return Ok(());
    };
    form.show_errors = true;
    form.refresh(desk)?;
    if !form.preview.errors.is_empty() {
        model.status = Some(t.form_has_errors.into());
        return Ok(());
    }
    let (r, _) = form.registration(desk)?;
    match desk.register(r) {
        Ok(saved) => {
            desk.discard_draft()?;
            model.form = None;
            model.stack.pop();
            model.home = desk.home_counts(model.today)?;
            model.status = Some(format!("{}{}", t.saved_ledger, saved.ledger));
        }
        Err(ServiceError::Form(errors)) => {
            form.preview.errors = errors;
            model.status = Some(t.form_has_errors.into());
        }
        // Refused (a role, a locked store): said, and the form stays.
        Err(e) => model.status = Some(model.lang.error(&e)),
    }
    Ok(())
}
