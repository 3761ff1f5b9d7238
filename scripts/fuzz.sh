#!/usr/bin/env bash
# scripts/fuzz.sh [TARGET|all] [SECONDS]: builds the libFuzzer targets (preset "fuzz": clang, ASan,
# UBSan) and runs each for SECONDS (default 30) on its corpus.  Exits non-zero when a target finds
# a crash, a leak, a hang or a broken invariant; the input that did it is under
# build/fuzz/artifacts/<target>/.  See docs/fuzzing.md.
#
#   TARGET          fuzz_elf_loader, fuzz_interpreter, fuzz_syscalls, fuzz_precompile, fuzz_coproc
#                   (the fuzz_ prefix is optional)
#   TANDEM_FUZZ_ARGS  extra libFuzzer flags, e.g. "-seed=1 -max_len=512"
set -euo pipefail
cd "$(dirname "$0")/.."

all=(fuzz_elf_loader fuzz_interpreter fuzz_syscalls fuzz_precompile fuzz_coproc)
want=${1:-all}
seconds=${2:-30}
if [[ $want == all ]]; then
  targets=("${all[@]}")
else
  [[ $want == fuzz_* ]] || want=fuzz_$want
  [[ " ${all[*]} " == *" $want "* ]] || { echo "fuzz.sh: unknown target '$1' (${all[*]} or all)" >&2; exit 2; }
  targets=("$want")
fi
[[ $seconds =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECONDS must be a whole number, got '$seconds'" >&2; exit 2; }

command -v clang++ >/dev/null || { echo "fuzz.sh: needs clang++ with libFuzzer (Debian: clang, libclang-rt-14-dev)" >&2; exit 2; }
# One fuzz.sh at a time per tree: two builds in build/fuzz at once can mix object files.
mkdir -p build
exec 9>build/fuzz.lock
flock 9
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${TANDEM_FUZZ_BUILD_JOBS:-2}" >/dev/null

build=build/fuzz
bin=$build/fuzz
# Seeds from real guest programs when a build made them (not committed: they are large).
mapfile -t guests < <(ls -S -r build/*/guests/*.elf 2>/dev/null | head -n 4 || true)
rm -rf "$build/seeds"
"$bin/fuzz_make_corpus" "$build/seeds" "${guests[@]}"

failed=()
for t in "${targets[@]}"; do
  work=$build/corpus/$t
  artifacts=$build/artifacts/$t
  log=$build/logs/$t.log
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  echo "== $t: ${seconds}s, corpus $work (seeds: fuzz/corpus/$t, $build/seeds/$t)"
  set +e
  # shellcheck disable=SC2086
  "$bin/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" ${TANDEM_FUZZ_ARGS:-} \
    "$work" "fuzz/corpus/$t" "$build/seeds/$t" >"$log" 2>&1
  rc=$?
  set -e
  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' "$log" | tail -n 2 || true
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
  if ((rc != 0)); then
    failed+=("$t")
    echo "!! $t failed (exit $rc); log: $log"
    grep -E 'invariant violated|ERROR: |runtime error|SUMMARY|Test unit written' "$log" | head -n 8 || true
  fi
done

if ((${#failed[@]})); then
  echo "fuzz.sh: findings in: ${failed[*]} (inputs under $build/artifacts/; see docs/fuzzing.md)"
  exit 1
fi
echo "fuzz.sh: no findings"
