// tests/difffuzz/generator.cpp: see generator.h.
//
// The random part of a block is a sequence of *groups*.  A group is one instruction or a short
// sequence that must run as a whole (an address set-up and the access that uses it, a counted
// loop, an lr/sc pair, a guarded instruction).  Forward branches and jumps target group
// boundaries, or safe points inside groups made of freely enterable pairs (the pairs the decoder
// fuses), so a jump never lands in the middle of something that relies on what came before it.
// Loops are the only backward branches, and their counter is reserved while their body is
// generated, so every program terminates.
//
// Pinned registers: sp points into the block's buffer (for the sp-relative compressed forms) and
// one of x8..x15, "B", points at the buffer's centre.  No random instruction writes them; any
// instruction may read them.  Every other register is fair game.
#include "generator.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "rv_asm.h"

namespace tandem::difffuzz {

namespace rv = tandem::test::rv;
using rv::Reg;

uint64_t mix_seed(uint64_t seed, uint64_t index) {
  Rng r(seed ^ ((index + 1) * 0xd1b54a32d192ed03ull));
  r.next();
  return r.next();
}

namespace {

std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* f, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, f);
  std::vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

const char* X(unsigned r) {
  static const char* const names[32] = {"x0",  "x1",  "x2",  "x3",  "x4",  "x5",  "x6",  "x7",
                                        "x8",  "x9",  "x10", "x11", "x12", "x13", "x14", "x15",
                                        "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
                                        "x24", "x25", "x26", "x27", "x28", "x29", "x30", "x31"};
  return names[r & 31];
}

// --- instruction tables --------------------------------------------------------------------
struct ROp { const char* name; rv::RType enc; bool rv64_only; };
struct IOp { const char* name; rv::IType enc; bool rv64_only; };
struct UOp { const char* name; rv::UnaryType enc; bool rv64_only; };
struct ShOp { const char* name; rv::IType enc; unsigned max64, max32; bool rv64_only; };
struct MemOp { const char* name; rv::IType enc; unsigned width; bool rv64_only; };
struct BrOp { const char* name; uint32_t (*enc)(Reg, Reg, int32_t); };

const ROp kAlu[] = {
    {"add", rv::add, false},   {"sub", rv::sub, false},   {"sll", rv::sll, false},
    {"slt", rv::slt, false},   {"sltu", rv::sltu, false}, {"xor", rv::xor_, false},
    {"srl", rv::srl, false},   {"sra", rv::sra, false},   {"or", rv::or_, false},
    {"and", rv::and_, false},  {"addw", rv::addw, true},  {"subw", rv::subw, true},
    {"sllw", rv::sllw, true},  {"srlw", rv::srlw, true},  {"sraw", rv::sraw, true},
};
const ROp kMul[] = {
    {"mul", rv::mul, false},     {"mulh", rv::mulh, false}, {"mulhsu", rv::mulhsu, false},
    {"mulhu", rv::mulhu, false}, {"mulw", rv::mulw, true},
};
const ROp kDiv[] = {
    {"div", rv::div, false},   {"divu", rv::divu, false},   {"rem", rv::rem, false},
    {"remu", rv::remu, false}, {"divw", rv::divw, true},    {"divuw", rv::divuw, true},
    {"remw", rv::remw, true},  {"remuw", rv::remuw, true},
};
const ROp kZba[] = {
    {"sh1add", rv::sh1add, false},       {"sh2add", rv::sh2add, false},
    {"sh3add", rv::sh3add, false},       {"add.uw", rv::add_uw, true},
    {"sh1add.uw", rv::sh1add_uw, true},  {"sh2add.uw", rv::sh2add_uw, true},
    {"sh3add.uw", rv::sh3add_uw, true},
};
const ROp kZbb[] = {
    {"andn", rv::andn, false}, {"orn", rv::orn, false}, {"xnor", rv::xnor, false},
    {"min", rv::min, false},   {"minu", rv::minu, false}, {"max", rv::max, false},
    {"maxu", rv::maxu, false}, {"rol", rv::rol, false}, {"ror", rv::ror, false},
    {"rolw", rv::rolw, true},  {"rorw", rv::rorw, true},
};
const UOp kUnary[] = {
    {"clz", rv::clz, false},       {"ctz", rv::ctz, false},       {"cpop", rv::cpop, false},
    {"sext.b", rv::sext_b, false}, {"sext.h", rv::sext_h, false}, {"orc.b", rv::orc_b, false},
    {"clzw", rv::clzw, true},      {"ctzw", rv::ctzw, true},      {"cpopw", rv::cpopw, true},
    {"zext.h", nullptr, false},    {"rev8", nullptr, false},
};
const IOp kImm[] = {
    {"addi", rv::addi, false}, {"slti", rv::slti, false}, {"sltiu", rv::sltiu, false},
    {"xori", rv::xori, false}, {"ori", rv::ori, false},   {"andi", rv::andi, false},
    {"addiw", rv::addiw, true},
};
const ShOp kShift[] = {
    {"slli", rv::slli, 64, 32, false},   {"srli", rv::srli, 64, 32, false},
    {"srai", rv::srai, 64, 32, false},   {"rori", rv::rori, 64, 32, false},
    {"slliw", rv::slliw, 32, 32, true},  {"srliw", rv::srliw, 32, 32, true},
    {"sraiw", rv::sraiw, 32, 32, true},  {"roriw", rv::roriw, 32, 32, true},
    {"slli.uw", rv::slli_uw, 64, 64, true},
};
const MemOp kLoads[] = {
    {"lb", rv::lb, 1, false}, {"lh", rv::lh, 2, false},  {"lw", rv::lw, 4, false},
    {"lbu", rv::lbu, 1, false}, {"lhu", rv::lhu, 2, false}, {"ld", rv::ld, 8, true},
    {"lwu", rv::lwu, 4, true},
};
const MemOp kStores[] = {
    {"sb", rv::sb, 1, false}, {"sh", rv::sh, 2, false}, {"sw", rv::sw, 4, false}, {"sd", rv::sd, 8, true},
};
const BrOp kBranches[] = {
    {"beq", rv::beq}, {"bne", rv::bne}, {"blt", rv::blt}, {"bge", rv::bge}, {"bltu", rv::bltu}, {"bgeu", rv::bgeu},
};
struct AmoOp { const char* name; unsigned f5; };
const AmoOp kAmos[] = {
    {"amoswap", 0x01}, {"amoadd", 0x00}, {"amoxor", 0x04},  {"amoand", 0x0c},  {"amoor", 0x08},
    {"amomin", 0x10},  {"amomax", 0x14}, {"amominu", 0x18}, {"amomaxu", 0x1c},
};

const uint64_t kEdges[] = {
    0, 1, 2, 3, ~0ull, ~0ull - 1, 0x8000000000000000ull, 0x7fffffffffffffffull, 0x8000000000000001ull,
    0xffffffff80000000ull, 0x7fffffffull, 0x80000000ull, 0xffffffffull, 0x100000000ull,
    0xffffffff00000000ull, 0x00000001ffffffffull, 0x8000000080000000ull, 31, 32, 33, 63, 64, 0x7f, 0x80,
    0xff, 0x7fff, 0x8000, 0xffff, 0xffffffffffff8000ull, 0xffffffffffffff80ull, 0x0101010101010101ull,
    0x8080808080808080ull, 0x00ff00ff00ff00ffull, 0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull,
    0x0000ffff00000000ull, 0x0000000100000000ull, 0x8000000000000000ull >> 31,
};

// The largest group, in bytes; pending forward branches are resolved early enough that the next
// group cannot push them out of range.
constexpr uint64_t kMaxGroup = 160;

template <class T, size_t N>
const T& pick(Rng& r, const T (&table)[N], unsigned xlen) {
  for (;;) {
    const T& t = table[r.below(N)];
    if (xlen == 64 || !t.rv64_only) return t;
  }
}

class Gen {
 public:
  explicit Gen(const Options& o) : o_(o), xlen_(o.xlen), w_(o.xlen / 8), a_(o.xlen, kCodeBase) {
    if (xlen_ != 32 && xlen_ != 64) throw std::invalid_argument("xlen must be 32 or 64");
  }

  Case run() {
    Case c;
    c.xlen = xlen_;
    c.seed = o_.seed;
    std::vector<unsigned> ids = o_.only;
    if (ids.empty())
      for (unsigned i = 0; i < o_.blocks; ++i) ids.push_back(i);
    data_.assign(ids.size() * kRegionSize, 0);
    for (size_t i = 0; i < ids.size(); ++i) c.blocks.push_back(block(ids[i], i));
    // exit(0)
    Block tail;
    blk_ = &tail;
    kind_ = LineKind::overhead;
    li(rv::a0, 0);
    li(rv::a7, 93);
    e(rv::ecall(), "ecall");
    c.overhead = overhead_;
    const std::vector<uint8_t> code = a_.finish();
    if (kCodeBase + code.size() > kDataBase) throw std::logic_error("code too large: use fewer blocks");
    for (int i = 0; i < nlabels_; ++i) c.labels.push_back(a_.address(rv::Label{i}));
    c.elf = build_elf(code, &c.code_offset);
    return c;
  }

 private:
  // --- ELF with page-congruent segment offsets (qemu-user maps segments with mmap) --------
  std::vector<uint8_t> build_elf(const std::vector<uint8_t>& code, uint64_t* code_offset) const {
    using tandem::test::detail::put;
    const bool is64 = xlen_ == 64;
    const unsigned ehsize = is64 ? 64 : 52, phsize = is64 ? 56 : 32;
    const uint64_t code_off = 0x1000;
    const uint64_t data_off = (code_off + code.size() + 0xfff) & ~uint64_t(0xfff);
    std::vector<uint8_t> f(data_off + data_.size(), 0);
    f[0] = 0x7f, f[1] = 'E', f[2] = 'L', f[3] = 'F', f[4] = is64 ? 2 : 1, f[5] = 1, f[6] = 1;
    put(f, 16, 2, 2);    // ET_EXEC
    put(f, 18, 243, 2);  // EM_RISCV
    put(f, 20, 1, 4);
    if (is64) {
      put(f, 24, kCodeBase, 8), put(f, 32, ehsize, 8), put(f, 40, 0, 8), put(f, 48, 1, 4);
      put(f, 52, ehsize, 2), put(f, 54, phsize, 2), put(f, 56, 2, 2), put(f, 58, 64, 2);
    } else {
      put(f, 24, kCodeBase, 4), put(f, 28, ehsize, 4), put(f, 32, 0, 4), put(f, 36, 1, 4);
      put(f, 40, ehsize, 2), put(f, 42, phsize, 2), put(f, 44, 2, 2), put(f, 46, 40, 2);
    }
    struct Seg { uint64_t off, vaddr, size; uint32_t flags; };
    const Seg segs[2] = {{code_off, kCodeBase, code.size(), 5}, {data_off, kDataBase, data_.size(), 6}};
    for (unsigned i = 0; i < 2; ++i) {
      const size_t p = ehsize + i * phsize;
      const Seg& s = segs[i];
      if (is64) {
        put(f, p, 1, 4), put(f, p + 4, s.flags, 4), put(f, p + 8, s.off, 8), put(f, p + 16, s.vaddr, 8);
        put(f, p + 24, s.vaddr, 8), put(f, p + 32, s.size, 8), put(f, p + 40, s.size, 8), put(f, p + 48, 0x1000, 8);
      } else {
        put(f, p, 1, 4), put(f, p + 4, s.off, 4), put(f, p + 8, s.vaddr, 4), put(f, p + 12, s.vaddr, 4);
        put(f, p + 16, s.size, 4), put(f, p + 20, s.size, 4), put(f, p + 24, s.flags, 4), put(f, p + 28, 0x1000, 4);
      }
    }
    std::memcpy(f.data() + code_off, code.data(), code.size());
    if (!data_.empty()) std::memcpy(f.data() + data_off, data_.data(), data_.size());
    *code_offset = code_off;
    return f;
  }

  // --- emission ------------------------------------------------------------------------------
  Rng& r() { return *rng_; }
  void line(uint8_t size, std::string text, int label = -1) {
    blk_->lines.push_back(Line{a_.here(), size, kind_, std::move(text), label,
                               kind_ == LineKind::overhead ? UINT32_MAX : uint32_t(group_)});
    if (kind_ == LineKind::overhead) ++overhead_;
    else ++blk_->random_static;
  }
  void e(uint32_t word, std::string text) { line(4, std::move(text)); a_.emit(word); }
  void c(uint16_t word, std::string text) { line(2, std::move(text)); a_.emit16(word); }
  rv::Label newlabel() { ++nlabels_; return a_.label(); }
  uint64_t val(uint64_t v) const { return xlen_ == 32 ? uint64_t(int64_t(int32_t(uint32_t(v)))) : v; }
  std::string hex(uint64_t v) const { return fmt("0x%llx", (unsigned long long)(xlen_ == 32 ? uint32_t(v) : v)); }

  // li as lui/addi(w)/slli parts; `safe_points`: jumps may land between the parts.
  void li(Reg rd, uint64_t v, bool safe_points = false) {
    rv::Asm t(xlen_, 0);
    t.li(rd, v);
    const std::vector<uint8_t> b = t.finish();
    const size_t n = b.size() / 4;
    for (size_t i = 0; i < n; ++i) {
      if (i && safe_points) bind_due(true);
      uint32_t word = 0;
      std::memcpy(&word, b.data() + 4 * i, 4);
      e(word, n == 1 ? fmt("li %s, %s", X(rd), hex(v).c_str())
                     : fmt("li %s, %s  (part %zu/%zu)", X(rd), hex(v).c_str(), i + 1, n));
    }
  }

  // --- registers -----------------------------------------------------------------------------
  bool writable(unsigned reg) const {
    return reg != 0 && reg != 2 && reg != B_ && !(forbid_ & (1u << reg));
  }
  void wrote(Reg reg) {
    if (reg == 0) return;
    recent_[recent_n_++ % 6] = reg;
  }
  // A destination: never sp, B or a reserved loop counter; x0 with `zero_pct` percent.
  Reg rd_any(unsigned zero_pct = 3) {
    if (zero_pct && r().chance(zero_pct)) return rv::x0;
    for (;;) {
      const unsigned reg = 1 + unsigned(r().below(31));
      if (writable(reg)) { wrote(Reg(reg)); return Reg(reg); }
    }
  }
  Reg rd_any_except(Reg no) {
    for (;;) {
      Reg reg = rd_any(0);
      if (reg != no) return reg;
    }
  }
  // A destination among x8..x15 (the compressed r' registers).
  Reg rd_c() {
    for (;;) {
      const unsigned reg = 8 + unsigned(r().below(8));
      if (writable(reg)) { wrote(Reg(reg)); return Reg(reg); }
    }
  }
  // A source: biased towards recently written registers, so results feed later instructions.
  Reg src() {
    if (recent_n_ && r().chance(35)) return recent_[r().below(recent_n_ < 6 ? recent_n_ : 6)];
    if (r().chance(5)) return rv::x0;
    return Reg(r().below(32));
  }
  Reg src_c() {
    if (recent_n_ && r().chance(25)) {
      const Reg reg = recent_[r().below(recent_n_ < 6 ? recent_n_ : 6)];
      if (reg >= 8 && reg <= 15) return reg;
    }
    return Reg(8 + r().below(8));
  }

  // --- values --------------------------------------------------------------------------------
  uint64_t edge() { return kEdges[r().below(sizeof kEdges / sizeof kEdges[0])]; }
  uint64_t rand_value() {
    switch (r().below(12)) {
      case 0: case 1: case 2: return edge();
      case 3: return uint64_t(r().range(-64, 64));
      case 4: {
        const uint64_t v = 1ull << r().below(64);
        return r().chance(30) ? ~v : r().chance(40) ? v - 1 : v;
      }
      case 5: return uint64_t(int64_t(int32_t(uint32_t(r().next()))));
      case 6: return uint32_t(r().next());
      case 7: {
        const uint64_t v = r().next(), m = r().next();
        uint64_t mask = 0;
        for (unsigned i = 0; i < 8; ++i)
          if ((m >> i) & 1) mask |= 0xffull << (8 * i);
        return v & mask;
      }
      case 8: return edge() + uint64_t(r().range(-3, 3));
      default: return r().next();
    }
  }
  int32_t imm12() {
    static const int32_t edges[] = {0, 1, -1, 2, 2047, -2048, 2046, -2047, 31, 32, 63, 64, 0x7f, 0xff};
    switch (r().below(8)) {
      case 0: return edges[r().below(sizeof edges / sizeof edges[0])];
      case 1: return int32_t(r().range(-16, 16));
      default: return int32_t(r().range(-2048, 2047));
    }
  }
  uint32_t imm20() {
    static const uint32_t edges[] = {0, 1, 0x7ffff, 0x80000, 0xfffff, 0x80001, 0x7fffe, 0xff000};
    if (r().chance(25)) return edges[r().below(sizeof edges / sizeof edges[0])];
    return uint32_t(r().below(1u << 20));
  }
  unsigned shamt(unsigned max) {
    if (r().chance(25)) {
      const unsigned edges[] = {0, 1, max - 1, max / 2, max / 2 - 1, max / 2 + 1};
      return edges[r().below(6)];
    }
    return unsigned(r().below(max));
  }
  // A position in the buffer for an access of `width` bytes; half of them in a 64-byte hot
  // window so stores and loads meet.
  uint64_t pos(unsigned width, bool aligned) {
    uint64_t p = r().chance(50) ? hot_ + r().below(64) : r().below(kBufSize - width + 1);
    if (p > kBufSize - width) p = kBufSize - width;
    if (aligned || r().chance(70)) p &= ~uint64_t(width - 1);
    return p;
  }

  // --- forward control flow --------------------------------------------------------------------
  struct Pending { rv::Label label; uint64_t target_group; uint64_t deadline; };
  // Call before emitting the branch (here() is the branch's pc).
  void forward(rv::Label l, uint64_t max_offset) {
    uint64_t d = 1 + r().below(4);
    if (r().chance(30)) d += r().below(12);
    pending_.push_back(Pending{l, group_ + d, a_.here() + max_offset});
  }
  // Binds the labels due here.  Inside a group (`internal`), labels due at this group bind with
  // probability 1/2, so jumps land on safe points inside groups too.
  void bind_due(bool internal) {
    for (size_t i = 0; i < pending_.size();) {
      const Pending& p = pending_[i];
      const bool due = p.target_group <= group_ && (!internal || r().chance(50));
      if (due || a_.here() + kMaxGroup > p.deadline) {
        a_.bind(p.label);
        pending_.erase(pending_.begin() + long(i));
      } else {
        ++i;
      }
    }
  }

  // --- groups --------------------------------------------------------------------------------
  void alu_r() {
    const ROp& op = pick(r(), kAlu, xlen_);
    const Reg a = src(), b = src(), d = rd_any();
    e(op.enc(d, a, b), fmt("%s %s, %s, %s", op.name, X(d), X(a), X(b)));
  }
  void alu_i() {
    const IOp& op = pick(r(), kImm, xlen_);
    const Reg a = src(), d = rd_any();
    const int32_t imm = imm12();
    e(op.enc(d, a, imm), fmt("%s %s, %s, %d", op.name, X(d), X(a), imm));
  }
  void shift_i() {
    const ShOp& op = pick(r(), kShift, xlen_);
    const Reg a = src(), d = rd_any();
    const unsigned sh = shamt(xlen_ == 64 ? op.max64 : op.max32);
    e(op.enc(d, a, int32_t(sh)), fmt("%s %s, %s, %u", op.name, X(d), X(a), sh));
  }
  void upper() {
    const Reg d = rd_any();
    const uint32_t imm = imm20();
    if (r().chance(50)) e(rv::lui(d, imm), fmt("lui %s, 0x%x", X(d), imm));
    else e(rv::auipc(d, imm), fmt("auipc %s, 0x%x", X(d), imm));
  }
  void rop(const ROp& op) {
    const Reg a = src(), b = src(), d = rd_any();
    e(op.enc(d, a, b), fmt("%s %s, %s, %s", op.name, X(d), X(a), X(b)));
  }
  void mul() { rop(pick(r(), kMul, xlen_)); }
  void div() { rop(pick(r(), kDiv, xlen_)); }
  void zba() { rop(pick(r(), kZba, xlen_)); }
  void zbb() { rop(pick(r(), kZbb, xlen_)); }
  // M on the operands that matter: division by zero, INT_MIN / -1, and friends.
  void m_edge() {
    static const uint64_t lhs[] = {0x8000000000000000ull, 0xffffffff80000000ull, 0x80000000ull, ~0ull, 0, 1,
                                   0x7fffffffffffffffull, 0x7fffffffull, 0xffffffffull};
    static const uint64_t rhs[] = {~0ull, 0, 1, 0xffffffffull, 0xffffffff00000000ull, 2, 0x100000000ull};
    const Reg a = rd_any(0), b = rd_any_except(a);
    li(a, r().chance(80) ? lhs[r().below(sizeof lhs / sizeof lhs[0])] : rand_value());
    li(b, r().chance(80) ? rhs[r().below(sizeof rhs / sizeof rhs[0])] : rand_value());
    const ROp& op = r().chance(70) ? pick(r(), kDiv, xlen_) : pick(r(), kMul, xlen_);
    const Reg d = rd_any();
    e(op.enc(d, a, b), fmt("%s %s, %s, %s", op.name, X(d), X(a), X(b)));
  }
  void unary_on(Reg a) {
    const UOp& op = pick(r(), kUnary, xlen_);
    const Reg d = rd_any();
    if (std::strcmp(op.name, "zext.h") == 0) {
      e(rv::zext_h(xlen_, d, a), fmt("zext.h %s, %s", X(d), X(a)));
    } else if (std::strcmp(op.name, "rev8") == 0) {
      e(rv::rev8(xlen_, d, a), fmt("rev8 %s, %s", X(d), X(a)));
    } else if (std::strcmp(op.name, "ctzw") == 0 && o_.qemu_workarounds) {
      ctzw_guarded(d, a);
    } else {
      e(op.enc(d, a), fmt("%s %s, %s", op.name, X(d), X(a)));
    }
  }
  void unary() { unary_on(src()); }
  void unary_edge() {
    const Reg a = rd_any(0);
    li(a, r().chance(70) ? edge() : rand_value());
    unary_on(a);
  }
  // qemu 7.2 deviation (docs/difffuzz.md): ctzw of a value whose low 32 bits are zero gives the
  // 64-bit trailing-zero count instead of 32.  That is wrong exactly when the low 33 bits are
  // zero and the value is not zero (bit 32 set gives 32 by coincidence).  Those inputs are
  // skipped at run time; every other input reaches ctzw.
  void ctzw_guarded(Reg d, Reg a) {
    const LineKind k = kind_;
    kind_ = LineKind::structural;
    const Reg t = rd_any_except(a);
    rv::Label run = newlabel(), skip = newlabel();
    e(rv::slli(t, a, 31), fmt("slli %s, %s, 31   (guard: qemu ctzw)", X(t), X(a)));
    line(4, fmt("bne %s, x0", X(t)), run.id);
    a_.bne(t, rv::x0, run);
    line(4, fmt("beq %s, x0", X(a)), run.id);
    a_.beq(a, rv::x0, run);
    line(4, "j", skip.id);
    a_.j(skip);
    a_.bind(run);
    kind_ = k;
    e(rv::ctzw(d, a), fmt("ctzw %s, %s", X(d), X(a)));
    a_.bind(skip);
  }

  // A fresh register set to B + o: addi, or li + add (either operand order), or li + c.mv + c.add.
  // The add forms followed by a load are the pairs the decoder fuses into indexed loads.  The
  // set-up is structural: the access after it relies on it.
  Reg computed_base(int32_t o, bool compressed_reg) {
    const Reg base = compressed_reg ? rd_c() : rd_any(0);
    const unsigned form = unsigned(r().below(4));
    if (form < 2) {
      structural(rv::addi(base, Reg(B_), o), fmt("addi %s, %s, %d", X(base), X(B_), o));
      return base;
    }
    const Reg idx = rd_any_except(base);
    structural(rv::addi(idx, rv::x0, o), fmt("li %s, %d", X(idx), o));
    if (form == 2) {
      const bool swap = r().chance(50);
      const Reg a = swap ? idx : Reg(B_), b = swap ? Reg(B_) : idx;
      structural(rv::add(base, a, b), fmt("add %s, %s, %s", X(base), X(a), X(b)));
    } else {
      structural16(rv::c_mv(base, Reg(B_)), fmt("c.mv %s, %s", X(base), X(B_)));
      structural16(rv::c_add(base, idx), fmt("c.add %s, %s", X(base), X(idx)));
    }
    return base;
  }

  enum class Base { any, sp };
  // A base register and immediate reaching buffer position p: B, sp, or a fresh register set to
  // B + o (the set-up is structural).
  std::pair<Reg, int32_t> address(uint64_t p, Base want) {
    const unsigned roll = unsigned(r().below(100));
    if (want == Base::sp || roll < 15) return {rv::sp, int32_t(int64_t(p) - int64_t(sp_off_))};
    if (roll < 60) return {Reg(B_), int32_t(int64_t(p) - int64_t(kBufCentre))};
    const int32_t o = int32_t(r().range(-int64_t(kBufCentre), int64_t(kBufCentre) - 1));
    const Reg base = computed_base(o, false);
    return {base, int32_t(int64_t(p) - int64_t(kBufCentre) - o)};
  }
  void structural(uint32_t word, std::string text) {
    const LineKind k = kind_;
    if (kind_ != LineKind::filler) kind_ = LineKind::structural;
    e(word, std::move(text));
    kind_ = k;
  }
  void structural16(uint16_t word, std::string text) {
    const LineKind k = kind_;
    if (kind_ != LineKind::filler) kind_ = LineKind::structural;
    c(word, std::move(text));
    kind_ = k;
  }
  void load(Base want = Base::any) {
    const MemOp& op = pick(r(), kLoads, xlen_);
    const auto [base, imm] = address(pos(op.width, false), want);
    const Reg d = rd_any();
    e(op.enc(d, base, imm), fmt("%s %s, %d(%s)", op.name, X(d), imm, X(base)));
  }
  void store(Base want = Base::any) {
    const MemOp& op = pick(r(), kStores, xlen_);
    const auto [base, imm] = address(pos(op.width, false), want);
    const Reg v = src();
    e(op.enc(v, base, imm), fmt("%s %s, %d(%s)", op.name, X(v), imm, X(base)));
  }

  // Compressed integer computation (and the HINT encodings, which must do nothing).
  void c_alu() {
    const bool rv64 = xlen_ == 64;
    const unsigned shmax = rv64 ? 64 : 32;
    switch (r().below(rv64 ? 19 : 16)) {
      case 0: {
        const Reg d = rd_any(0);
        int32_t imm = int32_t(r().range(-32, 31));
        if (!imm) imm = 1;
        c(rv::c_addi(d, imm), fmt("c.addi %s, %d", X(d), imm));
        break;
      }
      case 1: {
        const Reg d = rd_any(0);
        const int32_t imm = int32_t(r().range(-32, 31));
        c(rv::c_li(d, imm), fmt("c.li %s, %d", X(d), imm));
        break;
      }
      case 2: {
        const Reg d = rd_any(0);  // never sp (c.addi16sp's encoding)
        int32_t imm = int32_t(r().range(-32, 31));
        if (!imm) imm = -32;
        c(rv::c_lui(d, imm), fmt("c.lui %s, %d", X(d), imm));
        break;
      }
      case 3: case 4: {
        const Reg d = rd_c();
        const unsigned sh = 1 + unsigned(r().below(shmax - 1));
        const bool arith = r().chance(50);
        c(arith ? rv::c_srai(d, sh) : rv::c_srli(d, sh), fmt("%s %s, %u", arith ? "c.srai" : "c.srli", X(d), sh));
        break;
      }
      case 5: {
        const Reg d = rd_c();
        const int32_t imm = int32_t(r().range(-32, 31));
        c(rv::c_andi(d, imm), fmt("c.andi %s, %d", X(d), imm));
        break;
      }
      case 6: case 7: {
        static const char* const names[] = {"c.sub", "c.xor", "c.or", "c.and"};
        static uint16_t (*const encs[])(Reg, Reg) = {rv::c_sub, rv::c_xor, rv::c_or, rv::c_and};
        const unsigned k = unsigned(r().below(4));
        const Reg s = src_c(), d = rd_c();
        c(encs[k](d, s), fmt("%s %s, %s", names[k], X(d), X(s)));
        break;
      }
      case 8: {
        const Reg d = rd_any(0);
        const unsigned sh = 1 + unsigned(r().below(shmax - 1));
        c(rv::c_slli(d, sh), fmt("c.slli %s, %u", X(d), sh));
        break;
      }
      case 9: case 10: {
        Reg s = src();
        if (s == rv::x0) s = rv::x1;
        const Reg d = rd_any(0);
        const bool add = r().chance(50);
        c(add ? rv::c_add(d, s) : rv::c_mv(d, s), fmt("%s %s, %s", add ? "c.add" : "c.mv", X(d), X(s)));
        break;
      }
      case 11: c(rv::c_nop(), "c.nop"); break;
      case 12: {
        const Reg d = rd_c();
        const uint32_t imm = 4 * uint32_t(r().range(1, 255));
        c(rv::c_addi4spn(d, imm), fmt("c.addi4spn %s, sp, %u", X(d), imm));
        break;
      }
      case 13: case 14: case 15: hint(); break;
      case 16: {
        const Reg d = rd_any(0);
        const int32_t imm = int32_t(r().range(-32, 31));
        c(rv::c_addiw(d, imm), fmt("c.addiw %s, %d", X(d), imm));
        break;
      }
      default: {
        const Reg s = src_c(), d = rd_c();
        const bool add = r().chance(50);
        c(add ? rv::c_addw(d, s) : rv::c_subw(d, s), fmt("%s %s, %s", add ? "c.addw" : "c.subw", X(d), X(s)));
        break;
      }
    }
  }
  // HINTs: encodings the ISA reserves as no-ops (rd = x0, or a zero immediate/shift).
  void hint() {
    const unsigned shmax = xlen_ == 64 ? 64 : 32;
    switch (r().below(9)) {
      case 0: {
        int32_t imm = int32_t(r().range(-32, 31));
        if (!imm) imm = 5;
        c(rv::c_addi(rv::x0, imm), fmt("c.nop %d   (hint)", imm));
        break;
      }
      case 1: {
        const Reg d = rd_any(0);
        c(rv::c_addi(d, 0), fmt("c.addi %s, 0   (hint)", X(d)));
        break;
      }
      case 2: c(rv::c_li(rv::x0, int32_t(r().range(-32, 31))), "c.li x0, imm   (hint)"); break;
      case 3: c(rv::c_lui(rv::x0, 1 + int32_t(r().below(31))), "c.lui x0, imm   (hint)"); break;
      case 4: {
        const Reg s = Reg(1 + r().below(31));
        c(rv::c_mv(rv::x0, s), fmt("c.mv x0, %s   (hint)", X(s)));
        break;
      }
      case 5: {
        const Reg s = Reg(1 + r().below(31));
        c(rv::c_add(rv::x0, s), fmt("c.add x0, %s   (hint)", X(s)));
        break;
      }
      case 6: c(rv::c_slli(rv::x0, 1 + unsigned(r().below(shmax - 1))), "c.slli x0, sh   (hint)"); break;
      case 7: {
        const Reg d = rd_any(0);
        c(rv::c_slli(d, 0), fmt("c.slli %s, 0   (hint)", X(d)));
        break;
      }
      default: {
        const Reg d = rd_c();
        const bool arith = r().chance(50);
        c(arith ? rv::c_srai(d, 0) : rv::c_srli(d, 0), fmt("%s %s, 0   (hint)", arith ? "c.srai" : "c.srli", X(d)));
        break;
      }
    }
  }
  // c.lw / c.sw / c.ld / c.sd from B or from a register set to B + o (any alignment).
  void c_mem() {
    const bool dbl = xlen_ == 64 && r().chance(50);
    const bool st = r().chance(50);
    const unsigned scale = dbl ? 8 : 4, max = dbl ? 248 : 124;
    Reg base = Reg(B_);
    if (r().chance(50)) {
      const int32_t o = int32_t(r().range(-int64_t(kBufCentre), int64_t(kBufSize - kBufCentre - 256)));
      base = computed_base(o, true);
    }
    const uint32_t off = scale * uint32_t(r().below(max / scale + 1));
    const char* name = st ? (dbl ? "c.sd" : "c.sw") : (dbl ? "c.ld" : "c.lw");
    if (st) {
      const Reg v = src_c();
      c(dbl ? rv::c_sd(v, base, off) : rv::c_sw(v, base, off), fmt("%s %s, %u(%s)", name, X(v), off, X(base)));
    } else {
      const Reg d = rd_c();
      c(dbl ? rv::c_ld(d, base, off) : rv::c_lw(d, base, off), fmt("%s %s, %u(%s)", name, X(d), off, X(base)));
    }
  }
  void c_spmem() {
    const bool dbl = xlen_ == 64 && r().chance(50);
    const bool st = r().chance(50);
    const unsigned scale = dbl ? 8 : 4, max = dbl ? 504 : 252;
    const uint32_t off = scale * uint32_t(r().below(max / scale + 1));
    const char* name = st ? (dbl ? "c.sdsp" : "c.swsp") : (dbl ? "c.ldsp" : "c.lwsp");
    if (st) {
      const Reg v = src();
      c(dbl ? rv::c_sdsp(v, off) : rv::c_swsp(v, off), fmt("%s %s, %u(sp)", name, X(v), off));
    } else {
      const Reg d = rd_any(0);
      c(dbl ? rv::c_ldsp(d, off) : rv::c_lwsp(d, off), fmt("%s %s, %u(sp)", name, X(d), off));
    }
  }
  // Moves sp within the buffer (c.addi16sp, or addi for a misaligned sp), uses it, moves it back.
  void sp_move() {
    const bool c16 = r().chance(70);
    int32_t d = c16 ? 16 * int32_t(r().range(-31, 31)) : int32_t(r().range(-496, 496));
    if (!d) d = 16;
    auto adjust = [&](int32_t by) {
      if (c16) structural16(rv::c_addi16sp(by), fmt("c.addi16sp sp, %d", by));
      else structural(rv::addi(rv::sp, rv::sp, by), fmt("addi sp, sp, %d", by));
    };
    adjust(d);
    sp_off_ = int64_t(kSpHome) + d;
    for (uint64_t n = 1 + r().below(3); n; --n) {
      switch (r().below(4)) {
        case 0: case 1: c_spmem(); break;
        case 2: if (r().chance(50)) load(Base::sp); else store(Base::sp); break;
        default: {
          const Reg rd = rd_c();
          const uint32_t imm = 4 * uint32_t(r().range(1, 255));
          c(rv::c_addi4spn(rd, imm), fmt("c.addi4spn %s, sp, %u", X(rd), imm));
        }
      }
    }
    adjust(-d);
    sp_off_ = int64_t(kSpHome);
  }
  // An aligned address for an atomic: B, sp, or a register set to B + o.
  Reg amo_address(unsigned width) {
    const unsigned roll = unsigned(r().below(100));
    if (roll < 15) return Reg(B_);
    if (roll < 25 && sp_off_ % width == 0) return rv::sp;
    return computed_base(int32_t(int64_t(pos(width, true)) - int64_t(kBufCentre)), false);
  }
  void amo() {
    const unsigned width = xlen_ == 64 && r().chance(50) ? 8 : 4;
    const AmoOp& op = kAmos[r().below(sizeof kAmos / sizeof kAmos[0])];
    const Reg base = amo_address(width);
    const Reg v = src(), d = rd_any(5);
    const bool aq = r().chance(25), rl = r().chance(25);
    e(rv::amo(op.f5, width == 8 ? 3 : 2, d, base, v, aq, rl),
      fmt("%s.%c%s%s %s, %s, (%s)", op.name, width == 8 ? 'd' : 'w', aq ? ".aq" : "", rl ? ".rl" : "", X(d), X(v),
          X(base)));
  }
  // lr/sc.  Only cases qemu and the spec agree on (docs/difffuzz.md): an lr and an sc of the
  // same size and address with only register arithmetic between them (succeeds), an sc with no
  // reservation (fails), an sc to another address than the lr's (fails).  Every lr is followed
  // by an sc, so no reservation outlives its group.
  void lrsc() {
    const LineKind k = kind_;
    const bool dbl = xlen_ == 64 && r().chance(50);
    const unsigned width = dbl ? 8 : 4;
    const char sz = dbl ? 'd' : 'w';
    const unsigned variant = unsigned(r().below(100));
    const uint32_t saved = forbid_;
    kind_ = LineKind::structural;
    Reg base = amo_address(width);
    forbid_ |= 1u << base;
    if (variant >= 15) {
      const Reg d = rd_any(5);
      e(dbl ? rv::lr_d(d, base) : rv::lr_w(d, base), fmt("lr.%c %s, (%s)", sz, X(d), X(base)));
    }
    kind_ = k;
    if (variant >= 25) {
      for (uint64_t n = r().below(4); n; --n) {
        switch (r().below(4)) {
          case 0: alu_r(); break;
          case 1: alu_i(); break;
          case 2: shift_i(); break;
          default: c_alu(); break;
        }
      }
    } else if (variant >= 15) {
      forbid_ = saved;
      kind_ = LineKind::structural;
      Reg other = base;
      for (unsigned tries = 0; other == base && tries < 8; ++tries) other = amo_address(width);
      if (other == base) {  // could not find another address: make one
        other = rd_any_except(base);
        const int32_t o = int32_t(int64_t(pos(width, true) ^ width) - int64_t(kBufCentre));
        e(rv::addi(other, Reg(B_), o), fmt("addi %s, %s, %d", X(other), X(B_), o));
      }
      base = other;
    }
    forbid_ = saved;
    kind_ = LineKind::structural;
    const Reg v = src(), d = rd_any(5);
    e(dbl ? rv::sc_d(d, v, base) : rv::sc_w(d, v, base), fmt("sc.%c %s, %s, (%s)", sz, X(d), X(v), X(base)));
    kind_ = k;
  }

  void branch() {
    const BrOp& op = kBranches[r().below(6)];
    const Reg a = src(), b = r().chance(15) ? a : src();
    const rv::Label l = newlabel();
    forward(l, 4094);
    line(4, fmt("%s %s, %s", op.name, X(a), X(b)), l.id);
    a_.branch(op.enc, a, b, l);
  }
  void c_branch() {
    const Reg a = src_c();
    const bool z = r().chance(50);
    const rv::Label l = newlabel();
    forward(l, 254);
    line(2, fmt("%s %s", z ? "c.beqz" : "c.bnez", X(a)), l.id);
    if (z) a_.c_beqz(a, l);
    else a_.c_bnez(a, l);
  }
  void jal() {
    const Reg d = r().chance(50) ? rv::x0 : rd_any(0);
    const rv::Label l = newlabel();
    forward(l, (1u << 20) - 2);
    line(4, fmt("jal %s", X(d)), l.id);
    a_.jal(d, l);
  }
  void c_j() {
    const rv::Label l = newlabel();
    forward(l, 2046);
    // c.jal (RV32) writes ra: only when ra is not a reserved loop counter.
    if (xlen_ == 32 && writable(1) && r().chance(50)) {
      wrote(rv::x1);
      line(2, "c.jal", l.id);
      a_.c_jal(l);
    } else {
      line(2, "c.j", l.id);
      a_.c_j(l);
    }
  }
  // Indirect jumps over a few never-executed filler instructions: auipc + jalr (the pair the
  // decoder fuses when rd is the same), auipc + addi + c.jr / c.jalr / jalr.  Sometimes with
  // bit 0 of the target set, which jalr ignores.
  void indirect() {
    const Reg t = rd_any(0);
    const unsigned n = unsigned(r().below(4));
    const int32_t odd = r().chance(30) ? 1 : 0;
    const unsigned variant = unsigned(r().below(4));
    structural(rv::auipc(t, 0), fmt("auipc %s, 0", X(t)));
    const uint64_t from = a_.here() - 4;
    switch (variant) {
      case 0: {
        const Reg d = r().chance(40) ? t : r().chance(50) ? rv::x0 : rd_any(0);
        const int32_t k = int32_t(8 + 4 * n) + odd;
        e(rv::jalr(d, t, k), fmt("jalr %s, %d(%s)   -> 0x%llx", X(d), k, X(t), (unsigned long long)(from + (k & ~1))));
        break;
      }
      case 1: case 2: {
        const int32_t k = int32_t(10 + 4 * n) + odd;
        structural(rv::addi(t, t, k), fmt("addi %s, %s, %d", X(t), X(t), k));
        if (variant == 1) {
          c(rv::c_jr(t), fmt("c.jr %s   -> 0x%llx", X(t), (unsigned long long)(from + (k & ~1))));
        } else {
          wrote(rv::x1);  // x1 is never reserved outside loops
          c(rv::c_jalr(t), fmt("c.jalr %s   -> 0x%llx", X(t), (unsigned long long)(from + (k & ~1))));
        }
        break;
      }
      default: {
        const int32_t j = int32_t(r().range(-16, 16));
        const int32_t k = int32_t(12 + 4 * n) + odd;
        structural(rv::addi(t, t, k - j), fmt("addi %s, %s, %d", X(t), X(t), k - j));
        const Reg d = r().chance(50) ? rv::x0 : rd_any(0);
        e(rv::jalr(d, t, j), fmt("jalr %s, %d(%s)   -> 0x%llx", X(d), j, X(t), (unsigned long long)(from + (k & ~1))));
        break;
      }
    }
    const LineKind k = kind_;
    kind_ = LineKind::filler;
    for (unsigned i = 0; i < n; ++i) {
      if (r().chance(50)) alu_r();
      else alu_i();
    }
    kind_ = k;
  }
  // A counted loop: counter C reserved, a body of straight-line instructions, and one of the
  // decrement-and-branch shapes (several of which the decoder fuses).
  void loop() {
    const unsigned shape = unsigned(r().below(7));
    const bool compressed = shape == 4;
    const LineKind k = kind_;
    kind_ = LineKind::structural;
    const Reg ctr = compressed ? rd_c() : rd_any(0);
    const int32_t n = int32_t(r().range(1, 4));
    if (shape == 5) e(rv::addi(ctr, rv::x0, -n), fmt("li %s, %d   (loop counter)", X(ctr), -n));
    else if (compressed) c(rv::c_li(ctr, n), fmt("c.li %s, %d   (loop counter)", X(ctr), n));
    else e(rv::addi(ctr, rv::x0, n), fmt("li %s, %d   (loop counter)", X(ctr), n));
    const uint32_t saved = forbid_;
    forbid_ |= 1u << ctr;
    const rv::Label top = newlabel();
    a_.bind(top);
    kind_ = k;
    const uint64_t body = a_.here();
    for (uint64_t m = 1 + r().below(5); m && a_.here() - body < 64; --m) straight();
    forbid_ = saved;
    kind_ = LineKind::structural;
    auto dec = [&](int32_t by) { e(rv::addi(ctr, ctr, by), fmt("addi %s, %s, %d", X(ctr), X(ctr), by)); };
    switch (shape) {
      case 0: dec(-1); line(4, fmt("bne %s, x0", X(ctr)), top.id); a_.bne(ctr, rv::x0, top); break;
      case 1: dec(-1); line(4, fmt("bne x0, %s", X(ctr)), top.id); a_.bne(rv::x0, ctr, top); break;
      case 2: dec(-1); line(4, fmt("blt x0, %s", X(ctr)), top.id); a_.blt(rv::x0, ctr, top); break;
      case 3: dec(-1); line(4, fmt("bge %s, x0", X(ctr)), top.id); a_.bge(ctr, rv::x0, top); break;
      case 4:
        c(rv::c_addi(ctr, -1), fmt("c.addi %s, -1", X(ctr)));
        line(2, fmt("c.bnez %s", X(ctr)), top.id);
        a_.c_bnez(ctr, top);
        break;
      case 5: dec(1); line(4, fmt("blt %s, x0", X(ctr)), top.id); a_.blt(ctr, rv::x0, top); break;
      default: dec(-1); line(4, fmt("bltu x0, %s", X(ctr)), top.id); a_.bltu(rv::x0, ctr, top); break;
    }
    kind_ = k;
  }
  // addi rd, rd, i followed by a forward branch on rd: the shape the decoder fuses.
  void addi_branch() {
    const Reg t = rd_any(0);
    const int32_t imm = r().chance(70) ? int32_t(r().range(-16, 16)) : imm12();
    const bool comp = t >= 8 && t <= 15 && imm != 0 && imm >= -32 && imm < 32 && r().chance(40);
    if (comp) c(rv::c_addi(t, imm), fmt("c.addi %s, %d", X(t), imm));
    else e(rv::addi(t, t, imm), fmt("addi %s, %s, %d", X(t), X(t), imm));
    bind_due(true);
    const rv::Label l = newlabel();
    if (comp && r().chance(60)) {
      const bool z = r().chance(50);
      forward(l, 254);
      line(2, fmt("%s %s", z ? "c.beqz" : "c.bnez", X(t)), l.id);
      if (z) a_.c_beqz(t, l);
      else a_.c_bnez(t, l);
      return;
    }
    const BrOp& op = kBranches[r().below(6)];
    const Reg other = r().chance(30) ? rv::x0 : src();
    const bool swap = (op.enc == rv::beq || op.enc == rv::bne || r().chance(20)) && r().chance(40);
    const Reg a = swap ? other : t, b = swap ? t : other;
    forward(l, 4094);
    line(4, fmt("%s %s, %s", op.name, X(a), X(b)), l.id);
    a_.branch(op.enc, a, b, l);
  }
  // lui/auipc (or c.lui) then addi/addiw (or c.addi) on the same register: the pairs the decoder
  // fuses into one constant.  Jumps may land on the second instruction.
  void fuse_pair() {
    const Reg t = rd_any(0);
    const unsigned v = unsigned(r().below(5));
    if (v == 4) {
      int32_t hi = int32_t(r().range(-32, 31));
      if (!hi) hi = 31;
      c(rv::c_lui(t, hi), fmt("c.lui %s, %d", X(t), hi));
    } else if (v < 2) {
      const uint32_t hi = imm20();
      e(rv::lui(t, hi), fmt("lui %s, 0x%x", X(t), hi));
    } else {
      const uint32_t hi = imm20();
      e(rv::auipc(t, hi), fmt("auipc %s, 0x%x", X(t), hi));
    }
    bind_due(true);
    const int32_t lo = imm12();
    if (v == 4 && lo >= -32 && lo < 32 && lo != 0) {
      c(rv::c_addi(t, lo), fmt("c.addi %s, %d", X(t), lo));
    } else if (xlen_ == 64 && r().chance(50)) {
      e(rv::addiw(t, t, lo), fmt("addiw %s, %s, %d", X(t), X(t), lo));
    } else {
      e(rv::addi(t, t, lo), fmt("addi %s, %s, %d", X(t), X(t), lo));
    }
  }
  void li_group() { li(rd_any(0), rand_value(), true); }
  void fence() {
    switch (r().below(5)) {
      case 0: e(rv::fence(), "fence iorw, iorw"); break;
      case 1: e(rv::fence_i(), "fence.i"); break;
      case 2: e(0x8330000f, "fence.tso"); break;
      case 3: e(0x0100000f, "pause"); break;
      default: {
        const unsigned pred = 1 + unsigned(r().below(15)), succ = 1 + unsigned(r().below(15));
        e(rv::i_type(rv::op::MISC_MEM, 0, 0, 0, int32_t(pred << 4 | succ)), fmt("fence %u, %u", pred, succ));
      }
    }
  }

  // Straight-line instructions (loop bodies).
  void straight() {
    switch (r().below(14)) {
      case 0: case 1: alu_r(); break;
      case 2: alu_i(); break;
      case 3: shift_i(); break;
      case 4: mul(); break;
      case 5: div(); break;
      case 6: zba(); break;
      case 7: zbb(); break;
      case 8: unary(); break;
      case 9: load(); break;
      case 10: store(); break;
      case 11: c_alu(); break;
      case 12: c_mem(); break;
      default: amo(); break;
    }
  }

  void group() {
    bind_due(false);
    const uint64_t start = a_.here();
    struct K { unsigned weight; void (Gen::*fn)(); };
    static const K kinds[] = {
        {14, &Gen::alu_r},   {8, &Gen::alu_i},       {5, &Gen::shift_i},   {2, &Gen::upper},
        {4, &Gen::mul},      {4, &Gen::div},         {2, &Gen::m_edge},    {3, &Gen::zba},
        {4, &Gen::zbb},      {4, &Gen::unary},       {2, &Gen::unary_edge}, {7, &Gen::load_any},
        {7, &Gen::store_any}, {10, &Gen::c_alu},     {5, &Gen::c_mem},     {3, &Gen::c_spmem},
        {1, &Gen::sp_move},  {3, &Gen::amo},         {2, &Gen::lrsc},      {4, &Gen::branch},
        {2, &Gen::c_branch}, {1, &Gen::jal},         {1, &Gen::c_j},       {1, &Gen::indirect},
        {1, &Gen::loop},     {2, &Gen::addi_branch}, {2, &Gen::fuse_pair}, {2, &Gen::li_group},
        {1, &Gen::fence},
    };
    static const unsigned total = [] {
      unsigned t = 0;
      for (const K& k : kinds) t += k.weight;
      return t;
    }();
    uint64_t roll = r().below(total);
    for (const K& k : kinds) {
      if (roll < k.weight) { (this->*k.fn)(); break; }
      roll -= k.weight;
    }
    if (a_.here() - start > kMaxGroup) throw std::logic_error("difffuzz: a group outgrew kMaxGroup");
    ++group_;
  }
  void load_any() { load(); }
  void store_any() { store(); }

  Block block(unsigned id, size_t index) {
    Rng rng(mix_seed(o_.seed, id));
    rng_ = &rng;
    Block b;
    blk_ = &b;
    b.id = id;
    b.region = kDataBase + index * kRegionSize;
    b.base_reg = 8 + unsigned(rng.below(8));
    B_ = b.base_reg;
    sp_off_ = int64_t(kSpHome);
    hot_ = rng.below(kBufSize - 64 - 8 + 1);
    forbid_ = 0;
    recent_n_ = 0;
    uint8_t* region = data_.data() + index * kRegionSize;
    for (uint64_t i = 0; i < kBufSize; i += 8) {
      const uint64_t v = rng.chance(30) ? edge() : rng.next();
      std::memcpy(region + i, &v, 8);
    }
    b.seeds.assign(32, 0);
    for (unsigned i = 1; i < 32; ++i) {
      uint64_t v = rand_value();
      if (i == 2) v = b.region + kSpHome;
      if (i == B_) v = b.region + kBufCentre;
      b.seeds[i] = val(v);
      std::memcpy(region + kSeedsOff + w_ * (i - 1), &b.seeds[i], w_);
    }
    // Prologue: B, then every other register from the seed table.
    kind_ = LineKind::overhead;
    b.begin = a_.here();
    li(Reg(B_), b.region + kBufCentre);
    for (unsigned i = 1; i < 32; ++i) {
      if (i == B_) continue;
      const int32_t off = int32_t(kSeedsOff - kBufCentre + w_ * (i - 1));
      e(xlen_ == 64 ? rv::ld(Reg(i), Reg(B_), off) : rv::lw(Reg(i), Reg(B_), off),
        fmt("%s %s, %d(%s)   (seed)", xlen_ == 64 ? "ld" : "lw", X(i), off, X(B_)));
    }
    // The random part.
    kind_ = LineKind::random;
    group_ = 0;
    pending_.clear();
    while (b.random_static < o_.block_insns) group();
    for (const Pending& p : pending_) a_.bind(p.label);
    pending_.clear();
    // Epilogue: dump x1..x31 after the buffer, write(1, buffer, buffer + registers).
    kind_ = LineKind::overhead;
    for (unsigned i = 1; i < 32; ++i) {
      const int32_t off = int32_t(kRegsOff - kBufCentre + w_ * (i - 1));
      e(xlen_ == 64 ? rv::sd(Reg(i), Reg(B_), off) : rv::sw(Reg(i), Reg(B_), off),
        fmt("%s %s, %d(%s)   (dump)", xlen_ == 64 ? "sd" : "sw", X(i), off, X(B_)));
    }
    e(rv::addi(rv::a1, Reg(B_), -int32_t(kBufCentre)), fmt("addi x11, %s, -%u", X(B_), unsigned(kBufCentre)));
    li(rv::a2, kBufSize + 31 * w_);
    li(rv::a0, 1);
    li(rv::a7, 64);
    e(rv::ecall(), "ecall   (write)");
    b.end = a_.here();
    blk_ = nullptr;
    rng_ = nullptr;
    return b;
  }

  const Options& o_;
  const unsigned xlen_, w_;
  rv::Asm a_;
  std::vector<uint8_t> data_;
  int nlabels_ = 0;
  uint64_t overhead_ = 0;
  // Per block
  Rng* rng_ = nullptr;
  Block* blk_ = nullptr;
  LineKind kind_ = LineKind::overhead;
  unsigned B_ = 8;
  int64_t sp_off_ = int64_t(kSpHome);
  uint64_t hot_ = 0;
  uint32_t forbid_ = 0;
  Reg recent_[6] = {};
  unsigned recent_n_ = 0;
  uint64_t group_ = 0;
  std::vector<Pending> pending_;
};

}  // namespace

Case generate(const Options& options) { return Gen(options).run(); }

uint32_t line_bits(const Case& c, const Line& line) {
  const uint64_t off = c.code_offset + (line.addr - kCodeBase);
  uint32_t v = 0;
  for (unsigned i = 0; i < line.size && off + i < c.elf.size(); ++i) v |= uint32_t(c.elf[off + i]) << (8 * i);
  return v;
}

std::string format_line(const Case& c, const Line& line) {
  std::string s = line.size == 4 ? fmt("0x%08llx  %08x  ", (unsigned long long)line.addr, line_bits(c, line))
                                 : fmt("0x%08llx  %04x      ", (unsigned long long)line.addr, line_bits(c, line));
  s += line.text;
  if (line.label >= 0 && size_t(line.label) < c.labels.size())
    s += fmt("   -> 0x%llx", (unsigned long long)c.labels[size_t(line.label)]);
  if (line.kind == LineKind::filler) s += "   (skipped)";
  return s;
}

void patch_nop(Case& c, const Line& line) {
  const uint64_t off = c.code_offset + (line.addr - kCodeBase);
  if (line.size == 4) {
    const uint32_t nop = 0x00000013;
    std::memcpy(c.elf.data() + off, &nop, 4);
  } else {
    const uint16_t nop = 0x0001;
    std::memcpy(c.elf.data() + off, &nop, 2);
  }
}

}  // namespace tandem::difffuzz
