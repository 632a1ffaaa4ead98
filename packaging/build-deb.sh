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

deb=$(cargo deb --no-build --locked "$@" | tail -n 1)

# The package holds what an installation needs.
contents=$(dpkg-deb -c "$deb")
for path in \
    ./usr/bin/xfdesk \
    ./usr/lib/systemd/system/xfdesk.service \
    ./usr/lib/systemd/system/xfdesk-backup.service \
    ./usr/lib/systemd/system/xfdesk-backup.timer \
    ./usr/lib/sysusers.d/xfdesk.conf \
    ./usr/lib/tmpfiles.d/xfdesk.conf \
    ./usr/share/xfdesk/keymaps/vim.toml \
    ./usr/share/xfdesk/rules/four-no.toml \
    ./usr/share/xfdesk/holidays/2026.toml \
    ./usr/share/man/man1/xfdesk.1.gz \
    ./usr/share/bash-completion/completions/xfdesk \
    ./usr/share/zsh/vendor-completions/_xfdesk \
    ./usr/share/fish/vendor_completions.d/xfdesk.fish; do
    grep -q " $path\$" <<<"$contents" || { echo "$deb lacks $path" >&2; exit 1; }
done
dpkg-deb -I "$deb" postinst | grep -q systemd-sysusers || { echo "$deb: postinst makes no user" >&2; exit 1; }
echo "$deb"
