#!/usr/bin/env bash
# Peak memory of every scale measurement, each in a fresh process (VmHWM, Linux), beside
# one wall time per operation. Criterion's times (cargo bench --bench scale) are the ones
# to quote; this adds what criterion cannot measure.
#
#   benches/scale/memory.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --no-default-features --example scale_memory --quiet
bin=target/release/examples/scale_memory
for n in 100 1000 5000; do
  for op in flow-load flow-save flow-check flow-run; do "$bin" "$op" "$n"; done
done
for n in 10 200 1000; do
  for op in ws-load ws-check; do "$bin" "$op" "$n"; done
done
