//! The files the .deb installs: the server's systemd unit with its hardening,
//! the backup service and timer, the xfdesk user and group, and the package
//! metadata naming only files that are there or that packaging/build-deb.sh
//! writes.

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().map(str::trim).collect()
}

#[test]
fn the_server_unit_runs_serve_as_xfdesk_with_every_hardening_line() {
    let unit = read("packaging/xfdesk.service");
    let l = lines(&unit);
    for want in [
        "User=xfdesk",
        "Group=xfdesk",
        "StateDirectory=xfdesk",
        "StateDirectoryMode=0750",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "NoNewPrivileges=yes",
        "RestrictAddressFamilies=AF_UNIX",
        "UMask=0077",
        "ExecStart=/usr/bin/xfdesk --db /var/lib/xfdesk/db serve",
        "Environment=MALLOC_ARENA_MAX=4",
        "WantedBy=multi-user.target",
    ] {
        assert!(l.contains(&want), "xfdesk.service lacks {want}");
    }
}

#[test]
fn the_backup_runs_nightly_as_xfdesk_into_its_own_directory() {
    let service = read("packaging/xfdesk-backup.service");
    let l = lines(&service);
    for want in [
        "Type=oneshot",
        "User=xfdesk",
        "UMask=0077",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/backups/xfdesk",
    ] {
        assert!(l.contains(&want), "xfdesk-backup.service lacks {want}");
    }
    assert!(service.contains("/usr/bin/xfdesk --db /var/lib/xfdesk/db backup /var/backups/xfdesk/"));
    let timer = read("packaging/xfdesk-backup.timer");
    let timer = lines(&timer);
    assert!(timer.contains(&"OnCalendar=*-*-* 02:30:00"));
    assert!(timer.contains(&"Persistent=true"));
    assert!(lines(&read("packaging/xfdesk.tmpfiles"))
        .contains(&"d /var/backups/xfdesk 0700 xfdesk xfdesk -"));
}

#[test]
fn installing_creates_the_xfdesk_user_and_its_group() {
    let sysusers = read("packaging/xfdesk.sysusers");
    // `u NAME -` makes the user and a group of the same name and number.
    assert!(
        sysusers.lines().any(|l| l.starts_with("u xfdesk - ")),
        "{sysusers}"
    );
    let postinst = read("packaging/debian/postinst");
    assert!(postinst.contains("systemd-sysusers /usr/lib/sysusers.d/xfdesk.conf"));
    assert!(postinst.contains("systemd-tmpfiles --create /usr/lib/tmpfiles.d/xfdesk.conf"));
}

/// When systemd-analyze is installed, the units pass its checks, run against
/// the binary under test in place of /usr/bin/xfdesk.
#[test]
fn the_units_pass_systemd_analyze_verify_where_it_is_installed() {
    let Ok(probe) = std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output()
    else {
        eprintln!("systemd-analyze is not installed: units not verified");
        return;
    };
    assert!(probe.status.success());
    let dir = tempfile::TempDir::new().unwrap();
    let mut paths = Vec::new();
    for name in [
        "xfdesk.service",
        "xfdesk-backup.service",
        "xfdesk-backup.timer",
    ] {
        let text = read(&format!("packaging/{name}"))
            .replace("/usr/bin/xfdesk", env!("CARGO_BIN_EXE_xfdesk"));
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    let out = std::process::Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .args(&paths)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.trim().is_empty(), "{err}");
}

#[test]
fn the_package_metadata_names_only_files_there_or_written_by_the_build_script() {
    let manifest: toml::Table = read("Cargo.toml").parse().unwrap();
    let deb = &manifest["package"]["metadata"]["deb"];
    let script = read("packaging/build-deb.sh");
    let assets = deb["assets"].as_array().unwrap();
    let mut targets = Vec::new();
    for a in assets {
        let a = a.as_array().unwrap();
        let (src, dest) = (a[0].as_str().unwrap(), a[1].as_str().unwrap());
        targets.push(dest.to_string());
        if src == "target/release/xfdesk" {
            assert!(script.contains("cargo build --release --locked"));
        } else if let Some(generated) = src.strip_prefix("target/packaging/") {
            assert!(
                script.contains(generated),
                "build-deb.sh does not write {src}"
            );
        } else if let Some(dir) = src.strip_suffix("/*.toml") {
            let n = std::fs::read_dir(dir)
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .path()
                        .extension()
                        .is_some_and(|x| x == "toml")
                })
                .count();
            assert!(n > 0, "{src} matches nothing");
        } else {
            assert!(Path::new(src).is_file(), "{src} is not there");
        }
    }
    for dest in [
        "usr/bin/",
        "usr/lib/systemd/system/",
        "usr/lib/sysusers.d/xfdesk.conf",
        "usr/share/xfdesk/keymaps/",
        "usr/share/xfdesk/rules/",
        "usr/share/xfdesk/holidays/",
        "usr/share/man/man1/",
        "usr/share/bash-completion/completions/",
    ] {
        assert!(
            targets.iter().any(|t| t == dest),
            "nothing installed to {dest}"
        );
    }
    assert_eq!(
        deb["maintainer-scripts"].as_str(),
        Some("packaging/debian/")
    );
}
