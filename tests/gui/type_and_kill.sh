#!/usr/bin/env bash
# The real app under Xvfb, killed with SIGKILL while the user types: what was typed before a
# pause is autosaved (about a second after it, measured and printed) and survives the kill;
# the app gets no chance to save on the way out.
#   type_and_kill.sh KINDLY DEMO COURSE OUTDIR
set -euo pipefail
source "$(dirname "$0")/open_editor.sh"
xdotool type --delay 5 "Written before the pause, and kept."
# A pause: the editor autosaves a second after the last keystroke it has taken in (the rule
# itself is tested in virtual time in test_screens.cpp). Wait for the save to be visible to
# another process, up to 10 s on a busy machine, and say how long it took.
start=$(date +%s%N)
saved=no
for _ in $(seq 100); do
  if "$kindly" "${args[@]}" --json journal list | grep -q 'Written before the pause, and kept.'; then
    saved=yes
    break
  fi
  sleep 0.1
done
echo "autosaved $(( ($(date +%s%N) - start) / 1000000 )) ms after the typing ended"
[ "$saved" = yes ] || { echo "FAIL: the text was not autosaved within 10 s of the pause"; exit 1; }
xdotool type --delay 5 " Still typing when"
kill -KILL $pid
wait $pid 2>/dev/null || true
list=$("$kindly" "${args[@]}" --json journal list)
echo "$list" | grep -q 'Written before the pause, and kept.' ||
  { echo "FAIL: text saved before SIGKILL was lost"; echo "$list" | head -c 600; exit 1; }
"$kindly" "${args[@]}" status >/dev/null || { echo "FAIL: the data folder does not open after SIGKILL"; exit 1; }
echo "text autosaved before SIGKILL was kept, and the data opens"
