#!/usr/bin/env bash
# Issue 14, afternoon: the default recipe from scratch vs the peer after the packed training recurrence (4ade392), full runs to
# early stopping (EXP: a built copy of the checkout; /tmp/lead/vecbench was f031021). Run 2026-12-03 23:29-23:50 UTC from a copy at 136f5de (EXP=/tmp/lead/exp12 OUT=/tmp/lead/s12 SEEDS="1 2" SEEDS_ALL=1,2): scratch-afternoon-*.
set -euo pipefail
OUT=${OUT:-/tmp/lead/s1a} exec bash "$(dirname "$0")/../../vs-peer-seeds.sh"
