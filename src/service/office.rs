//! The office's settings for its numbers (`xfdesk office`): skip-level
//! allowance, collective threshold, the levels that end 零访. Changing the
//! allowance derives every stored contact's skip-level flag again, in the
//! same all-or-nothing write as the setting, so no report mixes the two.

use super::{deed, Desk, Result, ServiceError};
use crate::domain::derive::rederive_flags;
use crate::domain::office::OfficeRules;
use crate::domain::permit::Duty;
use crate::domain::Matter;
use crate::store::{WriteSet, T};
use serde::{Deserialize, Serialize};

/// What a change of setting did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeChanged {
    pub key: String,
    pub old: String,
    pub new: String,
    /// Matters whose contacts' skip-level flags changed with it.
    pub matters_rederived: usize,
}

impl Desk {
    pub fn office_rules(&self) -> Result<OfficeRules> {
        Ok(OfficeRules::clone(&self.store().office()))
    }

    /// Sets one office setting by name (admins only, audited).
    pub fn set_office_setting(&self, key: &str, value: &str) -> Result<OfficeChanged> {
        self.require(Duty::Administer, deed::SET_OFFICE)?;
        let store = self.store();
        let _guard = store.lock_writes()?;
        if let Some(changed) = self.set_notice_setting(key, value)? {
            return Ok(changed);
        }
        let old = store.office();
        let new = old.with(key, value).map_err(ServiceError::Invalid)?;
        let mut ws = WriteSet::new(store);
        let mut rederived = 0;
        if new.skip_level_allowance != old.skip_level_allowance {
            for r in store.records::<Matter>(T::Matters) {
                let (_, stored) = r?;
                let mut m = stored.clone();
                if rederive_flags(&mut m, new.skip_level_allowance) {
                    ws.matter(Some(&stored), &m);
                    rederived += 1;
                }
            }
        }
        let changed = OfficeChanged {
            key: key.to_string(),
            old: old.get(key).unwrap_or_default(),
            new: new.get(key).unwrap_or_default(),
            matters_rederived: rederived,
        };
        ws.set_office(&new);
        self.audit(
            &mut ws,
            "settings".into(),
            format!(
                "office setting {key}: {} (was {}); skip-level derived again on {rederived} matters",
                changed.new, changed.old
            ),
        )?;
        ws.commit()?;
        store.flush()?;
        Ok(changed)
    }

    /// Sets one of the notice settings (`office_name`, `print_command`,
    /// `notice_templates`, `notice_number.<kind>`); `None` when `key` is
    /// none of them. A templates directory is checked whole first. The
    /// caller holds the write lock.
    fn set_notice_setting(&self, key: &str, value: &str) -> Result<Option<OfficeChanged>> {
        let store = self.store();
        let old = store.notice_settings()?;
        let Some(new) = old.with(key, value) else {
            return Ok(None);
        };
        let new = new.map_err(ServiceError::Invalid)?;
        if key == crate::domain::notice::settings::TEMPLATES && !new.templates.is_empty() {
            super::notice::load_templates(Some(std::path::Path::new(&new.templates)))?;
        }
        let changed = OfficeChanged {
            key: key.to_string(),
            old: old.get(key).unwrap_or_default(),
            new: new.get(key).unwrap_or_default(),
            matters_rederived: 0,
        };
        let mut ws = WriteSet::new(store);
        ws.set_notice_settings(&new);
        self.audit(
            &mut ws,
            "settings".into(),
            format!(
                "office setting {key}: {} (was {})",
                changed.new, changed.old
            ),
        )?;
        ws.commit()?;
        store.flush()?;
        Ok(Some(changed))
    }
}
