#!/usr/bin/env bash
# Crash-safe saving, the long way: kills a process that is saving a ~1 MB flow with SIGKILL
# at 1,000 random moments (or N) and checks the file is always exactly the old or the new
# version. The test suite runs the same check with 20 kills (tests/soak.rs).
#
#   scripts/save-soak.sh [N]
#
# A failure prints the seed; SWITCHBOARD_SOAK_SEED=<seed> repeats the same kill moments.
set -euo pipefail
cd "$(dirname "$0")/.."
SWITCHBOARD_SOAK_KILLS=${1:-1000} cargo test --no-default-features --test main \
  soak::killed_saves -- --nocapture
