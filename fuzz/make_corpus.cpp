// fuzz/make_corpus.cpp: writes seed inputs for the fuzz targets.
//
//   fuzz_make_corpus OUT_DIR [GUEST.elf ...]
//
// writes OUT_DIR/fuzz_elf_loader/, OUT_DIR/fuzz_interpreter/, OUT_DIR/fuzz_syscalls/,
// OUT_DIR/fuzz_precompile/ and OUT_DIR/fuzz_coproc/: small valid programs and a few broken ones,
// hand-written code snippets in the interpreter's input format, system call sequences in the
// syscall fuzzer's format, one well-formed call per Ethereum precompile, and per coprocessor
// operation one call its analyze accepts (each target's .cpp describes its format).
// Each GUEST.elf given (a real program, e.g. from build/dev/guests) adds a copy reduced to its
// program headers and loaded bytes (no sections, no symbols) to the loader's seeds, and its first
// 2 KiB of code to the interpreter's.  fuzz/make_corpus.sh regenerates the committed seeds.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "coproc/ec/bls12_381.h"
#include "fuzz_support.h"
#include "rv_asm.h"
#include "tandem/abi_numbers.h"
#include "vm/elf.h"

namespace fs = std::filesystem;
namespace rv = tandem::test::rv;
using tandem::fuzz::Writer;
using tandem::test::ElfSpec;
using tandem::test::SegSpec;

namespace {

fs::path g_out;

void save(const std::string& target, const std::string& name, const std::vector<uint8_t>& bytes) {
  const fs::path dir = g_out / target;
  fs::create_directories(dir);
  std::ofstream f(dir / name, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + (dir / name).string());
}

// ----- loader seeds ------------------------------------------------------------------------------
rv::Asm exit_code(unsigned xlen, int code) {
  rv::Asm a(xlen);
  a.li(rv::a0, uint64_t(code));
  a.li(rv::a7, TANDEM_SYS_EXIT);
  a.emit(rv::ecall());
  return a;
}

void loader_seeds() {
  for (unsigned xlen : {32u, 64u}) {
    const std::string x = "rv" + std::to_string(xlen) + "_";
    auto code = exit_code(xlen, 7).finish();
    ElfSpec s;
    s.xlen = xlen;
    s.entry = rv::kCodeBase;
    s.segs = {SegSpec{rv::kCodeBase, code}};
    save("fuzz_elf_loader", x + "exit.elf", tandem::test::build_elf(s));

    // Code, read-only data, data with a bss tail; a PT_TLS and a PT_NOTE that are not loaded.
    s.segs = {SegSpec{rv::kCodeBase, code, 0x1000, 5}, SegSpec{0x12000, {1, 2, 3, 4}, 0, 4},
              SegSpec{0x13000, {5, 6, 7, 8}, 0x2000, 6}, SegSpec{0x13000, {}, 0x10, 4, 7},
              SegSpec{0, {0, 0, 0, 0}, 0, 4, 4}};
    save("fuzz_elf_loader", x + "segments.elf", tandem::test::build_elf(s));

    // Two executable segments with a gap, entry in the second; no RVC.
    rv::Asm a(xlen, 0x11000);
    a.emit(rv::jal(rv::x0, -0x1000));
    s.segs = {SegSpec{rv::kCodeBase, code}, SegSpec{0x11000, a.finish()}};
    s.entry = 0x11000;
    s.e_flags = 0;
    save("fuzz_elf_loader", x + "two_texts.elf", tandem::test::build_elf(s));

    // Broken ones: W+X, overlapping segments, an entry outside the code.
    s = ElfSpec{};
    s.xlen = xlen;
    s.entry = rv::kCodeBase;
    s.segs = {SegSpec{rv::kCodeBase, code, 0, 7}};
    save("fuzz_elf_loader", x + "wx.elf", tandem::test::build_elf(s));
    s.segs = {SegSpec{rv::kCodeBase, code, 0x100, 5}, SegSpec{rv::kCodeBase + 0x80, {1}, 0, 6}};
    save("fuzz_elf_loader", x + "overlap.elf", tandem::test::build_elf(s));
    s.segs = {SegSpec{rv::kCodeBase, code}};
    s.entry = 0x20000;
    save("fuzz_elf_loader", x + "bad_entry.elf", tandem::test::build_elf(s));
  }
}

// A real program reduced to what the loader reads.
void loader_seed_from(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto img = tandem::vm::parse_elf(bytes);
  if (!img) {
    std::cerr << "make_corpus: skipping " << path.string() << ": " << img.error() << "\n";
    return;
  }
  ElfSpec s;
  s.xlen = img->xlen;
  s.entry = img->entry;
  s.e_flags = img->e_flags;
  for (const auto& g : img->segments)
    s.segs.push_back(SegSpec{g.vaddr, std::vector<uint8_t>(bytes.begin() + long(g.offset),
                                                           bytes.begin() + long(g.offset + g.filesz)),
                             g.memsz, g.flags});
  save("fuzz_elf_loader", path.stem().string() + ".elf", tandem::test::build_elf(s));

  // Its first 2 KiB of code from the entry point, for the interpreter.
  for (const auto& g : img->segments) {
    if (!(g.flags & tandem::vm::kPF_X) || img->entry < g.vaddr || img->entry - g.vaddr >= g.filesz) continue;
    const uint64_t off = g.offset + (img->entry - g.vaddr);
    const uint64_t n = std::min<uint64_t>(2048, g.filesz - (img->entry - g.vaddr));
    Writer w;
    w.u8(uint8_t((img->xlen == 64 ? 1 : 0) | ((img->e_flags & 1) ? 2 : 0))).u8(64).u16(uint16_t(n));
    w.bytes(std::vector<uint8_t>(bytes.begin() + long(off), bytes.begin() + long(off + n)));
    save("fuzz_interpreter", path.stem().string() + ".bin", w.b);
  }
}

// ----- interpreter seeds -------------------------------------------------------------------------
// flags: bit 0 rv64, bit 1 RVC, bits 5-7 seed count (seeds are added by the caller's Writer).
void interp(const std::string& name, unsigned xlen, bool rvc, const rv::Asm& a, std::vector<uint8_t> data = {},
            std::vector<std::pair<uint8_t, uint64_t>> seeds = {}) {
  Writer w;
  w.u8(uint8_t((xlen == 64 ? 1 : 0) | (rvc ? 2 : 0) | (seeds.size() << 5)));
  for (auto [spec, v] : seeds) w.u8(spec).u64(v);
  const auto code = a.finish();
  w.u8(uint8_t((data.size() + 255) / 256 + 1)).u16(uint16_t(code.size())).bytes(code).bytes(data);
  save("fuzz_interpreter", name + "_rv" + std::to_string(xlen) + ".bin", w.b);
}

void interpreter_seeds() {
  using namespace rv;
  constexpr uint64_t kData = 0x20000;  // fuzz_interpreter's data segment
  for (unsigned xlen : {32u, 64u}) {
    {  // A counted loop with arithmetic, then exit with the result.
      Asm a(xlen);
      a.li(t0, 100).li(a0, 0);
      Label top = a.here_label();
      a({add(a0, a0, t0), mul(t1, t0, t0), xor_(a0, a0, t1), addi(t0, t0, -1)});
      a.bne(t0, zero, top);
      a.li(a7, TANDEM_SYS_EXIT).emit(ecall());
      interp("loop", xlen, true, a);
    }
    {  // Loads and stores around the data segment, then one past its end.
      Asm a(xlen);
      a.li(s0, kData);
      a({lw(t0, s0, 0), sw(t0, s0, 8), lbu(t1, s0, 3), sb(t1, s0, 255), lh(t2, s0, 6)});
      a.li(s1, kData + 0x100 - 2).emit(lw(t0, s1, 0));
      a.li(s1, kData + 0x200).emit(sw(t0, s1, 0));
      a.li(a7, TANDEM_SYS_EXIT).emit(ecall());
      interp("memory", xlen, true, a, {1, 2, 3, 4, 5, 6, 7, 8});
    }
    {  // Atomics, including a misaligned one.
      Asm a(xlen);
      a.li(s0, kData).li(t0, 5);
      a({amoadd_w(t1, t0, s0), lr_w(t2, s0), sc_w(t3, t0, s0), amoswap_w(t1, t0, s0)});
      a.li(s0, kData + 2).emit(amoadd_w(t1, t0, s0));
      interp("atomics", xlen, true, a);
    }
    {  // Compressed code, division corner cases, counters, an indirect jump into the data (fetch fault).
      Asm a(xlen);
      a.emit16(c_li(a0, 5)).emit16(c_addi(a0, -1)).emit16(c_mv(a1, a0));
      a.li(t0, 0).li(t1, uint64_t(1) << (xlen - 1)).li(t2, uint64_t(-1));
      a({div(a2, t1, t2), rem(a3, t1, t0), divu(a4, t1, t0), rdcycle(a5), rdinstret(a6)});
      a.li(t0, kData).emit(jalr(ra, t0, 0));
      interp("compressed_div_jump", xlen, true, a);
    }
    {  // Without C: a jump to a 2-mod-4 address.
      Asm a(xlen);
      a.emit(jal(x0, 6)).emit(nop()).emit(nop());
      interp("misaligned_jump", xlen, false, a);
    }
    {  // Registers seeded from the input: a store through a seeded pointer, write(1, ...), ebreak.
      Asm a(xlen);
      a({sd(t0, s0, 0), addi(a0, zero, 1), addi(a1, s0, 0), addi(a2, zero, 8), addi(a7, zero, TANDEM_SYS_WRITE),
         ecall(), ebreak()});
      if (xlen == 32) {
        Asm b(xlen);
        b({sw(t0, s0, 0), addi(a0, zero, 1), addi(a1, s0, 0), addi(a2, zero, 8), addi(a7, zero, TANDEM_SYS_WRITE),
           ecall(), ebreak()});
        a = b;
      }
      interp("seeded", xlen, true, a, {}, {{uint8_t(s0 | 1 << 5), 0x10}, {uint8_t(t0), 0x0123456789abcdefull}});
    }
    {  // Zba/Zbb.
      Asm a(xlen);
      a.li(t0, 0x00ff00ff).li(t1, 3);
      a({sh2add(a0, t0, t1), andn(a1, t0, t1), clz(a2, t0), cpop(a3, t0), rol(a4, t0, t1), max(a5, t0, t1)});
      a.li(a7, TANDEM_SYS_EXIT).emit(ecall());
      interp("bitmanip", xlen, true, a);
    }
  }
}

// ----- system call seeds -------------------------------------------------------------------------
// fuzz_syscalls' argument kinds (arg_value): low nibble = kind, high nibble = a small signed value.
namespace arg {
std::vector<uint8_t> small(int v) { return {uint8_t((v & 15) << 4 | 0)}; }   // 0..3
std::vector<uint8_t> u8(uint8_t v) { return {1, v}; }
std::vector<uint8_t> u16(uint16_t v) { return {2, uint8_t(v), uint8_t(v >> 8)}; }
std::vector<uint8_t> data(uint16_t off) { return {3, uint8_t(off), uint8_t(off >> 8)}; }
std::vector<uint8_t> brk(int d) { return {uint8_t((d & 15) << 4 | 4)}; }
std::vector<uint8_t> brk_max(int d) { return {uint8_t((d & 15) << 4 | 5)}; }
std::vector<uint8_t> stack(uint8_t off) { return {6, off}; }
std::vector<uint8_t> top(int d) { return {uint8_t((d & 15) << 4 | 7)}; }
std::vector<uint8_t> past_end(int d) { return {uint8_t((d & 15) << 4 | 8)}; }
std::vector<uint8_t> wrap32(int d) { return {uint8_t((d & 15) << 4 | 9)}; }
std::vector<uint8_t> wrap64(int d) { return {uint8_t((d & 15) << 4 | 10)}; }
std::vector<uint8_t> input_size(int d) { return {uint8_t((d & 15) << 4 | 13)}; }
}  // namespace arg

// Selectors (call_number): 0 read, 1 write, 4 brk, 6 input_size, 7 input_read, 9 output,
// 11 gas_left, 12 exit, 13 a coprocessor call (`op`: 0 fuzz.noop, 1 fuzz.copy, 2 fuzz.add,
// 3 unused; it also takes a3), 15 a number given by the next byte.
struct Call {
  uint8_t sel;
  std::vector<uint8_t> a0, a1, a2, a3 = {};
  uint16_t op = 0;
};

void syscalls(const std::string& name, uint8_t flags, const std::string& input, const std::vector<uint8_t>& data,
              const std::vector<Call>& calls) {
  Writer w;
  w.u8(flags).u8(uint8_t(input.size())).bytes(std::vector<uint8_t>(input.begin(), input.end()));
  w.u8(uint8_t(data.empty() ? 0 : 2)).u8(uint8_t(data.size())).bytes(data);
  for (const auto& c : calls) {
    w.u8(c.sel);
    if (c.sel % 16 == 15) w.u8(200);  // an unknown Linux number
    if (c.sel % 16 == 13) w.u16(c.op);
    w.bytes(c.a0).bytes(c.a1).bytes(c.a2);
    if (c.sel % 16 == 13) w.bytes(c.a3);
  }
  save("fuzz_syscalls", name, w.b);
}

void syscall_seeds() {
  using namespace arg;
  const std::vector<uint8_t> hello = {'h', 'e', 'l', 'l', 'o', '\n'};
  for (uint8_t xlen : {0, 1}) {
    const std::string x = xlen ? "_rv64" : "_rv32";
    syscalls("io" + x, xlen, "some input", hello,
             {{1, small(1), data(0), u8(6)},         // write(1, "hello\n", 6)
              {0, small(0), data(8), u8(4)},         // read(0, data + 8, 4)
              {6, small(0), small(0), small(0)},     // input_size
              {7, data(16), u8(100), u8(2)},         // input_read(data + 16, 100, 2)
              {9, data(0), u8(32), small(0)},        // output(data, 32)
              {1, small(2), data(8), u8(4)},         // write(2, ...)
              {11, small(0), small(0), small(0)}});  // gas_left
    syscalls("brk" + x, xlen, "", hello,
             {{4, small(0), small(0), small(0)},     // query
              {4, brk(0), small(0), small(0)},
              {4, u16(0x8000), small(0), small(0)},  // below the minimum: refused
              {4, brk_max(0), small(0), small(0)},   // all the way up
              {1, small(1), brk(-8), u8(8)},         // write from the end of the heap
              {4, brk_max(1), small(0), small(0)},   // one past: refused
              {4, brk(-8), small(0), small(0)}});
    syscalls("hostile" + x, xlen, "0123456789", hello,
             {{1, small(1), wrap32(-4), u8(8)},       // across 2^32
              {0, small(0), top(-1), u8(16)},         // read across the top of the arena
              {0, small(0), past_end(0), small(1)},
              {7, stack(0), wrap64(-8), input_size(-2)},
              {9, top(7), u8(8), small(0)},           // the last 8 bytes of the arena
              {9, top(7), u8(9), small(0)},           // one more
              {0, wrap32(1), data(0), u8(4)},         // fd 2^32 + 1
              {15, small(0), small(0), small(0)},     // unknown call
              {1, small(1), wrap64(-1), wrap64(-1)},  // write(1, 2^64 - 1, 2^64 - 1): no gas for that
              {12, u8(42), small(0), small(0)}});     // exit(42)
    syscalls("coproc" + x, xlen, "", hello,
             {{13, small(0), small(0), small(0), small(0), 0},           // fuzz.noop
              {13, data(0), u8(6), data(32), u8(6), 1},                 // fuzz.copy(hello, 6, data + 32, 6)
              {9, data(32), u8(6), small(0)},                          // output(data + 32, 6)
              {13, data(0), u8(64), data(4), u8(64), 1},                // overlapping copy
              {9, data(0), u8(72), small(0)},
              {13, data(0), wrap64(-1), data(32), u8(8), 1},            // input length 2^64 - 1: refused
              {13, stack(0), u8(16), top(-1), u8(200), 1},              // into the top of the stack
              {13, data(0), u8(8), small(2), small(0), 2},              // fuzz.add(data, 8, 2): +1 each
              {13, data(0), u8(8), small(3), small(0), 2},              // odd value: refused
              {13, data(0), u8(65), small(0), small(0), 2},             // more than 64 bytes: fails
              {9, data(0), u8(8), small(0)},
              {13, small(0), small(0), small(0), small(0), 3},          // an unused number
              {13, small(0), small(0), small(0), small(0), 0x8123}});   // anywhere in the range
    // A tiny output limit (bit 7, limit 4 * 2 bytes), a small gas limit (bits 5-6 = 3: 2000 gas).
    Writer w;
    w.u8(uint8_t(xlen | 0x80 | 0x60)).u8(2);
    w.u8(0).u8(2).u8(uint8_t(hello.size())).bytes(hello);
    for (int i = 0; i < 3; ++i) w.u8(1).bytes(small(1)).bytes(data(0)).bytes(u8(3));
    save("fuzz_syscalls", "limits" + x, w.b);
    // The whole rv32 address space (shape 2) / the largest rv64 arena (shape 5), trap on unknown calls.
    syscalls("big_arena" + x, uint8_t(xlen | 2 | (xlen ? 5 : 2) << 2), "abc", {},
             {{0, small(0), top(-1), u8(3)}, {9, top(-1), u8(8), small(0)}, {15, small(0), small(0), small(0)}});
  }
}

// fuzz_precompile: u8 address index, u8 flags, input.  One well-formed call per address (curve
// points are the generators, so the decoders pass and the arithmetic runs), plus empty inputs.
void precompile_seeds() {
  namespace bls = tandem::coproc::ec::bls12_381;
  auto from_hex = [](const char* h) {
    std::vector<uint8_t> v;
    for (; h[0] && h[1]; h += 2) v.push_back(uint8_t(std::stoi(std::string(h, 2), nullptr, 16)));
    return v;
  };
  auto be32 = [](uint64_t x) {
    std::vector<uint8_t> v(32, 0);
    for (int i = 0; i < 8; ++i) v[31 - i] = uint8_t(x >> (8 * i));
    return v;
  };
  auto cat = [](std::initializer_list<std::vector<uint8_t>> parts) {
    std::vector<uint8_t> v;
    for (const auto& p : parts) v.insert(v.end(), p.begin(), p.end());
    return v;
  };
  const std::vector<uint8_t> bn_g1 = cat({be32(1), be32(2)});
  const std::vector<uint8_t> bn_g2 = from_hex(  // EIP-197's G2 generator
      "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
      "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
      "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
      "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa");
  std::vector<uint8_t> g1(128), g2(256), g1c(48);
  bls::encode_g1(bls::g1_generator(), g1.data());
  bls::encode_g2(bls::g2_generator(), g2.data());
  bls::encode_g1_compressed(bls::g1_generator(), g1c.data());
  std::vector<uint8_t> fp(64, 0), fp2(128, 0);
  fp[63] = 5, fp2[63] = 7, fp2[127] = 9;
  std::vector<uint8_t> blake(213, 0);
  blake[3] = 12;  // rounds, big-endian
  blake[212] = 1;
  std::vector<uint8_t> kzg(192, 0);  // versioned hash, z, y, commitment, proof: C = pi = G1
  std::copy(g1c.begin(), g1c.end(), kzg.begin() + 96);
  std::copy(g1c.begin(), g1c.end(), kzg.begin() + 144);
  const std::vector<std::pair<uint32_t, std::vector<uint8_t>>> calls = {
      {0, cat({be32(0x1234), be32(27), be32(3), be32(5)})},     // ecrecover
      {1, {'a', 'b', 'c'}}, {2, {'a', 'b', 'c'}}, {3, {1, 2, 3}},
      {4, cat({be32(1), be32(1), be32(1), {3, 5, 7}})},          // modexp 3^5 mod 7
      {5, cat({bn_g1, bn_g1})}, {6, cat({bn_g1, be32(3)})}, {7, cat({bn_g1, bn_g2})},
      {8, blake}, {9, kzg},
      {10, cat({g1, g1})}, {11, cat({g1, be32(3), g1, be32(5)})},
      {12, cat({g2, g2})}, {13, cat({g2, be32(3)})}, {14, cat({g1, g2})},
      {15, fp}, {16, fp2},
      {17, cat({be32(0x1234), be32(1), be32(1), be32(2), be32(3)})},  // P256VERIFY shape
  };
  for (const auto& [index, input] : calls) {
    Writer w;
    w.u8(uint8_t(index)).u8(0).bytes(input);
    save("fuzz_precompile", "call" + std::to_string(index), w.b);
    Writer e;
    e.u8(uint8_t(index)).u8(uint8_t(index % 3));
    save("fuzz_precompile", "empty" + std::to_string(index), e.b);
  }
}

// fuzz_coproc: per operation of the builtin set, one call with lengths and values its analyze
// accepts (the first combination of common sizes and small values that passes, with zero bytes),
// so the execute paths are reached from the start; for an operation that needs a resident object
// (a table or plan handle), that call after one that makes such an object; and one call with
// every pair empty.
//
// Finds the first accepted combination for op `k` against `store`, appends it (selector and
// pairs) to `w`, and with `run` also executes it (to make resident objects).
bool coproc_call(const std::vector<tandem::CoprocessorOp>& ops, size_t k, tandem::ResidentStore& store,
                 Writer& w, bool run) {
  static const uint16_t kSizes[] = {0,   8,   20,  32,  48,  64,  96,  128, 136,
                                    144, 160, 192, 200, 256, 288, 384, 512, 1024};
  static const uint64_t kValues[] = {0, 1, 2, 3, 4, 8, 10, 16};
  constexpr size_t kSizeChoices = std::size(kSizes), kValueChoices = std::size(kValues) * 2;
  const auto& op = ops[k];
  auto choices = [&](unsigned i) {
    if (op.args[i] == tandem::Arg::value) return kValueChoices;
    return op.args[i] == tandem::Arg::none ? size_t(1) : kSizeChoices;
  };
  for (size_t c0 = 0; c0 < choices(0); ++c0)
    for (size_t c1 = 0; c1 < choices(1); ++c1)
      for (size_t c2 = 0; c2 < choices(2); ++c2) {
        const size_t pick[3] = {c0, c1, c2};
        std::vector<uint8_t> bufs[3];
        tandem::CoprocArgs a;
        a.resident = &store;
        Writer call;
        call.u8(uint8_t(k));
        for (unsigned i = 0; i < 3; ++i) {
          switch (op.args[i]) {
            case tandem::Arg::value:
              a.value[i][0] = kValues[pick[i] / 2], a.value[i][1] = pick[i] % 2;
              call.u64(a.value[i][0]).u64(a.value[i][1]);
              break;
            case tandem::Arg::none: break;
            default:
              bufs[i].assign(kSizes[pick[i]], 0);
              if (op.args[i] != tandem::Arg::out) a.in[i] = bufs[i];
              if (op.args[i] != tandem::Arg::in) a.out[i] = bufs[i];
              call.u16(kSizes[pick[i]]).bytes(bufs[i]);
          }
        }
        uint64_t gas = 0, value = 0;
        if (tandem::analyze_checked(op, a, gas) != 0) continue;
        if (run && tandem::execute_checked(op, a, value) != 0) continue;
        w.bytes(call.b);
        return true;
      }
  return false;
}

void coproc_seeds() {
  const auto set = tandem::CoprocessorSet::builtin();
  const auto& ops = set->ops();
  std::vector<bool> seeded(ops.size(), false);
  for (size_t k = 0; k < ops.size(); ++k) {
    tandem::ResidentStore store(64ull << 20);
    Writer w;
    if ((seeded[k] = coproc_call(ops, k, store, w, false))) save("fuzz_coproc", "op" + std::to_string(k), w.b);
    Writer e;
    e.u8(uint8_t(k));
    save("fuzz_coproc", "empty" + std::to_string(k), e.b);
  }
  for (size_t k = 0; k < ops.size(); ++k) {
    if (seeded[k]) continue;
    for (size_t maker = 0; maker < ops.size(); ++maker) {
      tandem::ResidentStore store(64ull << 20);
      Writer w;
      if (maker == k || !seeded[maker] || !coproc_call(ops, maker, store, w, true) || store.count() == 0) continue;
      if (coproc_call(ops, k, store, w, false)) {
        save("fuzz_coproc", "op" + std::to_string(k) + "_after_op" + std::to_string(maker), w.b);
        break;
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: fuzz_make_corpus OUT_DIR [GUEST.elf ...]\n";
    return 2;
  }
  try {
    g_out = argv[1];
    loader_seeds();
    interpreter_seeds();
    syscall_seeds();
    precompile_seeds();
    coproc_seeds();
    for (int i = 2; i < argc; ++i) loader_seed_from(argv[i]);
  } catch (const std::exception& e) {
    std::cerr << "make_corpus: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
