#!/usr/bin/env bash
# fuzz/make_corpus.sh: regenerates the committed seed corpora fuzz/corpus/<target>/ with
# fuzz_make_corpus (fuzz/make_corpus.cpp), built with the "fuzz" preset.  Only synthetic seeds are
# committed; scripts/fuzz.sh adds seeds made from real guest programs at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzz_make_corpus -j 2 >/dev/null
rm -rf fuzz/corpus
build/fuzz/fuzz/fuzz_make_corpus fuzz/corpus
du -sh fuzz/corpus
for d in fuzz/corpus/*/; do echo "$(ls "$d" | wc -l) seeds in $d"; done
