//! What the registration screen holds.

use super::form::RegisterForm;

#[derive(Default)]
pub struct State {
    /// The registration being typed, kept while staff look something up.
    pub form: Option<RegisterForm>,
    /// Asking whether to throw away what was typed.
    pub confirm_discard: bool,
}
