#!/usr/bin/env bash
# The real app under Xvfb, driven by the keyboard alone (xdotool): on the welcome screen Tab
# then Enter, and Enter again on "Is now a good time?", begins the course, and on Today Enter
# starts week 1 (both checked through `kindly status --json`); a reflection opens with the
# editor taking what is typed without a click, and Escape leaves the editor keeping every
# character (checked through the journal).
#   keyboard.sh KINDLY COURSE OUTDIR
set -euo pipefail
kindly=$1 course=$2 out=$3
command -v xdotool >/dev/null || { echo "no xdotool: skipped"; exit 77; }
rm -rf "$out" && mkdir -p "$out"
export KINDLY_STATE_DIR="$out/state"
args=(--data-dir "$out/data" --course "$course" --now 2026-11-02T09:00)

# Starts the app with "$@", waits for its first frame and gives its window the keyboard.
start() {
  : >"$out/app.err"
  KINDLY_FRAME_TIMING=1 "$kindly" "${args[@]}" "$@" 2>"$out/app.err" &
  pid=$!
  for _ in $(seq 200); do grep -q "^first frame" "$out/app.err" && break; sleep 0.1; done
  grep -q "^first frame" "$out/app.err" || { echo "FAIL: no first frame"; cat "$out/app.err"; exit 1; }
  xdotool search --sync --pid $pid windowfocus
  sleep 0.3
}
key() { xdotool key "$@"; sleep 0.4; }

start
key Tab     # shows the focus on the welcome's first control, "Begin the course"
key Return  # "Is now a good time?" opens with the focus on "Begin now"
key Return
key Return  # Today opened with the focus showing on its first control: "Start week 1"
key ctrl+q
wait $pid
status=$("$kindly" "${args[@]}" --json status)
echo "$status" | grep -q '"begun": *true' || { echo "FAIL: Tab, Enter did not begin"; echo "$status" | head -c 400; exit 1; }
echo "$status" | grep -q '"current_week": *1' || { echo "FAIL: Tab, Enter did not start week 1"; echo "$status" | head -c 600; exit 1; }
echo "$status" | grep -q '"started_at": *"' || { echo "FAIL: week 1 not started"; exit 1; }

# Week 1's first reflection (an item whose `kind:` follows its `id:` within three lines).
item=$(grep -B3 "kind: reflection" "$course/weeks/week-01.yaml" | sed -n 's/^ *- id: //p' | head -1)
[ -n "$item" ] || { echo "FAIL: no reflection item in week 1"; exit 1; }
start --screen "reflection/$item"
xdotool type --delay 5 "Kept, every letter."
sleep 0.3
key Escape  # ImGui alone would put the editor back to how it was: empty
xdotool type --delay 5 "lost"  # the editor no longer has the keyboard
key ctrl+q
wait $pid
saved=$("$kindly" "${args[@]}" --json journal list)
echo "$saved" | grep -q '"Kept, every letter."' || { echo "FAIL: the typed text was not kept"; echo "$saved" | head -c 600; exit 1; }
echo "keyboard: Tab, Enter, Escape and typing without a click all work"
