//! The command line's JSON shapes (docs/design.md#command-line): dates and ledger numbers as
//! text, states as their codes, no internal ids. The service's own types
//! serialise faithfully for the wire; these are what people and scripts read.

use crate::service::lookup::{Found, MatterBrief};
use crate::service::overdue::Overdue;
use serde::Serialize;

#[derive(Serialize)]
pub struct FoundJson<'a> {
    name: &'a str,
    id_number: &'a Option<String>,
    phones: &'a [String],
    town: &'a Option<String>,
    contacts: usize,
    long_standing: bool,
    key_person: bool,
    matters: Vec<MatterJson<'a>>,
}

#[derive(Serialize)]
struct MatterJson<'a> {
    ledger: String,
    state: &'static str,
    category: &'a str,
    summary: &'a str,
    registered: String,
}

impl<'a> From<&'a Found> for FoundJson<'a> {
    fn from(f: &'a Found) -> FoundJson<'a> {
        FoundJson {
            name: &f.name,
            id_number: &f.id_number,
            phones: &f.phones,
            town: &f.town,
            contacts: f.contacts,
            long_standing: f.long_standing,
            key_person: f.key_person,
            matters: f.matters.iter().map(MatterJson::from).collect(),
        }
    }
}

impl<'a> From<&'a MatterBrief> for MatterJson<'a> {
    fn from(m: &'a MatterBrief) -> MatterJson<'a> {
        MatterJson {
            ledger: m.ledger.to_string(),
            state: m.state.code(),
            category: &m.category,
            summary: &m.summary,
            registered: m.registered.to_string(),
        }
    }
}

#[derive(Serialize)]
pub struct OverdueJson<'a> {
    ledger: String,
    summary: &'a str,
    state: String,
    due: String,
    days_overdue: i64,
    first_receiver: &'a str,
}

impl<'a> From<&'a Overdue> for OverdueJson<'a> {
    fn from(o: &'a Overdue) -> OverdueJson<'a> {
        OverdueJson {
            ledger: o.ledger.to_string(),
            summary: &o.summary,
            state: o.state.to_string(),
            due: o.due.to_string(),
            days_overdue: o.days_overdue,
            first_receiver: &o.first_receiver,
        }
    }
}

/// One JSON array of `items` in their command-line shape.
pub fn array<'a, T: 'a, J: Serialize + From<&'a T>>(items: &'a [T]) -> String {
    let shaped: Vec<J> = items.iter().map(J::from).collect();
    serde_json::to_string(&shaped).expect("plain data serialises")
}
