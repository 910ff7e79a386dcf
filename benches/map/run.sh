#!/usr/bin/env bash
# Whole-process comparison of `switchboard map` with jq, jaq and plain Python over N
# generated records (default 1,000,000), for three mappings:
#
#   orders     CRM opportunity exports → ERP sales orders (opportunity-export.flow.ron,
#              transform.jq, transform.py): the mapping `map` was tuned on
#   customers  CRM account exports → ERP customers (account-to-customer.flow.ron,
#              transform_accounts.jq, transform_accounts.py): written afterwards, not
#              tuned for
#   tickets    a city's 311 service requests → department work orders
#              (ticket-to-work-order.flow.ron, transform_tickets.jq, transform_tickets.py):
#              written afterwards too, not tuned for: time zones, date arithmetic,
#              decimals and cutting text up more than lookups
#
#   benches/map/run.sh [N] [orders|customers|tickets]...    (default: all three)
#
# Switchboard runs on one core (`--threads 1`, pinned to core 0) and on every core (the
# default); jq, jaq and Python run on one core, pinned, as they use no more. Every output
# is checked equal to Switchboard's; the two Switchboard runs byte for byte.
#
# Needs python3, jq (Debian's package) and jaq (`cargo install jaq`); a missing tool is
# skipped with a note. SKIP="jq jaq" leaves tools out.
set -euo pipefail
cd "$(dirname "$0")/../.."

n=${1:-1000000}
shift || true
mappings=("$@")
[[ ${#mappings[@]} -gt 0 ]] || mappings=(orders customers tickets)
dir=${BENCH_DIR:-/tmp/switchboard-map-bench}
mkdir -p "$dir"
skip=" ${SKIP:-} "

cargo build --release --no-default-features --quiet
jaq=${JAQ:-$(command -v jaq || echo "$HOME/.cargo/bin/jaq")}
now="2026-11-22T00:00:00+00:00[UTC]"

measure() {
  local name=$1 pin=$2
  shift 2
  local start end seconds
  # A fresh output file for every tool: truncating the last run's hundreds of megabytes
  # would be charged to whichever tool writes first.
  rm -f "$dir/$name.jsonl"
  # And the last run's output written back to disk first, not while this one runs.
  sync
  start=$(date +%s%N)
  if [[ $pin == one ]]; then
    taskset -c 0 "$@" < "$input" > "$dir/$name.jsonl" 2> "$dir/$name.log"
  else
    "$@" < "$input" > "$dir/$name.jsonl" 2> "$dir/$name.log"
  fi
  end=$(date +%s%N)
  seconds=$(awk "BEGIN { printf \"%.2f\", ($end - $start) / 1e9 }")
  printf '%-26s %8s s  %10s records/s\n' "$name" "$seconds" "$(awk "BEGIN { printf \"%d\", $n / (($end - $start) / 1e9) }")"
}

for mapping in "${mappings[@]}"; do
  case $mapping in
    orders) generate=generate.py; flow=opportunity-export.flow.ron; node=to_sales_order; script=transform ;;
    customers) generate=generate_accounts.py; flow=account-to-customer.flow.ron; node=to_customer; script=transform_accounts ;;
    tickets) generate=generate_tickets.py; flow=ticket-to-work-order.flow.ron; node=to_work_order; script=transform_tickets ;;
    *) echo "unknown mapping $mapping (orders, customers or tickets)"; exit 2 ;;
  esac
  input="$dir/$mapping-$n.jsonl"
  if [[ ! -f "$input" ]]; then
    echo "generating $n records into $input"
    python3 "benches/map/$generate" "$n" > "$input"
  fi
  bytes=$(stat -L -c %s "$input")
  echo "== $mapping: $n records, $((bytes / n)) bytes a record, $((bytes / 1000000)) MB; load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%F)"
  switchboard=(target/release/switchboard map "benches/map/$flow" --node "$node" --now "$now")
  # The fast tools run several times, as this VM's speed drifts from run to run; each run
  # is printed. jq and jaq take minutes and run once.
  for _ in 1 2 3 4 5; do measure "$mapping-switchboard-1" one "${switchboard[@]}" --threads 1; done
  for _ in 1 2 3 4 5; do measure "$mapping-switchboard" all "${switchboard[@]}"; done
  cmp "$dir/$mapping-switchboard-1.jsonl" "$dir/$mapping-switchboard.jsonl" || { echo "one core and every core differ"; exit 1; }
  for tool in jq jaq python; do
    [[ $skip == *" $tool "* ]] && continue
    case $tool in
      jq) command -v jq > /dev/null || { echo "jq: not installed, skipped"; continue; }; cmd=(jq -c -f "benches/map/$script.jq") ;;
      jaq) [[ -x "$jaq" ]] || { echo "jaq: not installed, skipped"; continue; }; cmd=("$jaq" -c -f "benches/map/$script.jq") ;;
      python) cmd=(python3 "benches/map/$script.py") ;;
    esac
    runs=1
    [[ $tool == python ]] && runs=3
    for ((run = 0; run < runs; run++)); do measure "$mapping-$tool" one "${cmd[@]}"; done
    python3 benches/map/compare.py "$dir/$mapping-switchboard.jsonl" "$dir/$mapping-$tool.jsonl" > /dev/null || { echo "$tool: output differs from Switchboard's"; exit 1; }
  done
done
echo "all outputs equal"
