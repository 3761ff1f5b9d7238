// fuzz/fuzz_elf_loader.cpp: arbitrary bytes -> Program::from_bytes.  A file that loads must satisfy
// every rule of docs/loader.md; it then runs in a small machine (1 MiB, 64 KiB stack, 20000 gas)
// and, when it does not fit there, once more in a machine just big enough for it.  Nothing may
// crash, leak or hang, and every result must pass the common invariants.
//
// Pre-decoding costs about 16 host bytes per guest code byte, so a file of a hundred bytes that
// declares a 64 MiB executable span takes seconds and more than a gigabyte to load.  To keep the
// fuzzer fast, files whose executable span is above kMaxDecodedSpan are only parsed (vm::parse_elf,
// the same checks), not decoded and run.
#include <algorithm>

#include "fuzz_support.h"
#include "vm/elf.h"

using namespace tandem;
using tandem::fuzz::describe;

namespace {

constexpr uint64_t kGas = 20000;
constexpr uint64_t kPage = 4096;
constexpr uint64_t kMaxText = 64ull << 20;  // docs/loader.md: kMaxTextBytes
// Largest arena the second run asks for (MAP_NORESERVE: only touched pages cost).
constexpr uint64_t kMaxFitMemory = 4ull << 30;
constexpr uint64_t kMaxDecodedSpan = 256ull << 10;

// What the loader reports about an accepted file, from a Program or straight from the parser.
struct Loaded {
  unsigned xlen;
  uint32_t e_flags;
  uint64_t entry, text_begin, text_end;
  std::vector<SegmentInfo> segments;
};

Loaded from(const Program& p) {
  return {p.xlen(), p.elf_flags(), p.entry(), p.text_begin(), p.text_end(), p.segments()};
}

Loaded from(const vm::ElfImage& img) {
  Loaded l{img.xlen, img.e_flags, img.entry, img.text_begin, img.text_end, {}};
  for (const auto& s : img.segments)
    l.segments.push_back(SegmentInfo{s.vaddr, s.memsz, s.filesz, s.offset, (s.flags & vm::kPF_R) != 0,
                                     (s.flags & vm::kPF_W) != 0, (s.flags & vm::kPF_X) != 0});
  return l;
}

uint64_t page_up(uint64_t v) { return (v + kPage - 1) & ~(kPage - 1); }

void check_loaded(const uint8_t* data, size_t size, const Loaded& p) {
  FUZZ_CHECK(size >= 4 && std::memcmp(data, "\x7f" "ELF", 4) == 0, "loaded without the ELF magic");
  FUZZ_CHECK(p.xlen == (data[4] == 1 ? 32u : 64u) && (data[4] == 1 || data[4] == 2), "xlen %u, EI_CLASS %u",
             p.xlen, data[4]);
  FUZZ_CHECK((p.e_flags & 0xe) == 0, "hard-float or RVE flags accepted: 0x%x", p.e_flags);
  const auto& segs = p.segments;
  FUZZ_CHECK(!segs.empty() && segs.size() <= 64, "%zu segments", segs.size());
  const uint64_t max_end = p.xlen == 32 ? 1ull << 32 : 1ull << 40;
  uint64_t text_lo = UINT64_MAX, text_hi = 0, ro_end = 0, rw_lo = UINT64_MAX;
  bool entry_ok = false;
  for (size_t i = 0; i < segs.size(); ++i) {
    const auto& s = segs[i];
    FUZZ_CHECK(s.memsz > 0 && s.filesz <= s.memsz, "segment %zu: memsz 0x%" PRIx64 " filesz 0x%" PRIx64, i, s.memsz,
               s.filesz);
    FUZZ_CHECK(s.offset <= size && s.filesz <= size - s.offset, "segment %zu outside the file", i);
    FUZZ_CHECK(s.vaddr + s.memsz > s.vaddr && s.vaddr + s.memsz <= max_end, "segment %zu ends at 0x%" PRIx64, i,
               s.vaddr + s.memsz);
    FUZZ_CHECK(s.read || s.write || s.execute, "segment %zu without permissions", i);
    FUZZ_CHECK(!(s.write && s.execute), "segment %zu is W+X", i);
    if (i) FUZZ_CHECK(segs[i - 1].vaddr + segs[i - 1].memsz <= s.vaddr, "segments %zu and %zu overlap or are unsorted",
                      i - 1, i);
    if (s.execute) {
      text_lo = std::min(text_lo, s.vaddr), text_hi = std::max(text_hi, s.vaddr + s.memsz);
      if (p.entry >= s.vaddr && p.entry - s.vaddr < s.memsz) entry_ok = true;
    }
    if (s.write) rw_lo = std::min(rw_lo, s.vaddr);
    else ro_end = std::max(ro_end, s.vaddr + s.memsz);
  }
  FUZZ_CHECK(rw_lo == UINT64_MAX || rw_lo >= ro_end, "writable segment below a read-only one");
  FUZZ_CHECK(text_hi > 0 && p.text_begin == text_lo && p.text_end == text_hi, "text [0x%" PRIx64 ", 0x%" PRIx64
             ") vs segments [0x%" PRIx64 ", 0x%" PRIx64 ")", p.text_begin, p.text_end, text_lo, text_hi);
  FUZZ_CHECK(text_hi - text_lo <= kMaxText, "text span 0x%" PRIx64, text_hi - text_lo);
  FUZZ_CHECK(entry_ok && (p.entry & 1) == 0, "entry 0x%" PRIx64, p.entry);
}

Result run(const Program& p, const MachineOptions& o) {
  auto m = Machine::create(p, o);
  FUZZ_CHECK(m.has_value(), "valid options refused: %s", m.error().c_str());
  Result r = m->run();
  fuzz::check_result(p, o, r);
  // A machine runs once: a second run() returns the first result.
  fuzz::check_same(r, m->run(), "run() twice");
  return r;
}

void run_in(const Program& p, uint64_t memory, uint64_t stack) {
  MachineOptions o;
  o.memory = memory;
  o.stack = stack;
  o.gas_limit = kGas;
  o.max_output = 1 << 16;
  uint64_t image_end = 0;
  for (const auto& s : p.segments()) image_end = std::max(image_end, s.vaddr + s.memsz);
  const uint64_t brk_min = page_up(image_end), stack_lo = memory - stack;
  const bool fits = brk_min <= stack_lo && stack_lo - brk_min >= o.stack_guard;
  const Result r = run(p, o);
  // docs/memory.md: a program that does not fit gets out_of_memory before the first instruction.
  FUZZ_CHECK(fits == (r.status != Status::out_of_memory), "image end 0x%" PRIx64 ", memory 0x%" PRIx64 ": %s",
             image_end, memory, describe(r).c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  auto img = vm::parse_elf(bytes);
  if (!img) {
    FUZZ_CHECK(!img.error().empty() && img.error().find('\n') == std::string::npos,
               "a refusal is one nonempty line: '%s'", img.error().c_str());
    return 0;
  }
  check_loaded(data, size, from(*img));
  if (img->text_end - img->text_begin > kMaxDecodedSpan) return 0;

  auto prog = Program::from_bytes(bytes);
  FUZZ_CHECK(prog.has_value(), "parse_elf accepts what Program::from_bytes refuses: %s", prog.error().c_str());
  const Program& p = *prog;
  check_loaded(data, size, from(p));

  run_in(p, 1ull << 20, 64ull << 10);
  uint64_t image_end = 0;
  for (const auto& s : p.segments()) image_end = std::max(image_end, s.vaddr + s.memsz);
  const uint64_t fit = page_up(image_end) + (64ull << 10) + (64ull << 10);
  if (fit > (1ull << 20) && fit <= kMaxFitMemory) run_in(p, fit, 64ull << 10);
  return 0;
}
