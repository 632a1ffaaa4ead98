//! `xfdesk serve` (SPEC §9): one process owns the database and serves the
//! desks of an office over a Unix socket.

pub mod protocol;
