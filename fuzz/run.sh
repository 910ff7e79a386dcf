#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer through cargo-fuzz) of the flow loader, the workspace
# loader and the formula parser + checker + evaluator, seeded from the example workspace.
#
#   fuzz/run.sh [RUNS] [TARGET...]      # default: 10,000,000 runs of flow, workspace, formula
#
# Needs `cargo install cargo-fuzz` and a nightly toolchain (`rustup toolchain install
# nightly`): libFuzzer's instrumentation is a nightly-only compiler flag. Runs without
# AddressSanitizer by default (SANITIZER=address to add it): the code is safe Rust, and
# ASan made each run three times slower; overflow and debug assertions stay on. A crash stops the
# target and leaves the input in fuzz/artifacts/<target>/; turn it into a regression test
# in tests/fuzz_regressions.rs (see the note there) before fixing it.
set -euo pipefail
cd "$(dirname "$0")"

runs=${1:-10000000}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(flow workspace formula)

python3 seed.py

for target in "${targets[@]}"; do
  echo "== $target: $runs runs"
  start=$(date +%s)
  case $target in
    formula) max_len=4096 ;;  # a formula longer than a page is not a formula
    *) max_len=65536 ;;
  esac
  cargo +nightly fuzz run --sanitizer "${SANITIZER:-none}" --debug-assertions "$target" "corpus/$target" -- \
    -runs="$runs" -max_len="$max_len" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    2>&1 | tee "logs/$target.log" | grep -E '^(#[0-9]+ *(DONE|pulse)|Done|==|stat::number_of_executed_units|SUMMARY)' || true
  echo "== $target: $(( $(date +%s) - start )) s"
done
