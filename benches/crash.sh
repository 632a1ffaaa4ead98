#!/usr/bin/env bash
# The long crash run for the README: a child registering and importing is
# SIGKILLed at random moments ROUNDS times (default 250); after each kill the
# database must open, pass `check`, and hold everything the child reported
# saved, with no import in part. CI runs 30 kills of the same test.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-250}"
time XFDESK_CRASH_ROUNDS="$ROUNDS" cargo test --release --quiet --test crash \
    a_child_killed_at_random_moments -- --nocapture
