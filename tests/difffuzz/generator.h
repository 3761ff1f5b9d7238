// tests/difffuzz/generator.h: random RISC-V test programs for differential fuzzing against qemu-user.
//
// A test case is one static ELF (RV32 or RV64, with C) made of independent blocks.  Each block
//  1. loads 31 registers from a seed table (pinned ones get their pinned values),
//  2. runs a random but valid instruction sequence (every integer instruction the VM implements;
//     control flow only forward, except counted loops, so it always terminates; no ecall, no
//     counter CSR reads),
//  3. stores all 31 registers next to its data buffer and writes buffer + registers to stdout
//     with the Linux `write` call.
// The case ends with `exit(0)`.  Every block has its own data region (buffer, register dump, seed
// table), initialised in the ELF image, and its own RNG stream, so a block behaves the same
// whichever other blocks share its case: a failing block can be regenerated alone.
//
// Generation is deterministic per (xlen, seed, options): it uses its own RNG, never the standard
// library's distributions.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tandem::difffuzz {

// Layout.  Code is read+execute at kCodeBase; the data segment (read+write) holds one region per
// block at kDataBase + i * kRegionSize.
inline constexpr uint64_t kCodeBase = 0x10000;
inline constexpr uint64_t kDataBase = 0x1000000;
inline constexpr uint64_t kBufSize = 2048;     // random loads, stores and AMOs stay in here
inline constexpr uint64_t kBufCentre = 1024;   // the base register points at buffer + kBufCentre
inline constexpr uint64_t kSpHome = 512;       // sp points at buffer + kSpHome between groups
inline constexpr uint64_t kRegsOff = 2048;     // x1..x31 are dumped here (right after the buffer)
inline constexpr uint64_t kSeedsOff = 2304;    // x1..x31 initial values
inline constexpr uint64_t kRegionSize = 2560;

// A small deterministic RNG (splitmix64).
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed) {}
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint64_t below(uint64_t n) { return n ? next() % n : 0; }
  int64_t range(int64_t lo, int64_t hi) { return lo + int64_t(below(uint64_t(hi - lo) + 1)); }
  bool chance(unsigned percent) { return below(100) < percent; }
};

// Derives an independent seed from a seed and an index.
uint64_t mix_seed(uint64_t seed, uint64_t index);

enum class LineKind : uint8_t {
  random,      // a random instruction; may be replaced by a nop when minimising
  structural,  // part of the random part that keeps it safe (address set-up, loop control, guards)
  filler,      // jumped over, never executed
  overhead,    // seeding, dump, exit: executed exactly once per block / case
};

struct Line {
  uint64_t addr = 0;
  uint8_t size = 4;
  LineKind kind = LineKind::random;
  std::string text;  // assembly-like
  int label = -1;    // control flow: target label id
  uint32_t group = UINT32_MAX;  // index of its group in the block's random part (overhead: none)
};

struct Block {
  unsigned id = 0;           // index in the seed's block stream
  uint64_t region = 0;       // address of the block's data region
  unsigned base_reg = 8;     // register pinned to region + kBufCentre
  uint64_t begin = 0, end = 0;  // code range (prologue to epilogue)
  std::vector<uint64_t> seeds;  // x0..x31 at the start of the random part
  std::vector<Line> lines;
  uint64_t random_static = 0;   // instructions in the random part (random + structural + filler)
};

struct Options {
  unsigned xlen = 64;
  uint64_t seed = 1;
  unsigned blocks = 128;          // blocks per case
  unsigned block_insns = 256;     // static instructions in each block's random part (at least)
  std::vector<unsigned> only;     // when not empty: generate just these block ids
  // Keep out the inputs qemu 7.2 gets wrong (docs/difffuzz.md).  Off: show qemu's deviations.
  bool qemu_workarounds = true;
};

struct Case {
  unsigned xlen = 64;
  uint64_t seed = 0;
  std::vector<uint8_t> elf;
  uint64_t code_offset = 0;       // file offset of kCodeBase
  std::vector<Block> blocks;
  std::vector<uint64_t> labels;   // label id -> address
  uint64_t overhead = 0;          // instructions executed outside the random parts

  size_t dump_size() const { return kBufSize + 31 * (xlen / 8); }
};

Case generate(const Options& options);

// "0x00010a2c  00a50533  add x10, x10, x10" (with "-> 0x..." for control flow).
std::string format_line(const Case& c, const Line& line);
// Instruction bits at line.addr, read from the ELF.
uint32_t line_bits(const Case& c, const Line& line);
// Replaces the instruction with a nop of the same size (addi x0, x0, 0 or c.nop).
void patch_nop(Case& c, const Line& line);

}  // namespace tandem::difffuzz
