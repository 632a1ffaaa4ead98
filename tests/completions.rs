//! Shell completions and the manual page, written by the binary from the same
//! clap definitions as its parser, so they name every command there is.

mod common;

use clap::CommandFactory;
use common::bin::{text, xfdesk};
use xfdesk::cli::Cli;

/// The subcommands the parser knows, from its own definition.
fn subcommands() -> Vec<String> {
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    assert!(names.len() > 10, "{names:?}");
    names
}

#[test]
fn the_bash_completion_offers_every_subcommand() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = xfdesk(&dir.path().join("db"), &["completions", "bash"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let script = text(&out.stdout);
    assert!(script.contains("complete -F"), "{script}");
    for name in subcommands() {
        assert!(script.contains(&name), "bash completion lacks {name}");
    }
    assert!(script.contains("--db"), "bash completion lacks --db");
    // Nothing is made: completions need no database.
    assert!(!dir.path().join("db").exists());
}

#[test]
fn zsh_and_fish_completions_are_written_too() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("db");
    let zsh = xfdesk(&db, &["completions", "zsh"]);
    assert!(zsh.status.success(), "{}", text(&zsh.stderr));
    assert!(text(&zsh.stdout).starts_with("#compdef xfdesk"));
    let fish = xfdesk(&db, &["completions", "fish"]);
    assert!(fish.status.success(), "{}", text(&fish.stderr));
    let fish = text(&fish.stdout);
    for name in subcommands() {
        assert!(fish.contains(&name), "fish completion lacks {name}");
    }
}

#[test]
fn an_unsupported_shell_is_refused_naming_the_ones_there_are() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = xfdesk(&dir.path().join("db"), &["completions", "powershell"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.contains("powershell") && err.contains("bash, zsh, fish"),
        "{err}"
    );
}

#[test]
fn the_man_page_names_every_subcommand_and_the_db_option() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = xfdesk(&dir.path().join("db"), &["man"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(page.contains(".TH xfdesk"), "{page}");
    for name in subcommands() {
        assert!(page.contains(&name), "man page lacks {name}");
    }
    // roff escapes the dashes: \-\-db
    assert!(page.contains("\\-\\-db"), "man page lacks --db:\n{page}");
}
