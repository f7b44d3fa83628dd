#!/usr/bin/env bash
# The real app under Xvfb: open a reflection, click into the editor, type two paragraphs fast
# (xdotool), close with Ctrl+Q at once, and find every character in the journal through the
# CLI.
#   type_and_close.sh KINDLY DEMO COURSE OUTDIR
set -euo pipefail
source "$(dirname "$0")/open_editor.sh"
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
