#!/usr/bin/env bash
# The real app under Xvfb: open a reflection, click into the editor, type two paragraphs fast
# (xdotool), close with Ctrl+Q at once, and find every character in the journal through the
# CLI. Skips (exit 77) when xdotool is missing.
#   type_and_close.sh KINDLY DEMO COURSE OUTDIR
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
xdotool type --delay 1 "Typed fast, every letter kept."
xdotool key Return Return
xdotool type --delay 1 "Second paragraph."
xdotool key ctrl+q
wait $pid
text=$("$kindly" "${args[@]}" journal search "paragraph")
echo "$text"
echo "$text" | grep -q "Second" || { echo "FAIL: the typed text was not saved"; exit 1; }
"$kindly" "${args[@]}" --json journal list | grep -q 'Typed fast, every letter kept.\\n\\nSecond paragraph.' ||
  { echo "FAIL: the saved text differs"; "$kindly" "${args[@]}" --json journal list | head -c 600; exit 1; }
echo "typed text saved on close"
