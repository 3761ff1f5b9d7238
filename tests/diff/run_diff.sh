#!/usr/bin/env bash
# tests/diff/run_diff.sh: runs one guest ELF under qemu-user and under tandem and fails if their
# stdout or exit code differ.
#   run_diff.sh <tandem-binary> <qemu-binary> <elf> [input-file]
# The input file becomes the guest's stdin under qemu and its run input under tandem (--input).
# Exit status: 0 same, 1 different (a diff is printed), 77 skipped (qemu not installed).
set -u

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "usage: $0 <tandem-binary> <qemu-binary> <elf> [input-file]" >&2
  exit 2
fi
tandem=$1
qemu=$2
elf=$3
input=${4:-}

if ! command -v "$qemu" > /dev/null 2>&1; then
  echo "SKIP: $qemu is not installed (apt-get install qemu-user)"
  exit 77
fi
for f in "$elf" ${input:+"$input"}; do
  if [ ! -f "$f" ]; then
    echo "FAIL: $f does not exist" >&2
    exit 1
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "$input" ]; then
  "$qemu" "$elf" < "$input" > "$work/qemu.out" 2> "$work/qemu.err"
  qemu_rc=$?
  "$tandem" run "$elf" --input "$input" > "$work/tandem.out" 2> "$work/tandem.err"
  tandem_rc=$?
else
  "$qemu" "$elf" < /dev/null > "$work/qemu.out" 2> "$work/qemu.err"
  qemu_rc=$?
  "$tandem" run "$elf" < /dev/null > "$work/tandem.out" 2> "$work/tandem.err"
  tandem_rc=$?
fi

status=0
if ! cmp -s "$work/qemu.out" "$work/tandem.out"; then
  echo "FAIL: stdout differs (--- qemu, +++ tandem):"
  diff -u --label qemu "$work/qemu.out" --label tandem "$work/tandem.out" | head -n 60
  status=1
fi
if [ "$qemu_rc" != "$tandem_rc" ]; then
  echo "FAIL: exit code differs: qemu $qemu_rc, tandem $tandem_rc"
  status=1
fi
if [ $status -ne 0 ]; then
  echo "--- tandem stderr:"
  head -n 20 "$work/tandem.err"
  echo "--- qemu stderr:"
  head -n 20 "$work/qemu.err"
else
  echo "OK: $(wc -l < "$work/qemu.out") lines of stdout and exit code $qemu_rc agree"
fi
exit $status
