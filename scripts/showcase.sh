#!/usr/bin/env bash
# scripts/showcase.sh: installs what is missing, builds tandem (preset "release") with its example
# guests, and runs them with statistics.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
tandem=build/release/cli/tandem
guests=build/release/guests

echo "== tandem inspect $guests/hello.elf"
"$tandem" inspect "$guests/hello.elf"
echo
echo "== tandem run $guests/hello.elf --stats"
"$tandem" run "$guests/hello.elf" --stats
echo
echo "== tandem run $guests/wordcount.elf --input README.md --stats"
"$tandem" run "$guests/wordcount.elf" --input README.md --stats
echo
echo "== the same guest with a gas limit too small for it"
"$tandem" run "$guests/wordcount.elf" --input README.md --gas 20000 || echo "(tandem exited with $?: out_of_gas)"
echo
echo "== a ledger applying 500 signed transfers: the heavy work on coprocessors (glue) or interpreted (soft)"
build/release/examples/make_transfers 500 > build/release/transfers.bin
echo "-- tandem run $guests/ledger.elf --input build/release/transfers.bin --stats"
"$tandem" run "$guests/ledger.elf" --input build/release/transfers.bin --stats
echo "-- tandem run $guests/ledger_soft.elf --input build/release/transfers.bin --stats"
"$tandem" run "$guests/ledger_soft.elf" --input build/release/transfers.bin --stats
python3 - "$tandem" "$guests" <<'PY'
import json, subprocess, sys
tandem, guests = sys.argv[1], sys.argv[2]
def run(elf):
    out = subprocess.run([tandem, "run", f"{guests}/{elf}", "--input", "build/release/transfers.bin", "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)
glue, soft = run("ledger.elf"), run("ledger_soft.elf")
assert glue["stdout"] == soft["stdout"], "glue and soft builds disagree"
co = sum(c["nanoseconds"] for c in glue["coprocessors"]) / 1e9
print(f"glue {glue['wall_seconds']*1e3:.1f} ms ({glue['instructions']:,} instructions, "
      f"{co / glue['wall_seconds']:.0%} of the time in coprocessors); "
      f"soft {soft['wall_seconds']*1e3:.1f} ms ({soft['instructions']:,} instructions): "
      f"glue is {soft['wall_seconds'] / glue['wall_seconds']:.1f}x faster, same output")
PY
