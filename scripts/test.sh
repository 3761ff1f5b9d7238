#!/usr/bin/env bash
# scripts/test.sh: installs what is missing, then builds and runs the whole test suite twice:
# with the "dev" preset, and with the "asan" preset (AddressSanitizer + UndefinedBehaviorSanitizer),
# then runs each fuzzer briefly when the fuzzing setup is present.
#   TANDEM_TEST_PRESETS="dev"   only the listed presets
#   TANDEM_FUZZ_SECONDS=0       skip the fuzzers (default 15 s each)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc)
for preset in ${TANDEM_TEST_PRESETS:-dev asan}; do
  echo "== preset $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs" "$@"
done
fuzz_seconds=${TANDEM_FUZZ_SECONDS:-15}
if [[ -x scripts/fuzz.sh && $fuzz_seconds -gt 0 ]]; then
  echo "== fuzzers, ${fuzz_seconds} s each"
  scripts/fuzz.sh all "$fuzz_seconds"
fi
