//! Drafts: a half-typed registration is kept in the store as staff type, so
//! a dropped SSH session, a crash or a hang-up loses nothing. One draft per
//! person; the next start offers it.

use super::{Desk, Result};
use crate::domain::Ts;
use crate::store::{WriteSet, T};
use serde::{Deserialize, Serialize};

/// The form's fields by name, as typed. The form owns their meaning, so a
/// draft survives changes to the form's layout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub saved_at: Ts,
    pub fields: Vec<(String, String)>,
}

impl Desk {
    /// Keeps `fields` as this person's draft, flushed: it survives a kill.
    /// Drafts are not audited: a person's own half-typed form is no record of
    /// the office, and the registration it becomes is audited.
    pub fn save_draft(&self, fields: Vec<(String, String)>) -> Result<()> {
        let store = self.store();
        let _guard = store.lock_writes()?;
        let mut ws = WriteSet::new(store);
        let draft = Draft {
            saved_at: self.now(),
            fields,
        };
        ws.put(T::Drafts, self.user().login.as_bytes().to_vec(), &draft);
        ws.commit()?;
        store.flush()?;
        Ok(())
    }

    pub fn draft(&self) -> Result<Option<Draft>> {
        Ok(self
            .store()
            .get::<Draft>(T::Drafts, self.user().login.as_bytes())?)
    }

    pub fn discard_draft(&self) -> Result<()> {
        let store = self.store();
        let _guard = store.lock_writes()?;
        let mut ws = WriteSet::new(store);
        ws.remove(T::Drafts, self.user().login.as_bytes().to_vec());
        ws.commit()?;
        store.flush()?;
        Ok(())
    }
}
