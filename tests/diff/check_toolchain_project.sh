#!/usr/bin/env bash
# tests/diff/check_toolchain_project.sh: configures and builds toolchain_project/ with one of the
# SDK's toolchain files, as a user's guest-only project would be, then runs the guest under qemu
# (and under tandem when given) and checks what it prints.
#   check_toolchain_project.sh <cmake> <generator> <work-dir> <riscv64|riscv32> <qemu> [tandem]
# Exit status: 0 ok, 1 failed, 77 skipped (qemu not installed; the build is still checked).
set -u
cmake=$1
generator=$2
work=$3
arch=$4
qemu=$5
tandem=${6:-}
here=$(cd "$(dirname "$0")" && pwd)
sdk=$(cd "$here/../../sdk" && pwd)

rm -rf "$work"
if ! "$cmake" -G "$generator" -S "$here/toolchain_project" -B "$work" \
      -DCMAKE_TOOLCHAIN_FILE="$sdk/cmake/$arch.cmake" > "$work.log" 2>&1; then
  echo "FAIL: configuring with $arch.cmake:"; cat "$work.log"; exit 1
fi
if ! "$cmake" --build "$work" >> "$work.log" 2>&1; then
  echo "FAIL: building with $arch.cmake:"; cat "$work.log"; exit 1
fi
elf="$work/guests/greet.elf"
[ -f "$elf" ] || { echo "FAIL: $elf was not produced"; exit 1; }

want="built with the toolchain file, argc=2, rv${arch#riscv}
arg x"
check() {  # <what> <command...>
  local what=$1; shift
  local out rc
  out=$("$@" x); rc=$?
  if [ "$out" != "$want" ] || [ $rc -ne 7 ]; then
    echo "FAIL: under $what: exit $rc, output:"; echo "$out"; return 1
  fi
  echo "OK: $what"
}
status=0
if [ -n "$tandem" ]; then
  check tandem "$tandem" run "$elf" -- || status=1
fi
if command -v "$qemu" > /dev/null 2>&1; then
  check "$qemu" "$qemu" "$elf" || status=1
elif [ $status -eq 0 ] && [ -z "$tandem" ]; then
  echo "SKIP: built, but $qemu is not installed to run it"; exit 77
fi
exit $status
