#!/bin/sh
# The report a therapist receives, opened as they would open it: headless Chromium renders the
# HTML report (with the questionnaires included) and must log no console message at all (a
# Content-Security-Policy violation, a script or a blocked resource is logged as "CONSOLE").
# First it checks that it can see such errors: a copy with an inline script and a remote image
# must log them, else the check below would prove nothing.
# With WALK_COURSE (tests/data/courses/eight-weeks), the completion record too: a walk through
# its eight weeks, a plan and a letter of learning, the record written as HTML and rendered the
# same way.
#   report_in_chromium.sh KINDLY_BIN COURSE_DIR WORK_DIR [WALK_COURSE]
set -eu
kindly=$1 course=$2 work=$3 walk_course=${4:-}
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
[ -n "$walk_course" ] || exit 0

walk() { now=$1; shift; KINDLY_NOW=$now "$kindly" --course "$walk_course" --data-dir "$work/walk" "$@"; }
walk 2026-10-05T08:00 begin >/dev/null
for n in 1 2 3 4 5 6 7 8; do
  monday=$(date -u -d "2026-10-05 +$(((n - 1) * 7)) days" +%F)
  walk "${monday}T08:10" start "$n" >/dev/null
  walk "${monday}T08:11" done "w$n-reading" >/dev/null
  walk "${monday}T08:12" journal add --item "w$n-reflection" "Week $n: noticed." >/dev/null
  for d in 0 1 2; do
    walk "$(date -u -d "$monday +$d days" +%F)T20:00" log breathing --minutes 12 >/dev/null
  done
done
walk 2026-11-26T08:00 plan set --practices pause,breathing --days mon,thu --time 08:00 >/dev/null
walk 2026-11-26T08:01 journal add --item letter-of-learning "Dear me, <b>slowly</b>." >/dev/null
walk 2026-11-26T08:02 completion-record --include-letter --out "$work/record.html" >/dev/null
grep -q "Completion record" "$work/record.html"
grep -q "<svg" "$work/record.html"
grep -q "&lt;b&gt;slowly" "$work/record.html"
shot "$work/record.html" "$work/record.png" "$work/record.log"
if grep "CONSOLE" "$work/record.log"; then
  echo "the completion record logs console messages in Chromium (above)"
  exit 1
fi
test -s "$work/record.png"
echo "ok: the completion record too; screenshot $work/record.png"
