//! Pure domain rules: types and decisions, no I/O.

pub mod case;
#[cfg(test)]
mod case_tests;
pub mod compat;
pub mod derive;
pub mod idnum;
pub mod interned;
pub mod keylist;
pub mod mask;
pub mod model;
pub mod notice;
pub mod office;
pub mod pace;
pub mod period;
pub mod permit;
pub mod phone;
pub mod rates;
pub mod rules;
pub mod search;
pub mod supervision;
pub mod text;
pub mod workflow;

pub use model::*;
