//! The desk's terminal UI.

pub mod act;
pub mod action;
pub mod admin;
pub mod audit;
pub mod draw;
pub mod draw_admin;
pub mod draw_form;
pub mod draw_lists;
pub mod draw_popup;
pub mod draw_report;
pub mod form;
pub mod input;
pub mod keymap;
pub mod lists;
pub mod model;
pub mod popup;
pub mod register;
pub mod report;
pub mod term;
pub mod theme;
