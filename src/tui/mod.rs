//! The desk's terminal UI.

pub mod action;
pub mod draw;
pub mod input;
pub mod keymap;
pub mod model;
pub mod term;
pub mod theme;
