#!/usr/bin/env bash
# Takes docs/check.png: `switchboard check` in a real xterm under Xvfb, on the example
# workspace's 311 service-request flow with its deliberate governance problems.
# Needs `scripts/install-deps.sh --screenshots`.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --no-default-features --quiet
bin="$PWD/target/release/switchboard"
demo=$(mktemp -d)
trap 'rm -rf "$demo"; kill "${xvfb:-0}" 2>/dev/null || true' EXIT

cat > "$demo/session.sh" <<SESSION
cd "$PWD"
export PS1='\$ ' TERM=xterm-256color
printf '\$ switchboard check flows/service-request-to-work-order.flow.ron\n'
"$bin" check flows/service-request-to-work-order.flow.ron; printf '\$ echo \$?\n%s\n' "\$?"
sleep 30
SESSION

export DISPLAY=:97 XDG_RUNTIME_DIR="$demo/xdg"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
Xvfb :97 -screen 0 1140x1110x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
xterm -geometry 142x68+0+0 -b 0 -bw 0 -bg '#1e1f24' -fg '#d8dae0' -fa 'DejaVu Sans Mono' -fs 10 \
  -e script -qfc "bash $demo/session.sh" /dev/null &
sleep 4
import -window root docs/check.png
echo "wrote docs/check.png"
