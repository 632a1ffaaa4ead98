//! Popups over the screens: questions before something is discarded or
//! closed in bulk, the draft offered at start, and the matter's action menu
//! and form. The top popup sees every key first.

use super::act::ActionForm;
use super::action::Action;
use super::model::{Model, Msg, Screen};
use crate::domain::Action as Step;
use crate::service::{DeskApi, Result};

pub enum Popup {
    /// Discard the half-typed registration?
    DiscardForm,
    /// Close every matter that is ready to close?
    CloseReady {
        count: usize,
    },
    /// A registration left half-typed by an earlier session.
    DraftOffer {
        saved_at: String,
    },
    /// The actions this person may take on the open matter now.
    ActionMenu {
        actions: Vec<Step>,
        selected: usize,
    },
    ActionForm(ActionForm),
    /// Who, which petitioner and which dates the audit screen shows.
    AuditFilter(super::audit::FilterForm),
    /// A staff change: adding a person, a login's state or role.
    StaffForm(super::admin::StaffForm),
}

impl Popup {
    /// Whether printable keys are text for an input of this popup.
    /// A form takes every printable key and ←/→ even on a choice field, where
    /// the arrows step the choice (the keymap binds no arrows to actions).
    pub fn takes_text(&self) -> bool {
        matches!(
            self,
            Popup::ActionForm(_) | Popup::AuditFilter(_) | Popup::StaffForm(_)
        )
    }
}

/// Applies a message to the top popup.
pub fn update(model: &mut Model, msg: Msg, desk: &dyn DeskApi) -> Result<()> {
    let Some(popup) = model.popup.take() else {
        return Ok(());
    };
    let t = model.lang.text();
    let a = match msg {
        Msg::Action(a) => a,
        text => {
            let mut popup = popup;
            match &mut popup {
                Popup::ActionForm(f) => {
                    if !edit(f.input_mut(), &text) {
                        f.side(arrow(&text));
                    }
                    f.confirming = false;
                }
                Popup::AuditFilter(f) => {
                    edit(Some(f.input_mut()), &text);
                }
                Popup::StaffForm(f) => {
                    if !edit(f.input_mut(), &text) {
                        f.side(arrow(&text));
                    }
                    // A bare confirmation (disable, enable) stays one.
                    f.confirming &= f.fields.is_empty();
                }
                _ => {}
            }
            model.popup = Some(popup);
            return Ok(());
        }
    };
    match (popup, a) {
        (Popup::DiscardForm, Action::Open) => {
            model.form = None;
            desk.discard_draft()?;
            if model.screen() == Screen::Register {
                model.stack.pop();
            }
            model.status = Some(t.form_discarded.into());
        }
        (Popup::CloseReady { .. }, Action::Open) => {
            let closed = desk.close_ready(model.today)?;
            model.status = Some(format!("{}{}", t.closed_count, closed.len()));
            model.reopen_list(desk)?;
        }
        (Popup::DraftOffer { .. }, Action::Open) => model.open_form(desk, true)?,
        (Popup::DraftOffer { .. }, Action::Discard) => {
            desk.discard_draft()?;
            model.status = Some(t.draft_discarded.into());
        }
        (Popup::ActionMenu { actions, selected }, Action::Open) => {
            if let Some(step) = actions.get(selected) {
                model.popup = Some(Popup::ActionForm(ActionForm::new(*step, desk.units()?)));
            }
        }
        (Popup::ActionMenu { actions, selected }, Action::Up | Action::Down) => {
            let last = actions.len().saturating_sub(1);
            let selected = if a == Action::Up {
                selected.saturating_sub(1)
            } else {
                (selected + 1).min(last)
            };
            model.popup = Some(Popup::ActionMenu { actions, selected });
        }
        (Popup::ActionForm(f), a) => {
            model.popup = action_form(model, f, a, desk)?.map(Popup::ActionForm);
        }
        (Popup::AuditFilter(f), a) => {
            model.popup = super::audit::form_key(model, f, a, desk)?.map(Popup::AuditFilter);
        }
        (Popup::StaffForm(f), a) => {
            model.popup = super::admin::form_key(model, f, a, desk)?.map(Popup::StaffForm);
        }
        // Esc closes any popup; other keys leave it as it is.
        (_, Action::Back) => {}
        (popup, _) => model.popup = Some(popup),
    }
    Ok(())
}

/// Typing in a form's focused text field; false when the field is a choice.
pub(super) fn edit(input: Option<&mut super::input::TextInput>, msg: &Msg) -> bool {
    let Some(input) = input else { return false };
    match msg {
        Msg::Text(s) => input.insert(s),
        Msg::Backspace => input.backspace(),
        Msg::Delete => input.delete(),
        Msg::Left => input.left(),
        Msg::Right => input.right(),
        _ => {}
    }
    true
}

/// ← steps a choice back, → on; other keys leave it.
pub(super) fn arrow(msg: &Msg) -> isize {
    match msg {
        Msg::Left => -1,
        Msg::Right => 1,
        _ => 0,
    }
}

/// Keys of the action form: fields, confirmation, and the action itself.
/// Returns the form while it stays open.
fn action_form(
    model: &mut Model,
    mut f: ActionForm,
    a: Action,
    desk: &dyn DeskApi,
) -> Result<Option<ActionForm>> {
    let t = model.lang.text();
    match a {
        Action::Back if f.confirming => f.confirming = false,
        Action::Back => return Ok(None),
        Action::NextField | Action::Down => f.step(1),
        Action::PrevField | Action::Up => f.step(-1),
        Action::Save => f.confirming = true,
        Action::Open if !f.confirming && f.focus + 1 < f.fields.len() => f.step(1),
        Action::Open if !f.confirming => f.confirming = true,
        Action::Open => {
            let Some(ledger) = model.matter.as_ref().map(|m| m.ledger) else {
                return Ok(None);
            };
            let taken = f
                .input_for_service()
                .map_err(|e| e.to_string())
                .and_then(|input| desk.act(ledger, input).map_err(|e| model.lang.error(&e)));
            match taken {
                Ok(m) => {
                    model.status = Some(format!(
                        "{}{} {}",
                        t.done,
                        model.lang.step(f.action),
                        m.ledger
                    ));
                    model.show_matter(Some(m), desk)?;
                    return Ok(None);
                }
                // A refusal is shown in the form; nothing was changed.
                Err(e) => {
                    f.error = Some(e);
                    f.confirming = false;
                }
            }
        }
        _ => {}
    }
    Ok(Some(f))
}
