#!/usr/bin/env bash
# The real app under Xvfb: type an emoji (beyond ImGui 1.86's 16-bit characters), Chinese,
# Japanese and Arabic into a reflection (xdotool), close with Ctrl+Q, and find the exact
# bytes in the journal through the CLI: nothing became U+FFFD (ef bf bd) or '?'.
#   type_unicode.sh KINDLY DEMO COURSE OUTDIR
set -euo pipefail
source "$(dirname "$0")/open_editor.sh"
typed="Leaf 🌿 and 你好, はい, مرحبا 🙂."
# xdotool types a character missing from the keymap by binding a spare keycode to it, sending
# the key, and unbinding it; the app reads the keymap when it handles the key, so the key must
# be handled before the unbinding. --delay 600 keeps each binding 600 ms (a busy machine); on a
# machine so loaded that the app cannot handle a key within that, xdotool, not the app, loses
# the character (seen once at load average 19 with --delay 400).
xdotool type --delay 600 "$typed"
sleep 0.5
xdotool key ctrl+q
wait $pid
json=$("$kindly" "${args[@]}" --json journal list)
if printf '%s' "$json" | grep -q $'\xef\xbf\xbd'; then
  echo "FAIL: U+FFFD (ef bf bd) in the journal"; printf '%s' "$json" | head -c 600; exit 1
fi
printf '%s' "$json" | grep -qF "$typed" ||
  { echo "FAIL: the typed text is not in the journal byte for byte"; printf '%s' "$json" | head -c 600; exit 1; }
grep "font atlas rebuilt" "$out/app.err" || true
echo "emoji, CJK and Arabic stored exactly"
