// vm/elf.cpp: strict parser for static RISC-V ELF executables (see docs/loader.md).
//
// Every field read from the file is untrusted.  All reads go through bounds-checked helpers, and
// every sum of file-supplied numbers is checked for overflow before it is used.  A refusal is an
// Error with a one-line message naming the problem (with the numbers) and, where there is one, the
// fix.
#include "vm/elf.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <string>
#include <utility>

namespace tandem::vm {
namespace {

constexpr uint16_t kET_EXEC = 2, kET_DYN = 3, kEM_RISCV = 243;
constexpr uint32_t kPT_LOAD = 1, kPT_DYNAMIC = 2, kPT_INTERP = 3, kPT_TLS = 7;
constexpr uint16_t kPN_XNUM = 0xffff;

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
  return buf;
}

std::string dec(uint64_t v) { return std::to_string(v); }

Error fail(std::string message) { return Error{std::move(message)}; }

// Little-endian reads at a position the caller has already checked against the file size.
uint64_t read_le(std::span<const uint8_t> b, uint64_t at, unsigned n) {
  uint64_t v = 0;
  for (unsigned i = 0; i < n; ++i) v |= uint64_t(b[at + i]) << (8 * i);
  return v;
}

// a + b without wrapping; false when the sum does not fit in 64 bits.
bool add_ok(uint64_t a, uint64_t b, uint64_t& out) { return !__builtin_add_overflow(a, b, &out); }

std::string perms(uint32_t flags) {
  std::string s;
  s += (flags & kPF_R) ? 'r' : '-';
  s += (flags & kPF_W) ? 'w' : '-';
  s += (flags & kPF_X) ? 'x' : '-';
  return s;
}

struct Loaded {
  ElfSegment seg;
  size_t index;  // program header index, for messages (matches `readelf -l`)
};

std::string range(const ElfSegment& s) { return "[" + hex(s.vaddr) + ", " + hex(s.vaddr + s.memsz) + ")"; }

}  // namespace

Expected<ElfImage> parse_elf(std::span<const uint8_t> bytes) {
  const uint64_t size = bytes.size();

  // --- identification -------------------------------------------------------------------------
  if (size < 4 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
    if (size < 4) return fail("not an ELF file: only " + dec(size) + " bytes, too short for the ELF magic");
    return fail("not an ELF file: the first bytes are not the ELF magic 7f 45 4c 46 ('\\x7fELF')");
  }
  if (size < 16) return fail("truncated ELF file: " + dec(size) + " bytes, shorter than the 16-byte ELF identification");
  const uint8_t ei_class = bytes[4], ei_data = bytes[5], ei_version = bytes[6];
  unsigned xlen;
  if (ei_class == 1) {
    xlen = 32;
  } else if (ei_class == 2) {
    xlen = 64;
  } else {
    return fail("unsupported ELF class " + dec(ei_class) + " (EI_CLASS must be 1 for ELF32/RV32 or 2 for ELF64/RV64)");
  }
  if (ei_data != 1) {
    return fail("unsupported ELF data encoding " + dec(ei_data) +
                " (EI_DATA must be 1, little-endian; RISC-V programs are little-endian)");
  }
  if (ei_version != 1) return fail("unsupported ELF version " + dec(ei_version) + " in EI_VERSION (must be 1)");

  const bool is64 = xlen == 64;
  const uint64_t ehsize = is64 ? 64 : 52;
  const uint64_t phsize_expected = is64 ? 56 : 32;
  if (size < ehsize) {
    return fail("truncated ELF file: " + dec(size) + " bytes, shorter than the " + dec(ehsize) + "-byte ELF" +
                dec(xlen) + " header");
  }

  // --- ELF header -----------------------------------------------------------------------------
  const auto e_type = uint16_t(read_le(bytes, 16, 2));
  const auto e_machine = uint16_t(read_le(bytes, 18, 2));
  const auto e_version = uint32_t(read_le(bytes, 20, 4));
  uint64_t e_entry, e_phoff;
  uint32_t e_flags;
  uint16_t e_phentsize, e_phnum;
  if (is64) {
    e_entry = read_le(bytes, 24, 8);
    e_phoff = read_le(bytes, 32, 8);
    e_flags = uint32_t(read_le(bytes, 48, 4));
    e_phentsize = uint16_t(read_le(bytes, 54, 2));
    e_phnum = uint16_t(read_le(bytes, 56, 2));
  } else {
    e_entry = read_le(bytes, 24, 4);
    e_phoff = read_le(bytes, 28, 4);
    e_flags = uint32_t(read_le(bytes, 36, 4));
    e_phentsize = uint16_t(read_le(bytes, 42, 2));
    e_phnum = uint16_t(read_le(bytes, 44, 2));
  }

  if (e_machine != kEM_RISCV) {
    std::string hint;
    if (e_machine == 62) hint = " (x86-64)";
    else if (e_machine == 3) hint = " (i386)";
    else if (e_machine == 183) hint = " (AArch64)";
    else if (e_machine == 40) hint = " (ARM)";
    return fail("not a RISC-V program: e_machine is " + dec(e_machine) + hint +
                ", expected 243 (EM_RISCV); build for riscv32 or riscv64");
  }
  if (e_version != 1) return fail("unsupported ELF version " + dec(e_version) + " in e_version (must be 1)");
  if (e_type == kET_DYN) {
    return fail("position-independent executable; link with -static -no-pie (e_type is ET_DYN, tandem loads only ET_EXEC)");
  }
  if (e_type != kET_EXEC) {
    std::string what = e_type == 1 ? " (ET_REL, an object file: link it first)"
                       : e_type == 4 ? " (ET_CORE, a core dump)"
                                     : "";
    return fail("not an executable: e_type is " + dec(e_type) + what + ", expected 2 (ET_EXEC)");
  }

  // --- e_flags --------------------------------------------------------------------------------
  if (e_flags & kEF_RISCV_FLOAT_ABI) {
    const char* abi = (e_flags & kEF_RISCV_FLOAT_ABI) == 0x2 ? "single"
                      : (e_flags & kEF_RISCV_FLOAT_ABI) == 0x4 ? "double"
                                                                : "quad";
    return fail(std::string("built for a hard-float ABI (") + abi + "-float, e_flags " + hex(e_flags) +
                "); rebuild with -mabi=lp64 (rv64) or -mabi=ilp32 (rv32) and a soft-float libc");
  }
  if (e_flags & kEF_RISCV_RVE) {
    return fail("built for RV32E/RV64E (the RVE flag is set in e_flags " + hex(e_flags) +
                "); tandem runs the I base with 32 registers: rebuild with -march=rv32im/rv64im and "
                "-mabi=ilp32/lp64");
  }

  // --- program header table -------------------------------------------------------------------
  if (e_phnum == kPN_XNUM) {
    return fail("too many program headers (extended numbering, e_phnum 0xffff); at most " +
                dec(kMaxElfSegments) + " are accepted");
  }
  if (e_phnum > kMaxElfSegments) {
    return fail("too many program headers: " + dec(e_phnum) + ", at most " + dec(kMaxElfSegments) +
                " are accepted");
  }
  if (e_phnum == 0) return fail("no program headers (e_phnum is 0): nothing to load; is this a linked executable?");
  if (e_phentsize != phsize_expected) {
    return fail("bad program header size e_phentsize " + dec(e_phentsize) + ", expected " + dec(phsize_expected) +
                " for ELF" + dec(xlen));
  }
  const uint64_t table_bytes = uint64_t(e_phnum) * e_phentsize;  // <= 64 * 56: cannot overflow
  if (e_phoff > size || size - e_phoff < table_bytes) {
    return fail("program header table outside the file: e_phoff " + hex(e_phoff) + " + " + dec(e_phnum) + " x " +
                dec(e_phentsize) + " bytes, but the file is " + dec(size) + " bytes (truncated file?)");
  }

  const uint64_t max_end = is64 ? kMaxAddressRv64 : (uint64_t(1) << 32);
  std::vector<Loaded> loads;
  bool has_tls = false;
  for (size_t i = 0; i < e_phnum; ++i) {
    const uint64_t p = e_phoff + i * e_phentsize;
    const auto p_type = uint32_t(read_le(bytes, p, 4));
    uint32_t p_flags;
    uint64_t p_offset, p_vaddr, p_filesz, p_memsz;
    if (is64) {
      p_flags = uint32_t(read_le(bytes, p + 4, 4));
      p_offset = read_le(bytes, p + 8, 8);
      p_vaddr = read_le(bytes, p + 16, 8);
      p_filesz = read_le(bytes, p + 32, 8);
      p_memsz = read_le(bytes, p + 40, 8);
    } else {
      p_offset = read_le(bytes, p + 4, 4);
      p_vaddr = read_le(bytes, p + 8, 4);
      p_filesz = read_le(bytes, p + 16, 4);
      p_memsz = read_le(bytes, p + 20, 4);
      p_flags = uint32_t(read_le(bytes, p + 24, 4));
    }

    if (p_type == kPT_INTERP) {
      return fail("dynamically linked (program header " + dec(i) +
                  " is PT_INTERP, asking for a dynamic loader); link statically with -static");
    }
    if (p_type == kPT_DYNAMIC) {
      return fail("dynamically linked (program header " + dec(i) + " is PT_DYNAMIC); link statically with -static");
    }
    if (p_type == kPT_TLS) {
      has_tls = true;
      continue;
    }
    if (p_type != kPT_LOAD) continue;  // PT_NOTE, PT_GNU_STACK, PT_RISCV_ATTRIBUTES, ...: informational

    const std::string seg = "segment " + dec(i);
    if (p_filesz > p_memsz) {
      return fail(seg + " has more file bytes than memory bytes (p_filesz " + hex(p_filesz) + " > p_memsz " +
                  hex(p_memsz) + ")");
    }
    uint64_t file_end;
    if (!add_ok(p_offset, p_filesz, file_end) || file_end > size) {
      return fail(seg + " lies outside the file: offset " + hex(p_offset) + " + " + hex(p_filesz) +
                  " bytes, but the file is " + dec(size) + " bytes (truncated file?)");
    }
    uint64_t end;
    if (!add_ok(p_vaddr, p_memsz, end)) {
      return fail(seg + " wraps around the address space: vaddr " + hex(p_vaddr) + " + memsz " + hex(p_memsz));
    }
    if (end > max_end) {
      return fail(seg + " ends at " + hex(end) + ", above the highest address tandem supports for RV" +
                  dec(xlen) + " (" + hex(max_end) + "); link it at a lower address");
    }
    if (p_memsz == 0) continue;  // occupies nothing
    if ((p_flags & (kPF_R | kPF_W | kPF_X)) == 0) {
      return fail(seg + " at " + hex(p_vaddr) + " has no permissions (neither R, W nor X, p_flags " + hex(p_flags) +
                  "); the VM cannot map it");
    }
    if ((p_flags & kPF_W) && (p_flags & kPF_X)) {
      return fail(seg +
                  " is writable and executable; tandem keeps code and data apart (W^X). GNU ld for "
                  "riscv64-unknown-elf merges them by default: link with ld.lld, or pass "
                  "-z separate-loadable-segments (the SDK's toolchain file does)");
    }
    loads.push_back({ElfSegment{p_vaddr, p_memsz, p_filesz, p_offset, p_flags & (kPF_R | kPF_W | kPF_X)}, i});
  }

  // --- layout of the loaded segments ----------------------------------------------------------
  if (loads.empty()) return fail("no loadable segments (no PT_LOAD with a nonzero size): nothing to run");
  std::stable_sort(loads.begin(), loads.end(),
                   [](const Loaded& a, const Loaded& b) { return a.seg.vaddr < b.seg.vaddr; });
  for (size_t k = 1; k < loads.size(); ++k) {
    const ElfSegment& a = loads[k - 1].seg;
    const ElfSegment& b = loads[k].seg;
    if (a.vaddr + a.memsz > b.vaddr) {  // both ends checked above: no wrap
      return fail("segments " + dec(loads[k - 1].index) + " " + range(a) + " and " + dec(loads[k].index) + " " +
                  range(b) + " overlap");
    }
  }

  // Writable segments must all lie above every non-writable one: the VM maps code and read-only
  // data low, then data, heap and stack upwards from the first writable address.
  const Loaded* highest_ro = nullptr;
  const Loaded* lowest_rw = nullptr;
  for (const Loaded& l : loads) {
    if (l.seg.flags & kPF_W) {
      if (!lowest_rw) lowest_rw = &l;
    } else {
      highest_ro = &l;  // sorted and disjoint: the last one ends highest
    }
  }
  if (highest_ro && lowest_rw && lowest_rw->seg.vaddr < highest_ro->seg.vaddr + highest_ro->seg.memsz) {
    return fail("writable segment " + dec(lowest_rw->index) + " " + range(lowest_rw->seg) +
                " lies below non-writable segment " + dec(highest_ro->index) + " " + range(highest_ro->seg) +
                " (" + perms(highest_ro->seg.flags) +
                "); tandem's memory model needs all code and read-only data below all writable data: "
                "put .data/.bss after .text/.rodata in the linker script");
  }

  uint64_t text_begin = UINT64_MAX, text_end = 0;
  for (const Loaded& l : loads) {
    if (!(l.seg.flags & kPF_X)) continue;
    text_begin = std::min(text_begin, l.seg.vaddr);
    text_end = std::max(text_end, l.seg.vaddr + l.seg.memsz);
  }
  if (text_end == 0) return fail("no executable segment (no PT_LOAD with the X flag): there is no code to run");
  if (text_end - text_begin > kMaxTextBytes) {
    return fail("executable span [" + hex(text_begin) + ", " + hex(text_end) + ") is " + dec(text_end - text_begin) +
                " bytes, more than the " + dec(kMaxTextBytes) + " bytes (" + dec(kMaxTextBytes >> 20) +
                " MiB) tandem pre-decodes");
  }

  const bool entry_in_code = std::any_of(loads.begin(), loads.end(), [&](const Loaded& l) {
    return (l.seg.flags & kPF_X) && e_entry >= l.seg.vaddr && e_entry - l.seg.vaddr < l.seg.memsz;
  });
  if (!entry_in_code) {
    return fail("entry point " + hex(e_entry) + " is not inside an executable segment (code spans [" +
                hex(text_begin) + ", " + hex(text_end) + "))");
  }
  if (e_entry & 1) return fail("entry point " + hex(e_entry) + " is not 2-byte aligned");

  ElfImage img;
  img.xlen = xlen;
  img.entry = e_entry;
  img.e_flags = e_flags;
  img.has_tls = has_tls;
  img.text_begin = text_begin;
  img.text_end = text_end;
  img.segments.reserve(loads.size());
  for (const Loaded& l : loads) img.segments.push_back(l.seg);
  img.bytes.assign(bytes.begin(), bytes.end());
  return img;
}

}  // namespace tandem::vm
