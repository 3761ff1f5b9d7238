#!/usr/bin/env bash
# tests/coproc/compare_glue_soft.sh TANDEM GLUE.elf SOFT.elf SEED: both builds of one guest print
# the same bytes and exit 0; the glue build must actually have called coprocessors.
set -euo pipefail
tandem=$1 glue=$2 soft=$3 seed=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$tandem" run "$glue" --json -- "$seed" > "$dir/glue.json"
"$tandem" run "$soft" -- "$seed" > "$dir/soft.txt"
python3 - "$dir/glue.json" "$dir/soft.txt" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
soft = open(sys.argv[2]).read()
assert g["status"] == "exited" and g["exit_code"] == 0, g["message"]
calls = sum(c["calls"] for c in g["coprocessors"])
assert calls >= 200, f"glue build made only {calls} coprocessor calls"
if g["stdout"] != soft:
    print("glue and soft outputs differ"); sys.exit(1)
print(f"identical output ({len(soft)} bytes), {calls} coprocessor calls in the glue build")
PY
