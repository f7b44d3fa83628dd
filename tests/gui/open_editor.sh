# Sourced by type_and_close.sh and type_and_kill.sh (arguments: KINDLY DEMO COURSE OUTDIR):
# makes a demo data folder with three weeks of use in OUTDIR, starts the real app on one of
# its reflections, waits for the window and clicks into the editor. Leaves `kindly`, `args`
# (the app's data and course options) and `pid` (the running app) for the test. Skips
# (exit 77) when xdotool is missing.
kindly=$1 demo=$2 course=$3 out=$4
command -v xdotool >/dev/null || { echo "no xdotool: skipped"; exit 77; }
rm -rf "$out" && mkdir -p "$out"
export KINDLY_STATE_DIR="$out/state"
reflection=$("$demo" "$out/data" "$course" 3 | sed -n 's/^reflection: //p')
args=(--data-dir "$out/data" --course "$course" --now 2026-11-25T19:30)
"$kindly" "${args[@]}" --screen "reflection/$reflection" &
pid=$!
xdotool search --sync --pid $pid >/dev/null
sleep 1
xdotool mousemove 640 420 click 1
sleep 0.3
