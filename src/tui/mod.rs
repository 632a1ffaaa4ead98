//! The desk's terminal UI. `model` is the shell: it hands each key to the
//! screen on top (`screens`, one module per screen, listed in one table),
//! runs the effects the screen asks for and draws the frame (`draw`) around
//! it. Screens share `ctx` and `widgets` and never import one another.

pub mod action;
pub mod ctx;
pub mod draw;
pub mod effect;
pub mod keymap;
pub mod lists;
pub mod model;
pub mod report;
pub mod report_screens;
pub mod screen;
pub mod screens;
pub mod term;
pub mod theme;
pub mod widgets;
