// tests/vm/elf_test.cpp: the ELF loader accepts what the VM can run and refuses everything else
// with a message that names the problem; no input, however broken, crashes it.
#include "vm/elf.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "elf_builder.h"

namespace tandem::vm {
namespace {

using test::build_elf;
using test::ElfSpec;
using test::SegSpec;
using test::words;

constexpr uint32_t R = kPF_R, W = kPF_W, X = kPF_X;

// addi a0, x0, 7; addi a7, x0, 93; ecall
const std::vector<uint32_t> kExit7 = {(7u << 20) | (10u << 7) | 0x13, (93u << 20) | (17u << 7) | 0x13, 0x00000073};

ElfSpec good_spec(unsigned xlen) {
  ElfSpec s;
  s.xlen = xlen;
  s.entry = 0x10000;
  s.segs.push_back(SegSpec{0x10000, words(kExit7), 0, R | X, 1});
  s.segs.push_back(SegSpec{0x11000, {1, 2, 3, 4}, 0, R, 1});              // .rodata
  s.segs.push_back(SegSpec{0x12000, {5, 6, 7, 8, 9, 10, 11, 12}, 0x1000, R | W, 1});  // .data + .bss
  return s;
}

Expected<ElfImage> parse(const std::vector<uint8_t>& b) { return parse_elf(std::span<const uint8_t>(b)); }
Expected<ElfImage> parse(const ElfSpec& s) { return parse(build_elf(s)); }

// The spec fails to load and the message mentions `word`.
void expect_refused(const std::vector<uint8_t>& b, const std::string& word) {
  auto r = parse(b);
  ASSERT_FALSE(r.has_value()) << "expected a refusal mentioning '" << word << "'";
  EXPECT_NE(r.error().find(word), std::string::npos) << "message: " << r.error();
  EXPECT_EQ(r.error().find('\n'), std::string::npos) << "message is not one line: " << r.error();
  EXPECT_FALSE(r.error().empty());
}
void expect_refused(const ElfSpec& s, const std::string& word) { expect_refused(build_elf(s), word); }

void put(std::vector<uint8_t>& b, size_t at, uint64_t v, unsigned n) {
  ASSERT_LE(at + n, b.size());
  for (unsigned i = 0; i < n; ++i) b[at + i] = uint8_t(v >> (8 * i));
}

// Offsets of program header fields: {type, flags, offset, vaddr, filesz, memsz} and their widths.
struct PhField { size_t off; unsigned n; };
PhField ph_offset(unsigned xlen) { return xlen == 64 ? PhField{8, 8} : PhField{4, 4}; }
PhField ph_memsz(unsigned xlen) { return xlen == 64 ? PhField{40, 8} : PhField{20, 4}; }
size_t eh_phoff(unsigned xlen) { return xlen == 64 ? 32 : 28; }
size_t eh_phentsize(unsigned xlen) { return xlen == 64 ? 54 : 42; }
size_t eh_phnum(unsigned xlen) { return xlen == 64 ? 56 : 44; }

// Invariants every accepted image must satisfy, whatever bytes it came from.
void check_invariants(const ElfImage& img) {
  ASSERT_TRUE(img.xlen == 32 || img.xlen == 64);
  ASSERT_FALSE(img.segments.empty());
  const uint64_t max_end = img.xlen == 64 ? kMaxAddressRv64 : (uint64_t(1) << 32);
  bool seen_writable = false;
  uint64_t prev_end = 0;
  bool entry_ok = false;
  for (size_t i = 0; i < img.segments.size(); ++i) {
    const ElfSegment& s = img.segments[i];
    ASSERT_GT(s.memsz, 0u);
    ASSERT_LE(s.filesz, s.memsz);
    ASSERT_LE(s.offset, img.bytes.size());
    ASSERT_LE(s.filesz, img.bytes.size() - s.offset);
    ASSERT_LE(s.vaddr, max_end);
    ASSERT_LE(s.memsz, max_end - s.vaddr);
    if (i > 0) {
      ASSERT_GE(s.vaddr, prev_end);
    }
    prev_end = s.vaddr + s.memsz;
    ASSERT_NE(s.flags & (R | W | X), 0u);
    ASSERT_FALSE((s.flags & W) && (s.flags & X));
    if (s.flags & W) {
      seen_writable = true;
    } else {
      ASSERT_FALSE(seen_writable) << "non-writable segment above a writable one";
    }
    if ((s.flags & X) && img.entry >= s.vaddr && img.entry - s.vaddr < s.memsz) entry_ok = true;
    if (s.flags & X) {
      ASSERT_GE(s.vaddr, img.text_begin);
      ASSERT_LE(s.vaddr + s.memsz, img.text_end);
    }
  }
  ASSERT_TRUE(entry_ok);
  ASSERT_EQ(img.entry % 2, 0u);
  ASSERT_LT(img.text_begin, img.text_end);
  ASSERT_LE(img.text_end - img.text_begin, kMaxTextBytes);
  ASSERT_EQ(img.e_flags & (kEF_RISCV_FLOAT_ABI | kEF_RISCV_RVE), 0u);
}

class ElfBothXlen : public ::testing::TestWithParam<unsigned> {};
INSTANTIATE_TEST_SUITE_P(Xlen, ElfBothXlen, ::testing::Values(32u, 64u),
                         [](const auto& info) { return "rv" + std::to_string(info.param); });

// --- accepted images ----------------------------------------------------------------------------

TEST_P(ElfBothXlen, GoodImageParsesWithTheRightFields) {
  const unsigned xlen = GetParam();
  ElfSpec s = good_spec(xlen);
  auto bytes = build_elf(s);
  auto r = parse(bytes);
  ASSERT_TRUE(r.has_value()) << r.error();
  const ElfImage& img = *r;
  EXPECT_EQ(img.xlen, xlen);
  EXPECT_EQ(img.entry, 0x10000u);
  EXPECT_EQ(img.e_flags, kEF_RISCV_RVC);
  EXPECT_FALSE(img.has_tls);
  EXPECT_EQ(img.bytes, bytes);
  ASSERT_EQ(img.segments.size(), 3u);
  EXPECT_EQ(img.segments[0].vaddr, 0x10000u);
  EXPECT_EQ(img.segments[0].memsz, 12u);
  EXPECT_EQ(img.segments[0].filesz, 12u);
  EXPECT_EQ(img.segments[0].flags, R | X);
  EXPECT_EQ(img.segments[1].vaddr, 0x11000u);
  EXPECT_EQ(img.segments[1].flags, R);
  EXPECT_EQ(img.segments[2].vaddr, 0x12000u);
  EXPECT_EQ(img.segments[2].filesz, 8u);
  EXPECT_EQ(img.segments[2].memsz, 0x1000u);
  EXPECT_EQ(img.segments[2].flags, R | W);
  // The segment's file bytes are where the offset says.
  const ElfSegment& text = img.segments[0];
  EXPECT_EQ(std::vector<uint8_t>(img.bytes.begin() + long(text.offset), img.bytes.begin() + long(text.offset + 12)),
            words(kExit7));
  EXPECT_EQ(img.text_begin, 0x10000u);
  EXPECT_EQ(img.text_end, 0x1000cu);
  check_invariants(img);
}

TEST_P(ElfBothXlen, SegmentsAreSortedByAddress) {
  ElfSpec s = good_spec(GetParam());
  std::swap(s.segs[0], s.segs[2]);
  auto r = parse(s);
  ASSERT_TRUE(r.has_value()) << r.error();
  ASSERT_EQ(r->segments.size(), 3u);
  EXPECT_EQ(r->segments[0].vaddr, 0x10000u);
  EXPECT_EQ(r->segments[1].vaddr, 0x11000u);
  EXPECT_EQ(r->segments[2].vaddr, 0x12000u);
  EXPECT_EQ(r->segments[0].flags, R | X);
}

TEST_P(ElfBothXlen, TlsIsNotedAndOtherHeadersIgnored) {
  ElfSpec s = good_spec(GetParam());
  s.segs.push_back(SegSpec{0x12000, {0, 0, 0, 0}, 0, R, 7});          // PT_TLS
  s.segs.push_back(SegSpec{0, {}, 0, R, 4});                           // PT_NOTE
  s.segs.push_back(SegSpec{0, {}, 0, R | W, 0x6474e551});              // PT_GNU_STACK
  s.segs.push_back(SegSpec{0, {1, 2}, 0, R, 0x70000003});              // PT_RISCV_ATTRIBUTES
  auto r = parse(s);
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_TRUE(r->has_tls);
  EXPECT_EQ(r->segments.size(), 3u);
}

TEST_P(ElfBothXlen, EmptyLoadSegmentsAreSkipped) {
  ElfSpec s = good_spec(GetParam());
  // An empty PT_LOAD with W|X flags, overlapping the text: occupies nothing, so harmless.
  s.segs.push_back(SegSpec{0x10000, {}, 0, R | W | X, 1});
  auto r = parse(s);
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_EQ(r->segments.size(), 3u);
}

TEST_P(ElfBothXlen, AdjacentSegmentsAndCompressedEntryAreFine) {
  ElfSpec s;
  s.xlen = GetParam();
  s.entry = 0x10006;  // 2-byte aligned, inside the text
  s.segs.push_back(SegSpec{0x10000, words(kExit7), 0, R | X, 1});
  s.segs.push_back(SegSpec{0x1000c, {1, 2, 3, 4}, 0, R | W, 1});  // starts exactly where text ends
  auto r = parse(s);
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_EQ(r->entry, 0x10006u);
}

TEST(Elf, Rv32SegmentMayEndExactlyAt4GiB) {
  ElfSpec s;
  s.xlen = 32;
  s.entry = 0x10000;
  s.segs.push_back(SegSpec{0x10000, words(kExit7), 0, R | X, 1});
  s.segs.push_back(SegSpec{0xfffff000, {}, 0x1000, R | W, 1});
  auto r = parse(s);
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_EQ(r->segments[1].vaddr + r->segments[1].memsz, uint64_t(1) << 32);
}

TEST(Elf, Rv64SegmentMayEndExactlyAtTheLimit) {
  ElfSpec s = good_spec(64);
  s.segs.push_back(SegSpec{kMaxAddressRv64 - 0x1000, {}, 0x1000, R | W, 1});
  auto r = parse(s);
  ASSERT_TRUE(r.has_value()) << r.error();
}

TEST(Elf, ExecutableSpanExactlyAtTheLimitIsFine) {
  ElfSpec s;
  s.entry = 0x10000;
  s.segs.push_back(SegSpec{0x10000, words(kExit7), 0, R | X, 1});
  s.segs.push_back(SegSpec{0x10000 + kMaxTextBytes - 4, words({0x73}), 0, R | X, 1});
  auto r = parse(s);
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_EQ(r->text_end - r->text_begin, kMaxTextBytes);
}

// --- identification and header refusals -------------------------------------------------------

TEST(Elf, RefusesBadMagic) {
  auto b = build_elf(good_spec(64));
  b[1] = 'X';
  expect_refused(b, "not an ELF file");
  expect_refused(std::vector<uint8_t>{}, "not an ELF file");
  expect_refused(std::vector<uint8_t>{'#', '!', '/', 'b', 'i', 'n'}, "magic");
}

TEST(Elf, RefusesBadClass) {
  auto b = build_elf(good_spec(64));
  b[4] = 3;
  expect_refused(b, "class 3");
  b[4] = 0;
  expect_refused(b, "EI_CLASS");
}

TEST(Elf, RefusesBigEndian) {
  auto b = build_elf(good_spec(64));
  b[5] = 2;
  expect_refused(b, "little-endian");
}

TEST(Elf, RefusesBadIdentVersion) {
  auto b = build_elf(good_spec(32));
  b[6] = 0;
  expect_refused(b, "EI_VERSION");
}

TEST(Elf, RefusesBadHeaderVersion) {
  auto b = build_elf(good_spec(64));
  put(b, 20, 2, 4);
  expect_refused(b, "e_version");
}

TEST_P(ElfBothXlen, RefusesOtherMachines) {
  ElfSpec s = good_spec(GetParam());
  s.machine = 62;
  expect_refused(s, "not a RISC-V program");
  expect_refused(s, "x86-64");
  expect_refused(s, "243");
}

TEST_P(ElfBothXlen, RefusesPositionIndependentExecutable) {
  ElfSpec s = good_spec(GetParam());
  s.type = 3;
  expect_refused(s, "position-independent executable; link with -static -no-pie");
}

TEST_P(ElfBothXlen, RefusesObjectFilesAndOtherTypes) {
  ElfSpec s = good_spec(GetParam());
  s.type = 1;
  expect_refused(s, "ET_REL");
  s.type = 4;
  expect_refused(s, "not an executable");
  s.type = 0xfe00;
  expect_refused(s, "e_type");
}

TEST_P(ElfBothXlen, RefusesHardFloatAbi) {
  for (uint32_t abi : {0x2u, 0x4u, 0x6u}) {
    ElfSpec s = good_spec(GetParam());
    s.e_flags = kEF_RISCV_RVC | abi;
    expect_refused(s, "built for a hard-float ABI");
    expect_refused(s, "rebuild with -mabi=lp64 (rv64) or -mabi=ilp32 (rv32) and a soft-float libc");
  }
}

TEST_P(ElfBothXlen, RefusesRve) {
  ElfSpec s = good_spec(GetParam());
  s.e_flags = kEF_RISCV_RVC | kEF_RISCV_RVE;
  expect_refused(s, "RVE");
}

TEST_P(ElfBothXlen, AcceptsOtherEflagBits) {
  ElfSpec s = good_spec(GetParam());
  s.e_flags = 0x10;  // EF_RISCV_TSO, no RVC
  auto r = parse(s);
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_EQ(r->e_flags, 0x10u);
}

// --- program header table ----------------------------------------------------------------------

TEST_P(ElfBothXlen, RefusesProgramHeaderTableOutsideTheFile) {
  const unsigned xlen = GetParam();
  auto b = build_elf(good_spec(xlen));
  put(b, eh_phoff(xlen), b.size() - 8, xlen / 8);
  expect_refused(b, "program header table outside the file");
  put(b, eh_phoff(xlen), xlen == 64 ? ~uint64_t(0) - 10 : 0xfffffff0u, xlen / 8);
  expect_refused(b, "program header table outside the file");
}

TEST_P(ElfBothXlen, RefusesWrongProgramHeaderSize) {
  const unsigned xlen = GetParam();
  auto b = build_elf(good_spec(xlen));
  put(b, eh_phentsize(xlen), 40, 2);
  expect_refused(b, "e_phentsize 40");
}

TEST_P(ElfBothXlen, RefusesTooManyProgramHeaders) {
  const unsigned xlen = GetParam();
  auto b = build_elf(good_spec(xlen));
  put(b, eh_phnum(xlen), kMaxElfSegments + 1, 2);
  expect_refused(b, "too many program headers: 65");
  put(b, eh_phnum(xlen), 0xffff, 2);
  expect_refused(b, "too many program headers");
}

TEST_P(ElfBothXlen, RefusesNoProgramHeaders) {
  ElfSpec s = good_spec(GetParam());
  s.segs.clear();
  expect_refused(s, "no program headers");
}

TEST_P(ElfBothXlen, RefusesInterpreter) {
  ElfSpec s = good_spec(GetParam());
  s.segs.push_back(SegSpec{0, {'/', 'l', 'd', 0}, 0, R, 3});  // PT_INTERP
  expect_refused(s, "dynamically linked");
  expect_refused(s, "-static");
}

TEST_P(ElfBothXlen, RefusesDynamicSection) {
  ElfSpec s = good_spec(GetParam());
  s.segs.push_back(SegSpec{0x12100, {0, 0, 0, 0}, 0, R | W, 2});  // PT_DYNAMIC
  expect_refused(s, "dynamically linked");
  expect_refused(s, "PT_DYNAMIC");
}

// --- PT_LOAD refusals --------------------------------------------------------------------------

TEST_P(ElfBothXlen, RefusesFileSizeAboveMemorySize) {
  const unsigned xlen = GetParam();
  ElfSpec s = good_spec(xlen);
  auto b = build_elf(s);
  auto f = ph_memsz(xlen);
  put(b, test::phdr_offset(s, 1) + f.off, 2, f.n);  // .rodata has 4 file bytes
  expect_refused(b, "p_filesz 0x4 > p_memsz 0x2");
}

TEST_P(ElfBothXlen, RefusesSegmentOutsideTheFile) {
  const unsigned xlen = GetParam();
  ElfSpec s = good_spec(xlen);
  auto b = build_elf(s);
  auto f = ph_offset(xlen);
  put(b, test::phdr_offset(s, 1) + f.off, b.size() - 2, f.n);
  expect_refused(b, "segment 1 lies outside the file");
  // Offset near the top of the offset range: offset + filesz wraps (rv64) or lands far outside.
  put(b, test::phdr_offset(s, 1) + f.off, xlen == 64 ? ~uint64_t(0) - 1 : 0xfffffffeu, f.n);
  expect_refused(b, "outside the file");
}

TEST(Elf, RefusesHugeFileSize) {
  ElfSpec s = good_spec(64);
  auto b = build_elf(s);
  put(b, test::phdr_offset(s, 2) + 32, uint64_t(1) << 63, 8);  // filesz 2^63
  put(b, test::phdr_offset(s, 2) + 40, uint64_t(1) << 63, 8);  // memsz 2^63
  expect_refused(b, "outside the file");
}

TEST(Elf, RefusesHugeMemorySize) {
  ElfSpec s = good_spec(64);
  s.segs[2].memsz = uint64_t(1) << 63;
  expect_refused(s, "above the highest address");
  s.segs[2].memsz = ~uint64_t(0);
  expect_refused(s, "wraps around");
}

TEST(Elf, RefusesAddressWrap) {
  ElfSpec s = good_spec(64);
  s.segs[2].vaddr = ~uint64_t(0) - 0x10;
  expect_refused(s, "wraps around the address space");
}

TEST(Elf, RefusesRv32SegmentAbove4GiB) {
  ElfSpec s = good_spec(32);
  s.segs[2].vaddr = 0xfffff800;  // + 0x1000 > 2^32
  expect_refused(s, "ends at 0x100000800");
  expect_refused(s, "RV32");
}

TEST(Elf, RefusesRv64SegmentAboveTheLimit) {
  ElfSpec s = good_spec(64);
  s.segs[2].vaddr = kMaxAddressRv64;
  expect_refused(s, "above the highest address tandem supports for RV64");
  s.segs[2].vaddr = uint64_t(1) << 62;
  expect_refused(s, "above the highest address");
}

TEST_P(ElfBothXlen, RefusesWritableAndExecutable) {
  ElfSpec s = good_spec(GetParam());
  s.segs[0].flags = R | W | X;
  expect_refused(s,
                 "segment 0 is writable and executable; tandem keeps code and data apart (W^X). GNU ld for "
                 "riscv64-unknown-elf merges them by default: link with ld.lld, or pass "
                 "-z separate-loadable-segments (the SDK's toolchain file does)");
  s.segs[0].flags = W | X;
  expect_refused(s, "W^X");
}

TEST_P(ElfBothXlen, RefusesSegmentWithoutPermissions) {
  ElfSpec s = good_spec(GetParam());
  s.segs[1].flags = 0;
  expect_refused(s, "segment 1");
  expect_refused(s, "no permissions");
  s.segs[1].flags = 0xf0000000;  // only OS/processor-specific bits
  expect_refused(s, "no permissions");
}

TEST_P(ElfBothXlen, RefusesOverlap) {
  ElfSpec s = good_spec(GetParam());
  s.segs[1].vaddr = 0x1000b;  // text is [0x10000, 0x1000c)
  expect_refused(s, "overlap");
  s.segs[1].vaddr = 0x10000;
  expect_refused(s, "overlap");
  // One segment entirely inside another.
  ElfSpec t = good_spec(GetParam());
  t.segs[2].memsz = 0x10000;
  t.segs.push_back(SegSpec{0x13000, {1}, 0, R | W, 1});
  expect_refused(t, "overlap");
}

TEST_P(ElfBothXlen, RefusesWritableBelowReadOnly) {
  ElfSpec s = good_spec(GetParam());
  s.segs[2].vaddr = 0x8000;  // .data below .text
  expect_refused(s, "below non-writable segment");
  expect_refused(s, "memory model");
  ElfSpec t = good_spec(GetParam());
  t.segs[2].vaddr = 0x10800;  // .data between .text and .rodata
  t.segs[2].memsz = 0;
  expect_refused(t, "below non-writable segment 1");
}

TEST_P(ElfBothXlen, RefusesNoExecutableSegment) {
  ElfSpec s = good_spec(GetParam());
  s.segs[0].flags = R;
  expect_refused(s, "no executable segment");
  ElfSpec t = good_spec(GetParam());
  t.segs.clear();
  t.segs.push_back(SegSpec{0, {}, 0, R, 4});  // only a PT_NOTE
  expect_refused(t, "no loadable segments");
}

TEST_P(ElfBothXlen, RefusesExecutableSpanTooLarge) {
  ElfSpec s;
  s.xlen = GetParam();
  s.entry = 0x10000;
  s.segs.push_back(SegSpec{0x10000, words(kExit7), 0, R | X, 1});
  s.segs.push_back(SegSpec{0x10000 + kMaxTextBytes, words({0x73}), 0, R | X, 1});
  expect_refused(s, "executable span");
  expect_refused(s, std::to_string(kMaxTextBytes + 4) + " bytes");
  ElfSpec t;
  t.xlen = GetParam();
  t.entry = 0x10000;
  t.segs.push_back(SegSpec{0x10000, words(kExit7), kMaxTextBytes + 2, R | X, 1});  // one huge segment
  expect_refused(t, "executable span");
}

TEST_P(ElfBothXlen, RefusesEntryOutsideCode) {
  ElfSpec s = good_spec(GetParam());
  s.entry = 0x11000;  // .rodata
  expect_refused(s, "entry point 0x11000 is not inside an executable segment");
  s.entry = 0x1000c;  // one past the end of .text
  expect_refused(s, "not inside an executable segment");
  s.entry = 0;
  expect_refused(s, "entry point 0x0");
}

TEST_P(ElfBothXlen, RefusesMisalignedEntry) {
  ElfSpec s = good_spec(GetParam());
  s.entry = 0x10001;
  expect_refused(s, "2-byte aligned");
}

// --- robustness --------------------------------------------------------------------------------

TEST_P(ElfBothXlen, EveryTruncationIsRefusedWithoutCrashing) {
  auto full = build_elf(good_spec(GetParam()));
  ASSERT_TRUE(parse(full).has_value());
  for (size_t n = 0; n < full.size(); ++n) {
    SCOPED_TRACE("length " + std::to_string(n));
    // Copy into an exactly sized buffer so any overread is visible to sanitizers.
    std::vector<uint8_t> b(full.begin(), full.begin() + long(n));
    auto r = parse(b);
    ASSERT_FALSE(r.has_value());
    ASSERT_FALSE(r.error().empty());
    ASSERT_EQ(r.error().find('\n'), std::string::npos);
  }
}

uint64_t fuzz_iterations() {
  if (const char* e = std::getenv("TANDEM_FUZZ_ITERS")) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(e, &end, 10);
    if (end != e && *end == 0) return v;
  }
  return 2000;
}

uint64_t fuzz_seed() {
  if (const char* e = std::getenv("TANDEM_FUZZ_SEED")) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(e, &end, 10);
    if (end != e && *end == 0) return v;
  }
  return std::random_device{}();
}

TEST_P(ElfBothXlen, RandomCorruptionNeverCrashes) {
  const uint64_t seed = fuzz_seed();
  const uint64_t iters = fuzz_iterations();
  SCOPED_TRACE("seed " + std::to_string(seed) + " (rerun with TANDEM_FUZZ_SEED=" + std::to_string(seed) + ")");
  std::printf("[ fuzz     ] rv%u seed %llu, %llu iterations\n", GetParam(), (unsigned long long)seed,
              (unsigned long long)iters);
  std::mt19937_64 rng(seed);
  ElfSpec spec = good_spec(GetParam());
  spec.segs.push_back(SegSpec{0x12100, {0, 0, 0, 0}, 0, R, 7});  // PT_TLS
  const auto base = build_elf(spec);
  const size_t header_bytes = test::phdr_offset(spec, spec.segs.size());
  static const uint64_t kInteresting[] = {0, 1, 2, 3, 7, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
                                          0x100000000ull, kMaxAddressRv64, kMaxAddressRv64 - 1,
                                          uint64_t(1) << 63, ~uint64_t(0), ~uint64_t(0) - 1};
  uint64_t accepted = 0;
  for (uint64_t it = 0; it < iters; ++it) {
    std::vector<uint8_t> b = base;
    const unsigned edits = 1 + unsigned(rng() % 4);
    for (unsigned e = 0; e < edits; ++e) {
      // Mostly the headers, where the interesting fields are; sometimes anywhere.
      const size_t limit = (rng() % 4) ? header_bytes : b.size();
      const size_t at = size_t(rng() % limit);
      switch (rng() % 4) {
        case 0: b[at] ^= uint8_t(1u << (rng() % 8)); break;
        case 1: b[at] = uint8_t(rng()); break;
        case 2: {  // an interesting value in a field-sized slot
          const unsigned n = (rng() % 2) ? 8 : 4;
          const uint64_t v = kInteresting[rng() % std::size(kInteresting)];
          for (unsigned i = 0; i < n && at + i < b.size(); ++i) b[at + i] = uint8_t(v >> (8 * i));
          break;
        }
        default:  // truncate or extend
          if (rng() % 2) b.resize(size_t(rng() % b.size()));
          else b.resize(b.size() + size_t(rng() % 64), uint8_t(rng()));
          break;
      }
      if (b.empty()) break;
    }
    auto r = parse(b);
    if (r.has_value()) {
      ++accepted;
      check_invariants(*r);
      ASSERT_EQ(r->bytes, b);
    } else {
      ASSERT_FALSE(r.error().empty());
      ASSERT_EQ(r.error().find('\n'), std::string::npos) << r.error();
    }
    if (HasFatalFailure()) {
      ADD_FAILURE() << "iteration " << it;
      return;
    }
  }
  std::printf("[ fuzz     ] %llu of %llu corrupted images accepted\n", (unsigned long long)accepted,
              (unsigned long long)iters);
}

TEST(Elf, HugeValuesInEveryPhdrFieldAreRefusedOrValid) {
  // Each 8-byte program header field of each segment set to values near 2^63 and 2^64.
  ElfSpec s = good_spec(64);
  const auto base = build_elf(s);
  for (size_t seg = 0; seg < s.segs.size(); ++seg) {
    for (size_t field = 8; field < 56; field += 8) {
      for (uint64_t v : {uint64_t(1) << 63, ~uint64_t(0), ~uint64_t(0) - 0xfff, (uint64_t(1) << 63) + 1}) {
        SCOPED_TRACE("segment " + std::to_string(seg) + " field " + std::to_string(field) + " value " +
                     std::to_string(v));
        auto b = base;
        put(b, test::phdr_offset(s, seg) + field, v, 8);
        auto r = parse(b);
        if (field == 24 || field == 48) {  // p_paddr, p_align: not used
          EXPECT_TRUE(r.has_value());
        } else {
          EXPECT_FALSE(r.has_value());
        }
        if (r.has_value()) check_invariants(*r);
      }
    }
  }
  // e_entry and e_phoff likewise.
  for (size_t at : {size_t(24), size_t(32)}) {
    for (uint64_t v : {uint64_t(1) << 63, ~uint64_t(0), ~uint64_t(0) - 55}) {
      auto b = base;
      put(b, at, v, 8);
      EXPECT_FALSE(parse(b).has_value());
    }
  }
}

}  // namespace
}  // namespace tandem::vm
