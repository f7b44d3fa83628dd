#!/usr/bin/env bash
# GUI smoke test (run under xvfb-run): renders every screen in one theme with --screenshot and
# checks that each PNG has the right size and is not blank.
#   smoke.sh KINDLY DEMO PNG_CHECK COURSE BROKEN_COURSE THEME OUTDIR
set -euo pipefail
kindly=$1 demo=$2 check=$3 course=$4 broken=$5 theme=$6 out=$7
rm -rf "$out" && mkdir -p "$out"
data="$out/data"
fresh="$out/fresh"
reflection=$("$demo" "$data" "$course" 3 | sed -n 's/^reflection: //p')
now=2026-11-25T19:30
export KINDLY_STATE_DIR="$out/state"  # logs stay in the test folder
# The player and Settings ask the speech service for a voice; the smoke test draws, it does
# not speak (and three themes at once must not race to autospawn speech-dispatcher).
export KINDLY_SPEECH=none
shot() {  # NAME SCREEN [extra args...]
  local name=$1 screen=$2
  shift 2
  "$kindly" --screenshot "$out/$name-$theme.png" --screen "$screen" --theme "$theme" \
    --size 1280x800 --now "$now" "$@"
  "$check" "$out/$name-$theme.png" 1280 800 40
}
shot welcome welcome --data-dir "$fresh" --course "$course"
for s in home week/2 week/4 week/6 "reflection/$reflection" journal settings \
  practice/w1-soothing-rhythm-breathing/95 progress resources checkin/w2-checkin export; do
  shot "$(echo "$s" | tr '/' '-')" "$s" --data-dir "$data" --course "$course"
done
shot problems problems --data-dir "$fresh" --course "$broken"
echo "all screens rendered in the $theme theme"
