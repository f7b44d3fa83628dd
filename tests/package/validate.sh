#!/usr/bin/env bash
# Validates one file the package ships, with the tool its format has; exit 77 (CTest: skipped)
# when the tool is missing.
#   validate.sh metainfo FILE   appstreamcli validate --no-net: no error or warning
#   validate.sh desktop FILE    desktop-file-validate: no error or warning (hints are fine)
set -euo pipefail
kind=$1 file=$2
case "$kind" in
  metainfo) tool=appstreamcli ;;
  desktop) tool=desktop-file-validate ;;
  *) echo "validate.sh: unknown kind '$kind'" >&2; exit 2 ;;
esac
command -v "$tool" >/dev/null || { echo "SKIP: $tool not found (scripts/install-deps installs it)"; exit 77; }
if [ "$kind" = metainfo ]; then
  exec appstreamcli validate --no-net "$file"  # exits non-zero on any error or warning
fi
out=$(desktop-file-validate "$file") || { echo "$out"; exit 1; }
echo "$out"
if grep -Eq ': (error|warning): ' <<<"$out"; then exit 1; fi
echo "$file: valid"
