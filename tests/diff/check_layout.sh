#!/usr/bin/env bash
# tests/diff/check_layout.sh: checks that a guest ELF has the layout sdk/tandem.ld promises and
# the VM requires: nothing below 0x10000, page-aligned PT_LOAD segments, none both writable and
# executable, every writable one above every non-writable one, and a PT_TLS segment.
#   check_layout.sh <readelf> <elf>
set -u
readelf=$1
elf=$2
"$readelf" -hlW "$elf" > /dev/null || { echo "FAIL: $readelf cannot read $elf"; exit 1; }
"$readelf" -hlW "$elf" | awk '
  # mawk (Debian'"'"'s default awk) has no strtonum.
  function num(s,    v, i, c) {
    s = tolower(s); sub(/^0x/, "", s); v = 0
    for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c }
    return v
  }
  /Entry point address:/ { entry = num($NF) }
  $1 == "LOAD" {
    # Type Offset VirtAddr PhysAddr FileSiz MemSiz Flg... Align: flags are the fields between
    # MemSiz and Align ("R E" splits in two).
    vaddr = num($3); memsz = num($6); flags = ""
    for (i = 7; i < NF; i++) flags = flags $i
    loads++
    if (vaddr < 65536) { print "FAIL: segment at " $3 " is below 0x10000"; bad = 1 }
    if (vaddr % 4096 != 0) { print "FAIL: segment at " $3 " is not page-aligned"; bad = 1 }
    if (flags ~ /W/ && flags ~ /E/) { print "FAIL: segment at " $3 " is writable and executable"; bad = 1 }
    if (flags ~ /W/) { if (min_w == "" || vaddr < min_w) min_w = vaddr }
    else if (vaddr + memsz > max_ro) max_ro = vaddr + memsz
  }
  $1 == "TLS" { tls++ }
  END {
    if (loads == 0) { print "FAIL: no PT_LOAD segments"; bad = 1 }
    if (entry < 65536) { print "FAIL: entry point below 0x10000"; bad = 1 }
    if (min_w != "" && min_w < max_ro) { print "FAIL: a writable segment lies below a non-writable one"; bad = 1 }
    if (tls != 1) { print "FAIL: expected one PT_TLS segment, found " tls + 0; bad = 1 }
    if (!bad) print "OK: " loads " segments, W^X, writable above read-only, PT_TLS present"
    exit bad
  }'
