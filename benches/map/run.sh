#!/usr/bin/env bash
# Whole-process comparison of the sales-order mapping: `switchboard map` against jq, jaq
# and plain Python, each on one core, over N generated CRM opportunity exports (default
# 1,000,000). Every output is checked equal to Switchboard's.
#
#   benches/map/run.sh [N]
#
# Needs python3, jq (Debian's package) and jaq (`cargo install jaq`); a missing tool is
# skipped with a note.
set -euo pipefail
cd "$(dirname "$0")/../.."

n=${1:-1000000}
dir=${BENCH_DIR:-/tmp/switchboard-map-bench}
mkdir -p "$dir"
input="$dir/opportunities-$n.jsonl"
if [[ ! -f "$input" ]]; then
  echo "generating $n records into $input"
  python3 benches/map/generate.py "$n" > "$input"
fi
bytes=$(stat -c %s "$input")
echo "input: $n records, $((bytes / n)) bytes a record, $((bytes / 1000000)) MB"

cargo build --release --no-default-features --quiet
switchboard=(target/release/switchboard map benches/map/opportunity-export.flow.ron --node to_sales_order --now "2026-11-22T00:00:00+00:00[UTC]")
jaq=${JAQ:-$(command -v jaq || echo "$HOME/.cargo/bin/jaq")}

measure() {
  local name=$1
  shift
  local start end seconds
  # A fresh output file for every tool: truncating the last run's hundreds of megabytes
  # would be charged to whichever tool writes first.
  rm -f "$dir/$name.jsonl"
  # And the last run's output written back to disk first, not while this one runs.
  sync
  start=$(date +%s%N)
  taskset -c 0 "$@" < "$input" > "$dir/$name.jsonl" 2> "$dir/$name.log"
  end=$(date +%s%N)
  seconds=$(awk "BEGIN { printf \"%.2f\", ($end - $start) / 1e9 }")
  printf '%-12s %8s s  %10s records/s\n' "$name" "$seconds" "$(awk "BEGIN { printf \"%d\", $n / (($end - $start) / 1e9) }")"
}

# The fast tools run several times, as this VM's speed drifts from run to run; each run
# is printed. jq and jaq take minutes and run once.
for _ in 1 2 3 4 5; do measure switchboard "${switchboard[@]}"; done
for tool in jq jaq python; do
  case $tool in
    jq) command -v jq > /dev/null || { echo "jq: not installed, skipped"; continue; }; cmd=(jq -c -f benches/map/transform.jq) ;;
    jaq) [[ -x "$jaq" ]] || { echo "jaq: not installed, skipped"; continue; }; cmd=("$jaq" -c -f benches/map/transform.jq) ;;
    python) cmd=(python3 benches/map/transform.py) ;;
  esac
  runs=1
  [[ $tool == python ]] && runs=3
  for ((run = 0; run < runs; run++)); do measure "$tool" "${cmd[@]}"; done
  python3 benches/map/compare.py "$dir/switchboard.jsonl" "$dir/$tool.jsonl" > /dev/null || { echo "$tool: output differs from Switchboard's"; exit 1; }
done
echo "all outputs equal"
