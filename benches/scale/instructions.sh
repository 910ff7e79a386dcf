#!/usr/bin/env bash
# Instruction counts of every scale measurement (valgrind's callgrind, counting only inside
# the measured operation): unlike wall time they repeat exactly on a busy machine, so they
# show how each operation grows with size.
#
#   benches/scale/instructions.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --no-default-features --example scale_memory --quiet
bin=target/release/examples/scale_memory
count() {
  local out
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect='scale_memory::operate' \
    "$bin" "$1" "$2" > /dev/null 2>&1
  printf '%-11s %5s  %14s instructions\n' "$1" "$2" \
    "$(grep -m1 '^summary:' "$out" | awk '{printf "%\047d", $2}')"
  rm -f "$out"
}
for n in 100 1000 5000; do
  for op in flow-load flow-save flow-check flow-run; do count "$op" "$n"; done
done
for n in 10 200 1000; do
  for op in ws-load ws-check; do count "$op" "$n"; done
done
