#!/usr/bin/env bash
# The one test command (README, CI): installs what the suite needs, then runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."

# The test suite starts its own throwaway PostgreSQL cluster from the machine's server binaries.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing the PostgreSQL 15 server binaries (apt-get install postgresql-15)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  else
    echo "PostgreSQL server binaries are missing: run 'sudo apt-get install postgresql-15'" >&2
    exit 1
  fi
fi

# The browser tests drive Debian's chromium; Playwright must never download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing chromium for the browser tests (apt-get install chromium)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing, so the browser tests will be skipped: run 'sudo apt-get install chromium'" >&2
  fi
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test TalentMatch.sln --nologo 2>&1 | tee "$log" || status=$?

# One plain closing line across all test projects.
summary=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3} END {printf "%d passed, %d failed, %d skipped", p, f, s}')
echo "tests: ${summary:-0 passed, 0 failed}"
exit $status
