#!/usr/bin/env bash
# tests/diff/sdk_api/check_sdk_api.sh: runs the sdk_api guest under tandem and compares its stdout
# and its output channel (tandem_output) with the expected files beside this script.
#   check_sdk_api.sh <tandem-binary> <elf>
set -u
tandem=$1
elf=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$tandem" run "$elf" --input "$here/sdk_api.input" --output "$work/output" --gas 100000000 \
  > "$work/stdout" 2> "$work/stderr"
rc=$?
status=0
if [ $rc -ne 0 ]; then
  echo "FAIL: exit code $rc"; cat "$work/stderr"; status=1
fi
if ! diff -u --label expected "$here/sdk_api.expected" --label stdout "$work/stdout"; then
  echo "FAIL: stdout differs"; status=1
fi
if ! diff -u --label expected "$here/sdk_api.output" --label output "$work/output"; then
  echo "FAIL: output channel differs"; status=1
fi
[ $status -eq 0 ] && echo "OK"
exit $status
