#!/usr/bin/env bash
# The optional desktop libraries are loaded with dlopen on first use, never at start: the
# binary must not list libnotify, libpulse(-simple) or libsndfile as DT_NEEDED, or every start
# would map them and the dozens of libraries they depend on again.
#   no_optional_needed.sh BINARY
set -euo pipefail
bin=$1
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p')
if [ -z "$needed" ]; then
  echo "no_optional_needed: readelf found no NEEDED entries in $bin" >&2
  exit 1
fi
bad=$(printf '%s\n' "$needed" | grep -E '^lib(notify|pulse|sndfile)' || true)
if [ -n "$bad" ]; then
  echo "no_optional_needed: $bin links at start-up what it should load on first use:" >&2
  printf '  %s\n' $bad >&2
  exit 1
fi
echo "no_optional_needed: $(printf '%s\n' "$needed" | wc -l) libraries needed, none optional"
