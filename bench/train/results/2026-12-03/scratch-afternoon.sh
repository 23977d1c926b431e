#!/usr/bin/env bash
# Issue 14, afternoon: the default recipe from scratch vs the peer after the packed training recurrence (4ade392), full runs to
# early stopping (EXP: a built copy of the checkout; /tmp/lead/vecbench was f031021). Not run on 2026-12-03 (no CPU time left): the next session's from-scratch s/epoch check.
set -euo pipefail
OUT=${OUT:-/tmp/lead/s1a} exec bash "$(dirname "$0")/../../vs-peer-seeds.sh"
