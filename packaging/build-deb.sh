#!/usr/bin/env bash
# Builds the .deb: the release binary, then the man page and the shell
# completions written by that binary (from its own command definitions), then
# `cargo deb` with the metadata in Cargo.toml. The package lands in
# target/debian/. Needs cargo-deb: cargo install cargo-deb --locked
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked
bin=target/release/xfdesk
out=target/packaging
rm -rf "$out"
mkdir -p "$out/completions"
"$bin" man | gzip -9n > "$out/xfdesk.1.gz"
"$bin" completions bash > "$out/completions/xfdesk"
"$bin" completions zsh > "$out/completions/_xfdesk"
"$bin" completions fish > "$out/completions/xfdesk.fish"

if command -v systemd-analyze >/dev/null 2>&1; then
    # The units as installed, but run against the binary just built.
    check=$(mktemp -d)
    trap 'rm -rf "$check"' EXIT
    cp packaging/xfdesk.service packaging/xfdesk-backup.service packaging/xfdesk-backup.timer "$check"/
    sed -i "s|/usr/bin/xfdesk|$PWD/$bin|" "$check"/*.service
    systemd-analyze verify --man=no "$check"/xfdesk.service "$check"/xfdesk-backup.service "$check"/xfdesk-backup.timer
fi

cargo deb --no-build --locked "$@"
ls target/debian/*.deb
