#!/usr/bin/env bash
# The real app under Xvfb, killed with SIGKILL while the user types: everything typed more
# than a second before the kill is in the journal (autosave within a second of a pause). The
# app gets no chance to save on the way out.
#   type_and_kill.sh KINDLY DEMO COURSE OUTDIR
set -euo pipefail
source "$(dirname "$0")/open_editor.sh"
xdotool type --delay 5 "Written before the pause, and kept."
sleep 1.5  # a pause longer than the autosave's second
xdotool type --delay 5 " Still typing when"
kill -KILL $pid
wait $pid 2>/dev/null || true
list=$("$kindly" "${args[@]}" --json journal list)
echo "$list" | grep -q 'Written before the pause, and kept.' ||
  { echo "FAIL: text typed before the pause was lost"; echo "$list" | head -c 600; exit 1; }
echo "text typed a second before SIGKILL was saved"
