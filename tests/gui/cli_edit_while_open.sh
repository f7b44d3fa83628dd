#!/usr/bin/env bash
# The real app under Xvfb and the CLI on one data folder (issue 14, part 2): the app writes an
# entry, `kindly journal edit` changes it from the terminal, the app's user types on. Both texts
# must be kept as versions of the entry, and the app must have said so (its log line for the
# notice, written in the same step).
#   cli_edit_while_open.sh KINDLY DEMO COURSE OUTDIR
set -euo pipefail
source "$(dirname "$0")/open_editor.sh"
trap 'kill $pid 2>/dev/null || true' EXIT
json() { "$kindly" "${args[@]}" --json "$@"; }
# Waits until `kindly ARGS` prints something matching PATTERN (the app autosaves after a pause).
wait_for() {
  local pattern=$1; shift
  for _ in $(seq 100); do "$kindly" "${args[@]}" "$@" 2>/dev/null | grep -q -- "$pattern" && return 0; sleep 0.1; done
  echo "FAIL: '$pattern' never appeared in kindly $*"; exit 1
}
xdotool type --delay 5 "Typed in the app."
wait_for "Typed in the app." journal list
id=$(json journal search "Typed" | grep -o '"id": *[0-9]*' | head -1 | grep -o '[0-9]*$')
echo "the app saved entry $id"
"$kindly" "${args[@]}" journal edit "$id" "Written in the terminal."
# The app's editor still holds its own text; typing on saves over a version it never saw.
xdotool type --delay 5 " More from the app."
wait_for "More from the app" journal show "$id"
versions=$(json journal versions "$id")
echo "$versions"
echo "$versions" | grep -q '"text": "Written in the terminal."' ||
  { echo "FAIL: the terminal's text was not kept"; exit 1; }
echo "$versions" | grep -q '"text": "Typed in the app. More from the app."' ||
  { echo "FAIL: the app's text was not kept"; exit 1; }
grep -q "entry $id was changed elsewhere while being edited; both kept" "$KINDLY_STATE_DIR/kindly.log" ||
  { echo "FAIL: the app did not tell"; cat "$KINDLY_STATE_DIR/kindly.log"; exit 1; }
xdotool key ctrl+q
wait $pid
trap - EXIT
echo "both versions kept and the user told"
