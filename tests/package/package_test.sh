#!/usr/bin/env bash
# The Debian package, end to end, on the build machine (CTest: package/deb):
#   1. build it with cpack; lintian (no error or warning), appstreamcli validate --no-net and
#      desktop-file-validate on what it holds; Depends from the libraries, Recommends as meant
#   2. install it with dpkg into the real /usr
#   3. with the source and build trees hidden (a private mount namespace puts empty folders
#      over them), run /usr/bin/kindly from /: validate, then the app under Xvfb in screenshot
#      mode; the PNG must not be blank
#   4. remove it with dpkg -r: nothing of it may be left
# Needs root and dpkg (it installs into /usr); otherwise it prints "SKIP: ..." and exits 77,
# which CTest reports as skipped, never as passed. It always removes what it installed (trap),
# and refuses to touch a kindly package it did not install. Each long step runs under
# `timeout`, well inside CTest's TIMEOUT, so the trap gets to run.
#   package_test.sh SOURCE_DIR BUILD_DIR PNG_CHECK
set -euo pipefail
src=$(realpath "$1") build=$(realpath "$2") png_check=$(realpath "$3")
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "not root: the package test installs into /usr with dpkg (CI runs it as root)"
command -v dpkg >/dev/null || skip "no dpkg on this machine"
for tool in cpack dpkg-shlibdeps lintian appstreamcli desktop-file-validate xvfb-run flock; do
  command -v "$tool" >/dev/null || skip "$tool not found (scripts/install-deps installs it)"
done

# One package test at a time on this machine: every worktree's test installs the same package.
exec 9>/run/lock/kindly-package-test.lock
flock -w 240 9 || fail "another package test has held /run/lock/kindly-package-test.lock for 4 minutes"

# A kindly package installed by someone else is theirs: leave it. One this test installed and
# could not remove (the run was killed with SIGKILL) is marked, and removed before going on.
marker=/var/tmp/kindly-package-test.installed
status=$(dpkg-query -W -f='${Status}' kindly 2>/dev/null || true)
case "$status" in
  "" | *not-installed) rm -f "$marker" ;;
  *)
    [ -e "$marker" ] || skip "a kindly package is already installed ($status) and this test did not install it; it will not replace or remove it (dpkg -r kindly, then run again)"
    echo "removing the kindly package an earlier, interrupted run of this test left installed"
    dpkg -r kindly >/dev/null || fail "could not remove the kindly package an earlier run left"
    rm -f "$marker" ;;
esac

tmp=$(mktemp -d /tmp/kindly-package-test.XXXXXX)
installed=0
cleanup() {
  if [ "$installed" -eq 1 ]; then
    if dpkg -r kindly >/dev/null 2>&1; then rm -f "$marker"; else echo "cleanup: dpkg -r kindly failed" >&2; fi
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# ---- 1. build and check the package --------------------------------------------------------
(cd "$build" && cpack -G DEB -B "$tmp/cpack" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log" >&2; fail "cpack failed"; }
debs=("$tmp"/cpack/kindly_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no single kindly_*.deb: ${debs[*]}"
deb=${debs[0]}
echo "package: $(basename "$deb")"
[[ $(basename "$deb") =~ ^kindly_[0-9]+\.[0-9]+\.[0-9]+-[0-9]+_[a-z0-9]+\.deb$ ]] || fail "unexpected file name $(basename "$deb")"

echo "lintian:"
timeout 300 lintian --fail-on error,warning --display-info "$deb" | tee "$tmp/lintian.log" || fail "lintian reports errors or warnings (above)"

depends=$(dpkg-deb -f "$deb" Depends) recommends=$(dpkg-deb -f "$deb" Recommends)
echo "Depends: $depends"
echo "Recommends: $recommends"
names() { tr ',|' '\n\n' | sed 's/^ *//; s/ .*//'; }  # a relations field -> package names
for lib in libc6 libglfw3 libfontconfig1; do  # linked (DT_NEEDED): dpkg-shlibdeps must list them
  names <<<"$depends" | grep -qx "$lib" || fail "Depends lacks $lib (from the binary's libraries)"
done
# speech-dispatcher: the service (it brings libspeechd2, which app/speech dlopens).
for lib in libpulse0 libsndfile1 libnotify4 libespeak-ng1 speech-dispatcher; do  # dlopened on first use: Recommends, not Depends
  names <<<"$recommends" | grep -qx "$lib" || fail "Recommends lacks $lib"
  ! names <<<"$depends" | grep -qx "$lib" || fail "$lib is in Depends; it is loaded on demand"
done

mkdir "$tmp/contents"
dpkg-deb -x "$deb" "$tmp/contents"
appstreamcli validate --no-net "$tmp/contents/usr/share/metainfo/"*.metainfo.xml || fail "appstreamcli validate"
desktop-file-validate "$tmp/contents/usr/share/applications/kindly.desktop" || fail "desktop-file-validate"
# Every file the package puts down, to check after removal that none is left.
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {sub(/^\./, "", $6); print $6}' >"$tmp/files"
grep -qx /usr/bin/kindly "$tmp/files" || fail "the package has no /usr/bin/kindly"
for course in kindly-msc kindly-msc-es; do
  grep -qx "/usr/share/kindly/courses/$course/course.yaml" "$tmp/files" || fail "the package has no $course course"
done

# ---- 2. install -------------------------------------------------------------------------------
installed=1
basename "$deb" >"$marker"
timeout 180 dpkg -i "$deb" >"$tmp/dpkg-i.log" 2>&1 || { cat "$tmp/dpkg-i.log" >&2; fail "dpkg -i failed"; }
echo "installed: $(dpkg-query -W -f='${Package} ${Version} ${Status}' kindly)"

# ---- 3. run it from /usr/bin with the source and build trees out of reach -------------------
mkdir -p "$tmp/home" "$tmp/out"
cat >"$tmp/run.sh" <<RUN
set -euo pipefail
cd /
export HOME="$tmp/home" KINDLY_STATE_DIR="$tmp/home/state"
unset KINDLY_COURSE KINDLY_DATA_DIR XDG_DATA_HOME KINDLY_NOW
if [ -n "\${HIDE:-}" ]; then
  for d in "$src" "$build"; do  # the build folder is often inside the source one: then hidden already
    if [ -d "\$d" ] && [ ! -e "\$d/.kindly-hidden" ]; then
      mount -t tmpfs -o size=1m,mode=0755 kindly-hidden "\$d" && touch "\$d/.kindly-hidden"
    fi
  done
  [ ! -e "$src/curriculum" ] || { echo "could not hide $src" >&2; exit 1; }
fi
/usr/bin/kindly validate /usr/share/kindly/courses/kindly-msc
/usr/bin/kindly validate /usr/share/kindly/courses/kindly-msc-es
/usr/bin/kindly validate --json >"$tmp/out/validate.json"
xvfb-run -a -s "-screen 0 1280x800x24" /usr/bin/kindly --screenshot "$tmp/out/welcome.png" \
  --screen welcome --size 1280x800 --data-dir "$tmp/home/data"
RUN
if unshare --mount --propagation private true 2>/dev/null; then
  echo "running /usr/bin/kindly from / with $src and $build hidden"
  HIDE=1 timeout 180 unshare --mount --propagation private bash "$tmp/run.sh" || fail "the installed kindly failed (above)"
else
  echo "note: no private mount namespace here (unshare --mount failed); the trees stay visible," \
    "and the installed course is checked by the path kindly reports"
  timeout 180 bash "$tmp/run.sh" || fail "the installed kindly failed (above)"
fi
grep -q '"course_dir": "/usr/share/kindly/courses/kindly-msc"' "$tmp/out/validate.json" ||
  fail "kindly validate did not use the installed course: $(cat "$tmp/out/validate.json")"
"$png_check" "$tmp/out/welcome.png" 1280 800 40 || fail "the installed app's screenshot is blank or the wrong size"

# ---- 4. remove: nothing of it may be left -----------------------------------------------------
timeout 180 dpkg -r kindly >"$tmp/dpkg-r.log" 2>&1 || { cat "$tmp/dpkg-r.log" >&2; fail "dpkg -r failed"; }
installed=0
rm -f "$marker"
status=$(dpkg-query -W -f='${Status}' kindly 2>/dev/null || true)
case "$status" in
  "" | *not-installed) ;;
  *) fail "after dpkg -r the package is '$status', not gone (a conffile?)" ;;
esac
[ ! -e /usr/bin/kindly ] || fail "/usr/bin/kindly is left after dpkg -r"
[ ! -e /usr/share/kindly ] || fail "/usr/share/kindly is left after dpkg -r"
left=$(while read -r f; do [ ! -e "$f" ] || echo "$f"; done <"$tmp/files")
[ -z "$left" ] || fail "files left after dpkg -r: $left"
echo "package test: built, lint-clean, installed, ran from /usr/bin, removed cleanly"
