//! xfdesk: the reception-desk system of a petition office (信访接待).
//!
//! `domain` holds pure rules, `store` alone knows sled, `service` is the one API
//! the command line, the TUI and the server call; `server` shares one
//! database between the desks of an office.

pub mod cli;
pub mod domain;
pub mod gen;
pub mod i18n;
pub mod interchange;
pub mod printer;
pub mod report;
pub mod secure_file;
pub mod server;
pub mod service;
pub mod small_file;
pub mod sorter;
pub mod store;
pub mod tui;
