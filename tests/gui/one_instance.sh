#!/usr/bin/env bash
# One Kindly per data folder, with the real app under Xvfb (issue 14, part 2): a second launch on
# the folder brings the first forward and exits 0; a first that cannot answer (stopped) is said
# so, exit 1; another folder opens its own Kindly; a Kindly killed with SIGKILL leaves no lock
# that blocks the next.
#   one_instance.sh KINDLY COURSE OUTDIR
set -euo pipefail
kindly=$1 course=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
export KINDLY_STATE_DIR="$out/state"
args=(--data-dir "$out/data" --course "$course" --now 2026-11-25T19:30)
pids=()
trap 'for p in "${pids[@]}"; do kill -CONT $p 2>/dev/null; kill $p 2>/dev/null; done; true' EXIT
# Starts the app on data folder $1 and waits for its first frame; sets $pid.
start() {
  KINDLY_FRAME_TIMING=1 "$kindly" --data-dir "$1" --course "$course" --now 2026-11-25T19:30 \
    2>"$out/app-$2.err" &
  pid=$!
  pids+=($pid)
  for _ in $(seq 200); do grep -q "^first frame" "$out/app-$2.err" && return 0; sleep 0.1; done
  echo "FAIL: no first frame in 20 s"; cat "$out/app-$2.err"; exit 1
}
"$kindly" "${args[@]}" begin >/dev/null
start "$out/data" first
first=$pid

set +e
said=$("$kindly" "${args[@]}" 2>&1); code=$?
set -e
echo "second launch ($code): $said"
[ "$code" -eq 0 ] || { echo "FAIL: the second launch exited $code"; exit 1; }
[ "$said" = "Kindly is already open for this data folder; it has been brought forward." ] ||
  { echo "FAIL: the second launch said something else"; exit 1; }
kill -0 $first || { echo "FAIL: the first Kindly is gone"; exit 1; }
# The CLI works while the app is open.
"$kindly" "${args[@]}" journal add "Written while the app is open." >/dev/null

# A first Kindly that cannot answer: said plainly, exit 1 (docs/cli.md).
kill -STOP $first
set +e
said=$("$kindly" "${args[@]}" 2>&1); code=$?
set -e
kill -CONT $first
echo "launch beside a stopped Kindly ($code): $said"
[ "$code" -eq 1 ] || { echo "FAIL: exit $code, not 1"; exit 1; }
echo "$said" | grep -q "already open for this data folder" || { echo "FAIL: not said"; exit 1; }

# Another folder: its own Kindly.
start "$out/other" other
kill -0 $pid || { echo "FAIL: the other folder's Kindly did not stay open"; exit 1; }
kill $pid; wait $pid || true

# Killed outright: the kernel drops the lock, and the next launch opens.
kill -KILL $first; wait $first 2>/dev/null || true
start "$out/data" again
kill $pid; wait $pid || true
trap - EXIT
echo "one Kindly per data folder"
