#!/usr/bin/env bash
# Crash soak: kills a real `update` process at N randomly chosen announced steps (default 1000) and
# checks after each kill that the endpoint runs a complete version and the next run recovers.
# CI runs the same test with 50 kills. Usage: bench/crash/run.sh [kills]
set -euo pipefail
cd "$(dirname "$0")/../.."
kills="${1:-1000}"
mvn -B -q -pl updater -am test -Dtest=CrashRecoveryTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtollgate.crashKills="$kills" 2>&1 | grep -E "crash test:|FAIL|ERROR" || true
