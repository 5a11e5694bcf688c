#!/usr/bin/env bash
# Runs every test project and prints one closing line: "tests: N passed, N failed, N skipped".
# Usage: ./test.sh [extra dotnet test arguments, e.g. -c Release --no-build]
set -uo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
dotnet test Syncthing.slnx --nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# VSTest prints one summary line per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$rc"
