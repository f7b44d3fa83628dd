#!/usr/bin/env bash
# The real app under Xvfb on a locked data folder (xdotool): it opens on the unlock screen with
# the keyboard in the passphrase field; a wrong passphrase and Enter is refused, the right one
# and Enter unlocks (both in the log); Ctrl+L locks again, and the journal is still whole
# (`kindly --passphrase-fd journal list`).
#   unlock.sh KINDLY COURSE OUTDIR
set -euo pipefail
kindly=$1 course=$2 out=$3
command -v xdotool >/dev/null || { echo "no xdotool: skipped"; exit 77; }
rm -rf "$out" && mkdir -p "$out"
export KINDLY_STATE_DIR="$out/state"
args=(--data-dir "$out/data" --course "$course" --now 2026-11-02T09:00)
log=$out/state/kindly.log
printf '%s' 'a quiet harbour at dawn' >"$out/pass"
"$kindly" "${args[@]}" begin >/dev/null
"$kindly" "${args[@]}" journal add "Words only the passphrase opens." >/dev/null
"$kindly" "${args[@]}" --passphrase-fd 3 lock set 3<"$out/pass" >/dev/null

KINDLY_FRAME_TIMING=1 "$kindly" "${args[@]}" 2>"$out/app.err" &
pid=$!
for _ in $(seq 200); do grep -q "^first frame" "$out/app.err" && break; sleep 0.1; done
grep -q "^first frame" "$out/app.err" || { echo "FAIL: no first frame"; cat "$out/app.err"; exit 1; }
xdotool search --sync --pid $pid windowfocus
sleep 0.5
# Waits up to 10 s for the log to say "$1" ($2 times in all).
wait_log() {
  for _ in $(seq 100); do [ "$(grep -c "gui: $1\$" "$log" || true)" -ge "$2" ] && return 0; sleep 0.1; done
  echo "FAIL: the log never said '$1'"; tail -20 "$log"; kill $pid; exit 1
}
xdotool type --delay 5 "not the passphrase"
xdotool key Return
wait_log "unlock refused" 1
xdotool type --delay 5 "a quiet harbour at dawn"  # the field was emptied after the refusal
xdotool key Return
wait_log "unlocked" 1
sleep 0.3
xdotool key ctrl+l
wait_log "locked" 1
xdotool key ctrl+q
wait $pid
listed=$("$kindly" "${args[@]}" --passphrase-fd 3 --json journal list 3<"$out/pass")
echo "$listed" | grep -q "Words only the passphrase opens." || { echo "FAIL: the entry is not there"; exit 1; }
if grep -q "Words only" "$out/data/kindly.db" "$log"; then echo "FAIL: plain text on disk"; exit 1; fi
echo "unlock: refused, unlocked by typing and Enter, locked with Ctrl+L; nothing lost"
