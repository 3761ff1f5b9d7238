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
