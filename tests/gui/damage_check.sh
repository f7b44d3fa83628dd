#!/usr/bin/env bash
# Drawing only what changed (shell/damage.h) draws the same pixels as drawing whole frames.
# The real app under Xvfb with KINDLY_DAMAGE=check draws every partial frame whole as well and
# compares the two; this test types into a reflection, lets the caret blink, scrolls, moves
# the mouse over buttons and changes screen, then reads the app's count: some frames must have
# been partial, and none may differ. Skips (exit 77) without xdotool.
#   damage_check.sh KINDLY DEMO COURSE OUTDIR
set -euo pipefail
# KINDLY_DAMAGE: check (frames presented by copy where the display can) or check-offscreen (the
# offscreen copy, as on displays that cannot).
export KINDLY_DAMAGE=${KINDLY_DAMAGE:-check}
source "$(dirname "$0")/open_editor.sh"
xdotool type --delay 60 "A few words, typed one by one."
sleep 2.6  # the caret blinks: on, off, on
xdotool key Return
xdotool type --delay 60 "And a second line."
xdotool mousemove 640 300 sleep 0.3 mousemove 200 300 sleep 0.3
xdotool click 5 sleep 0.2 click 5 sleep 0.2 click 4
sleep 1.3
xdotool mousemove 120 200 click 1  # the navigator: another screen
sleep 1
kill -TERM $pid
wait $pid || true
grep "^damage check" "$out/app.err" || { echo "FAIL: the app printed no damage check"; cat "$out/app.err"; exit 1; }
read -r partial differed < <(sed -n 's/^damage check: \([0-9]*\) partial frames, \([0-9]*\) differed.*/\1 \2/p' "$out/app.err")
[ "$partial" -gt 0 ] || { echo "FAIL: no frame was drawn only where it changed"; exit 1; }
[ "$differed" -eq 0 ] || { echo "FAIL: $differed of $partial partial frames differ from whole ones"; exit 1; }
echo "$partial partial frames, every one the same as the whole frame"
