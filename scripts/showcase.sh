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
echo
echo "== BLS signatures (Ethereum's consensus ciphersuite): 50 verified glue, soft and native"
build/release/examples/make_signatures 50 > build/release/signatures.bin
echo "-- tandem run $guests/bls_verify.elf --input build/release/signatures.bin --stats"
"$tandem" run "$guests/bls_verify.elf" --input build/release/signatures.bin --stats
python3 - "$tandem" "$guests" <<'PY'
import json, subprocess, sys, time
tandem, guests = sys.argv[1], sys.argv[2]
data = open("build/release/signatures.bin", "rb").read()
def run(elf):
    out = subprocess.run([tandem, "run", f"{guests}/{elf}", "--input", "build/release/signatures.bin", "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)
glue, soft = run("bls_verify.elf"), run("bls_verify_soft.elf")
t0 = time.perf_counter()
native = subprocess.run(["build/release/examples/bls_verify_native"], input=data, check=True,
                        capture_output=True).stdout.decode()
native_s = time.perf_counter() - t0
assert glue["stdout"] == soft["stdout"] == native, "the three builds disagree"
co = sum(c["nanoseconds"] for c in glue["coprocessors"]) / 1e9
print(glue["stdout"].strip())
print(f"glue {glue['wall_seconds']*1e3:.1f} ms ({co / glue['wall_seconds']:.0%} in coprocessors), "
      f"native {native_s*1e3:.1f} ms (process included), soft {soft['wall_seconds']*1e3:.0f} ms: "
      f"glue/native {glue['wall_seconds'] / native_s:.2f}, soft/glue {soft['wall_seconds'] / glue['wall_seconds']:.0f}x")
PY
