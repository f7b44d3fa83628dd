# Sourced by type_and_close.sh and type_and_kill.sh (arguments: KINDLY DEMO COURSE OUTDIR):
# makes a demo data folder with three weeks of use in OUTDIR, starts the real app on one of
# its reflections, waits for its first frame and clicks into the editor. Leaves `kindly`, `args`
# (the app's data and course options) and `pid` (the running app) for the test. Skips
# (exit 77) when xdotool is missing.
kindly=$1 demo=$2 course=$3 out=$4
command -v xdotool >/dev/null || { echo "no xdotool: skipped"; exit 77; }
rm -rf "$out" && mkdir -p "$out"
export KINDLY_STATE_DIR="$out/state"
export XDG_CACHE_HOME="$out/cache"  # the font atlas cache stays in the test's folder
reflection=$("$demo" "$out/data" "$course" 3 | sed -n 's/^reflection: //p')
args=(--data-dir "$out/data" --course "$course" --now 2026-11-25T19:30)
# The app says when its first frame is on screen (KINDLY_FRAME_TIMING); wait for that rather
# than a fixed time, so a busy machine does not make the click land before the editor exists.
KINDLY_FRAME_TIMING=1 "$kindly" "${args[@]}" --screen "reflection/$reflection" 2>"$out/app.err" &
pid=$!
for _ in $(seq 200); do grep -q "^first frame" "$out/app.err" && break; sleep 0.1; done
grep -q "^first frame" "$out/app.err" || { echo "FAIL: no first frame in 20 s"; cat "$out/app.err"; exit 1; }
xdotool search --sync --pid $pid >/dev/null
xdotool mousemove 640 420 click 1
sleep 0.3
