#!/usr/bin/env bash
# scripts/deps.sh: installs every Debian package that building tandem, its guest SDK, the tests
# and the benchmarks need.  Idempotent: does nothing when all are present.  The only source of
# dependencies is Debian's archive.
set -euo pipefail

packages=(
  cmake g++ make pkg-config python3
  clang lld                                      # guest compiler and linker (RISC-V targets)
  libclang-rt-14-dev                             # libFuzzer and sanitizer runtimes for clang
  gcc-riscv64-unknown-elf                        # libgcc.a for RISC-V (clang 14 ships no compiler-rt)
  picolibc-riscv64-unknown-elf                   # the guests' libc
  qemu-user                                      # reference emulator for differential tests
  libgtest-dev libgmock-dev libbenchmark-dev     # tests and benchmarks
  libcli11-dev nlohmann-json3-dev                # the tandem command
  libssl-dev                                     # SHA-256, RIPEMD-160, P-256, Ed25519 (coprocessors)
  libsecp256k1-dev                               # secp256k1 recover and verify (coprocessors)
  libgmp-dev                                     # modexp (coprocessors; also the tests' reference)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
