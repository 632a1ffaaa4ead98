//! The office's own settings for the numbers it reports (docs/rules.md#office-settings): how
//! far above the body with authority a visit may go before it is 越级, how
//! many people make a visit collective, and which visits end a village's
//! 零访. Kept in the database, so every desk and report agrees.

use super::derive::DEFAULT_COLLECTIVE_MIN;
use super::model::{Channel, Level};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The 条例 lets a visitor go to the body with authority or the one above it
/// (本级或者上一级); 0 where a province requires the 本级 only.
pub const DEFAULT_SKIP_LEVEL_ALLOWANCE: u8 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeRules {
    /// Levels above the body with authority a visit may reach and not be 越级.
    pub skip_level_allowance: u8,
    /// Headcount from which a contact is collective (集体访).
    pub collective_min_headcount: u32,
    /// The levels at which a visit (走访) ends a village's 零访 in a period.
    pub zero_visit_levels: BTreeSet<Level>,
    /// Months without a contact after which a person leaves the 上访老户 /
    /// key-person list.
    #[serde(default, deserialize_with = "super::compat::since_v4")]
    pub key_list_months: ListMonths,
}

/// Months on the key-person list; 12 unless the office says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListMonths(pub u16);

impl Default for ListMonths {
    fn default() -> Self {
        ListMonths(super::keylist::DEFAULT_LIST_MONTHS)
    }
}

impl Default for OfficeRules {
    fn default() -> Self {
        OfficeRules {
            skip_level_allowance: DEFAULT_SKIP_LEVEL_ALLOWANCE,
            collective_min_headcount: DEFAULT_COLLECTIVE_MIN,
            zero_visit_levels: [Level::County, Level::City, Level::Province, Level::National]
                .into_iter()
                .collect(),
            key_list_months: ListMonths::default(),
        }
    }
}

/// The settings by name, as `xfdesk office` shows and sets them.
pub const KEYS: [&str; 4] = [
    "skip_level_allowance",
    "collective_min_headcount",
    "zero_visit_levels",
    "key_list_months",
];

impl OfficeRules {
    /// Whether a contact ends its villages' 零访: a visit at one of the levels.
    /// Letters, calls and online petitions never do.
    pub fn ends_zero_visit(&self, channel: Channel, level: Level) -> bool {
        channel == Channel::Visit && self.zero_visit_levels.contains(&level)
    }

    /// One setting as text (`county,city`), by its name in `KEYS`.
    pub fn get(&self, key: &str) -> Option<String> {
        Some(match key {
            "skip_level_allowance" => self.skip_level_allowance.to_string(),
            "collective_min_headcount" => self.collective_min_headcount.to_string(),
            "zero_visit_levels" => self
                .zero_visit_levels
                .iter()
                .map(|l| l.code())
                .collect::<Vec<_>>()
                .join(","),
            "key_list_months" => self.key_list_months.0.to_string(),
            _ => return None,
        })
    }

    /// These settings with `key` set to `value`; the problem in words when
    /// the key is unknown or the value out of range.
    pub fn with(&self, key: &str, value: &str) -> Result<OfficeRules, String> {
        let mut out = self.clone();
        let value = value.trim();
        match key {
            "skip_level_allowance" => match value.parse::<u8>() {
                Ok(n) if n <= 4 => out.skip_level_allowance = n,
                _ => {
                    return Err(format!(
                        "skip_level_allowance: {value:?} is not a whole number from 0 to 4"
                    ))
                }
            },
            "collective_min_headcount" => match value.parse::<u32>() {
                Ok(n) if n >= 2 => out.collective_min_headcount = n,
                _ => {
                    return Err(format!(
                        "collective_min_headcount: {value:?} is not a whole number of at least 2"
                    ))
                }
            },
            "zero_visit_levels" => {
                let mut levels = BTreeSet::new();
                for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    let level = Level::from_code(part).ok_or_else(|| {
                        format!(
                            "zero_visit_levels: {part:?} is not a level ({})",
                            Level::codes()
                        )
                    })?;
                    levels.insert(level);
                }
                if levels.is_empty() {
                    return Err(format!(
                        "zero_visit_levels: name at least one level ({})",
                        Level::codes()
                    ));
                }
                out.zero_visit_levels = levels;
            }
            "key_list_months" => match value.parse::<u16>() {
                Ok(n) if (1..=120).contains(&n) => out.key_list_months = ListMonths(n),
                _ => {
                    return Err(format!(
                        "key_list_months: {value:?} is not a whole number of months from 1 to 120"
                    ))
                }
            },
            other => {
                return Err(format!(
                    "no office setting {other:?} (there are {})",
                    KEYS.join(", ")
                ))
            }
        }
        Ok(out)
    }
}
