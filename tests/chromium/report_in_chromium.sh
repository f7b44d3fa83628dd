#!/bin/sh
# The report a therapist receives, opened as they would open it: headless Chromium renders the
# HTML report (with the questionnaires included) and must log no console message at all (a
# Content-Security-Policy violation, a script or a blocked resource is logged as "CONSOLE").
# First it checks that it can see such errors: a copy with an inline script and a remote image
# must log them, else the check below would prove nothing.
#   report_in_chromium.sh KINDLY_BIN COURSE_DIR WORK_DIR
set -eu
kindly=$1 course=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
export TZ=Europe/London KINDLY_STATE_DIR="$work/state"
run() { now=$1; shift; KINDLY_NOW=$now "$kindly" --course "$course" --data-dir "$work/data" "$@"; }
run 2026-12-01T09:00 begin >/dev/null
run 2026-12-01T09:01 measure phq-9 --answers 2,2,2,2,2,2,1,1,0 >/dev/null
run 2026-12-01T09:02 measure gad-7 --answers 2,2,1,1,1,1,1 >/dev/null
run 2026-12-20T09:00 measure phq-9 --answers 1,1,1,0,1,0,0,0,0 >/dev/null
run 2026-12-20T09:01 export --include-measures --out "$work/report.html" >/dev/null
grep -q "Questionnaires" "$work/report.html"
grep -q "a reliable improvement" "$work/report.html"
grep -q "<svg" "$work/report.html"

shot() {  # shot HTML PNG LOG
  timeout 120 chromium --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
    --user-data-dir="$work/profile" --window-size=1000,2400 --screenshot="$2" "file://$1" \
    >"$3" 2>&1 || { cat "$3"; echo "chromium failed"; exit 1; }
}

sed 's#</body>#<script>console.error("x")</script><img src="http://example.invalid/x.png"></body>#' \
  "$work/report.html" >"$work/broken.html"
shot "$work/broken.html" "$work/broken.png" "$work/broken.log"
if ! grep -q "CONSOLE" "$work/broken.log"; then
  echo "chromium logged no console line for a page that breaks the CSP: cannot check"
  exit 1
fi

shot "$work/report.html" "$work/report.png" "$work/report.log"
if grep "CONSOLE" "$work/report.log"; then
  echo "the report logs console messages in Chromium (above)"
  exit 1
fi
test -s "$work/report.png"
echo "ok: no console or CSP messages; screenshot $work/report.png"
