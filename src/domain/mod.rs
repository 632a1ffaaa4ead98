//! Pure domain rules: types and decisions, no I/O.

pub mod idnum;
pub mod model;
pub mod search;
pub mod workflow;

pub use model::*;
