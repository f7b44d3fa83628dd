#!/usr/bin/env bash
# The real app under Xvfb plays a short practice with spoken guidance into a private
# PulseAudio server's null sink; parec records the sink's monitor. Every cue the app logs
# (each step's words, the end bell) must be heard within 0.5 s of when the app says it cued
# it, and every sound heard must be one of them. Skips (exit 77) without pulseaudio, parec or
# a working espeak-ng voice.
#   real_sound.sh KINDLY ONSETS COURSE OUTDIR
set -euo pipefail
kindly=$1 onsets=$2 course=$3 out=$4
for tool in pulseaudio parec pactl xdotool; do
  command -v $tool >/dev/null || { echo "no $tool: skipped"; exit 77; }
done
rm -rf "$out" && mkdir -p "$out/pulse" "$out/state"
pulse_pid="" rec_pid="" app_pid=""
cleanup() {
  for p in $app_pid $rec_pid $pulse_pid; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# A private server: its own socket, home and runtime folder; one null sink.
socket="$out/pulse/native"
HOME="$out/pulse" XDG_RUNTIME_DIR="$out/pulse" pulseaudio -n --daemonize=no --exit-idle-time=-1 \
  --log-target=stderr -L module-null-sink \
  -L "module-native-protocol-unix socket=$socket auth-anonymous=1" 2>"$out/pulse.log" &
pulse_pid=$!
for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.05; done
[ -S "$socket" ] || { echo "FAIL: pulseaudio did not start"; cat "$out/pulse.log"; exit 1; }
export PULSE_SERVER="unix:$socket" PULSE_NO_AUTOSPAWN=1
export KINDLY_STATE_DIR="$out/state" KINDLY_SPEECH=espeak-ng
# speech-dispatcher must not be started for this run (espeak-ng in-process is deterministic).
export SPEECHD_ADDRESS="unix_socket:$out/pulse/no-speechd"

args=(--data-dir "$out/data" --course "$course" --now 2026-11-02T09:00)
"$kindly" "${args[@]}" begin >/dev/null
"$kindly" "${args[@]}" start 1 >/dev/null
printf 'guidance = spoken\n' >"$out/data/gui-settings.ini"

parec -d null.monitor --raw --format=s16le --channels=1 --rate=16000 >"$out/rec.raw" &
rec_pid=$!
sleep 0.5
# As a user begins: the practice's introduction (it prepares the voice), then Begin from the
# keyboard (the page starts on it; the first Tab shows the focus there, Enter presses it).
KINDLY_FRAME_TIMING=1 "$kindly" "${args[@]}" --screen practice/three-steps 2>"$out/app.err" &
app_pid=$!
for _ in $(seq 300); do grep -q "^first frame" "$out/app.err" && break; sleep 0.1; done
grep -q "^first frame" "$out/app.err" || { echo "FAIL: no first frame in 30 s"; cat "$out/app.err"; exit 1; }
sleep 1.5
xdotool search --sync --pid $app_pid windowfocus
sleep 0.3
xdotool key Tab
sleep 0.3
xdotool key Return
# The practice lasts about 24 s (its words, three 3 s pauses), then the end bell rings out.
# The log is read once the app has exited (it is flushed then).
sleep 27
kill -TERM $app_pid; wait $app_pid || true; app_pid=""
kill $rec_pid; wait $rec_pid 2>/dev/null || true; rec_pid=""

log="$out/state/kindly.log"
grep -q "speech: voice through" "$log" || { echo "no voice in this environment: skipped"; grep "speech:" "$log" || true; exit 77; }
grep "player cue" "$log" | sed 's/.*player cue: //' | tee "$out/cues.txt"
"$onsets" "$out/rec.raw" 16000 1.0 0.01 | tee "$out/onsets.txt"
# Cues that make a sound (words and bells), as seconds after the first one.
# No step starts earlier than the engine's timeline says (words that run long make it later).
awk '{for(i=1;i<=NF;i++){if($i=="at")a=$(i+1); if($i=="(timeline")t=$(i+1)}; if (a < t - 0.1) {print "FAIL: cued before its time: " $0; bad=1}} END{exit bad}' "$out/cues.txt"
awk '/ (speech|bell|chime) at /{for(i=1;i<=NF;i++) if($i=="at") print $(i+1)}' "$out/cues.txt" >"$out/cue_times.txt"
[ -s "$out/cue_times.txt" ] || { echo "FAIL: the app logged no cues"; exit 1; }
[ -s "$out/onsets.txt" ] || { echo "FAIL: nothing was heard"; exit 1; }
awk -v tol=0.5 '
  NR == FNR { cue[++nc] = $1; next }
  { heard[++nh] = $1 }
  function nearest(i, s,   j, d, best) {  # how far cue i is from the sound heard nearest it
    best = 1e9
    for (j = 1; j <= nh; j++) { d = heard[j] - s - cue[i]; if (d < 0) d = -d; if (d < best) best = d }
    return best
  }
  END {
    # The recording started before the app, at a moment nobody logged: line the two up by the
    # shift that brings every cue closest to a sound (the smallest worst miss over all cues,
    # tried at every cue-sound pair and then centred between the earliest and latest miss).
    # Every cue, the first words included, must then be heard within tol.
    bad = 0; worst = 1e9
    for (i = 1; i <= nc; i++) for (j = 1; j <= nh; j++) {
      s = heard[j] - cue[i]; w = 0
      for (k = 1; k <= nc; k++) { d = nearest(k, s); if (d > w) w = d }
      if (w < worst) { worst = w; shift = s }
    }
    lo = 1e9; hi = -1e9
    for (i = 1; i <= nc; i++) {
      best = 1e9
      for (j = 1; j <= nh; j++) { d = heard[j] - shift - cue[i]; if (d * d < best * best) best = d }
      if (best < lo) lo = best; if (best > hi) hi = best
    }
    shift += (lo + hi) / 2
    printf "sounds against cues: spread %.2f s (the latest miss minus the earliest)\n", hi - lo
    for (i = 1; i <= nc; i++) {
      best = 1e9
      for (j = 1; j <= nh; j++) { d = heard[j] - shift - cue[i]; if (d < 0) d = -d; if (d < best) best = d }
      printf "cue %.2f s: heard within %.2f s\n", cue[i], best
      if (best > tol) bad = 1
    }
    for (j = 1; j <= nh; j++) {
      best = 1e9
      for (i = 1; i <= nc; i++) { d = heard[j] - shift - cue[i]; if (d < 0) d = -d; if (d < best) best = d }
      if (best > tol) { printf "FAIL: a sound at %.2f s that no cue explains\n", heard[j] - shift; bad = 1 }
    }
    if (nc != 4) { printf "FAIL: %d cues, expected 3 steps and the end bell\n", nc; bad = 1 }
    exit bad
  }' "$out/cue_times.txt" "$out/onsets.txt"
echo "speech and bells heard at their cue times"
