#!/usr/bin/env bash
# The real app under Xvfb, killed with SIGKILL while the user types: everything typed more
# than a second before the kill is in the journal (autosave within a second of a pause). The
# app gets no chance to save on the way out. Skips (exit 77) when xdotool is missing.
#   type_and_kill.sh KINDLY DEMO COURSE OUTDIR
set -euo pipefail
kindly=$1 demo=$2 course=$3 out=$4
command -v xdotool >/dev/null || { echo "no xdotool: skipped"; exit 77; }
rm -rf "$out" && mkdir -p "$out"
export KINDLY_STATE_DIR="$out/state"
reflection=$("$demo" "$out/data" "$course" 3 | sed -n 's/^reflection: //p')
args=(--data-dir "$out/data" --course "$course" --now 2026-11-25T19:30)
"$kindly" "${args[@]}" --screen "reflection/$reflection" &
pid=$!
xdotool search --sync --pid $pid >/dev/null
sleep 1
xdotool mousemove 640 420 click 1
sleep 0.3
xdotool type --delay 5 "Written before the pause, and kept."
sleep 1.5  # a pause longer than the autosave's second
xdotool type --delay 5 " Still typing when"
kill -KILL $pid
wait $pid 2>/dev/null || true
list=$("$kindly" "${args[@]}" --json journal list)
echo "$list" | grep -q 'Written before the pause, and kept.' ||
  { echo "FAIL: text typed before the pause was lost"; echo "$list" | head -c 600; exit 1; }
echo "text typed a second before SIGKILL was saved"
