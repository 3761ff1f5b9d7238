// tests/difffuzz/difffuzz.cpp: tandem_difffuzz, differential fuzzing of the interpreter against
// qemu-user.  Each case (generator.h) runs under qemu-riscv64 / qemu-riscv32 as a child process
// and under tandem in-process through the public API; their stdout (every block's buffer and
// registers) must agree byte for byte.  See docs/difffuzz.md.
//
// Exit status: 0 no mismatch, 1 mismatches, 2 usage error, 77 qemu not installed.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "generator.h"
#include "tandem/tandem.h"

extern char** environ;

namespace {

using namespace tandem::difffuzz;
using Clock = std::chrono::steady_clock;

struct Config {
  std::vector<unsigned> xlens{64, 32};
  uint64_t seed = 0;
  bool seed_given = false;
  uint64_t instructions = 1000000;
  std::string keep_dir = "difffuzz-failures";
  unsigned blocks = 128;
  unsigned block_insns = 256;
  std::string qemu64 = "qemu-riscv64", qemu32 = "qemu-riscv32";
  long long only_case = -1;
  unsigned max_reports = 3;
  bool minimize = true;
  bool verbose = false;
  bool workarounds = true;
  bool stats = false;
};

void usage(FILE* f) {
  std::fprintf(f,
               "usage: tandem_difffuzz [options]\n"
               "  --xlen 32|64|both      ISA width(s) to fuzz (default both)\n"
               "  --seed S               master seed (default: random, printed)\n"
               "  --instructions N       random-part instructions to execute and compare, in total\n"
               "                         over the chosen widths (default 1000000; suffixes k, M, G)\n"
               "  --keep-dir DIR         where the ELF and report of a mismatching case are kept\n"
               "                         (default ./difffuzz-failures)\n"
               "  --blocks K             blocks per case, i.e. per qemu process (default 128)\n"
               "  --block-insns M        random instructions per block (default 256)\n"
               "  --case I               run only case I of the seed (reproduce a reported case)\n"
               "  --qemu64 P, --qemu32 P the qemu-user binaries (default: from PATH)\n"
               "  --max-reports R        detailed reports printed (default 3)\n"
               "  --no-minimize          do not reduce a mismatching block\n"
               "  --no-workarounds       also generate the inputs qemu is known to get wrong\n"
               "  --verbose              one line per case\n"
               "  --stats                count the generated instructions by mnemonic\n");
}

bool parse_u64(const std::string& s, uint64_t* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s.c_str(), &end, 0);
  if (errno) return false;
  uint64_t mul = 1;
  if (*end == 'k' || *end == 'K') mul = 1000, ++end;
  else if (*end == 'M') mul = 1000000, ++end;
  else if (*end == 'G') mul = 1000000000, ++end;
  if (*end) return false;
  *out = uint64_t(v) * mul;
  return true;
}

std::string find_executable(const std::string& name) {
  if (name.find('/') != std::string::npos) return access(name.c_str(), X_OK) == 0 ? name : "";
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    if (dir.empty()) continue;
    const std::string p = dir + "/" + name;
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return "";
}

std::string hexv(uint64_t v, unsigned xlen) {
  char b[32];
  if (xlen == 32) std::snprintf(b, sizeof b, "0x%08" PRIx32, uint32_t(v));
  else std::snprintf(b, sizeof b, "0x%016" PRIx64, v);
  return b;
}

bool write_file(const std::string& path, const std::vector<uint8_t>& bytes, mode_t mode) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  f.close();
  return f.good() && chmod(path.c_str(), mode) == 0;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// --- running -----------------------------------------------------------------------------------
struct QemuRun {
  pid_t pid = -1;
  std::string out_path, err_path;
};

QemuRun start_qemu(const std::string& qemu, const std::string& elf, const std::string& stem) {
  QemuRun q;
  q.out_path = stem + ".out";
  q.err_path = stem + ".err";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, q.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, q.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> argv{const_cast<char*>(qemu.c_str()), const_cast<char*>(elf.c_str()), nullptr};
  if (posix_spawn(&q.pid, qemu.c_str(), &fa, nullptr, argv.data(), environ) != 0) q.pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  return q;
}

struct QemuResult {
  bool exited = false;
  int code = -1;    // exit code, or the signal number when !exited
  bool timed_out = false;
  std::string out, err;
};

QemuResult finish_qemu(const QemuRun& q, double timeout_s) {
  QemuResult r;
  if (q.pid < 0) {
    r.err = "could not start qemu";
    return r;
  }
  const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
  int st = 0;
  for (;;) {
    const pid_t w = waitpid(q.pid, &st, WNOHANG);
    if (w == q.pid) break;
    if (w < 0 && errno != EINTR) break;
    if (Clock::now() > deadline) {
      kill(q.pid, SIGKILL);
      waitpid(q.pid, &st, 0);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  if (WIFEXITED(st)) r.exited = true, r.code = WEXITSTATUS(st);
  else if (WIFSIGNALED(st)) r.code = WTERMSIG(st);
  r.out = read_file(q.out_path);
  r.err = read_file(q.err_path);
  return r;
}

tandem::Result run_tandem(const Case& c) {
  tandem::Result bad;
  bad.status = tandem::Status::syscall_error;
  auto prog = tandem::Program::from_bytes(c.elf);
  if (!prog) {
    bad.message = "load: " + prog.error();
    return bad;
  }
  tandem::MachineOptions mo;
  mo.memory = 64ull << 20;
  mo.gas_limit = 4000000000ull;  // cases run ~10^5 instructions; a runaway loop is a generator bug
  auto m = tandem::Machine::create(*prog, std::move(mo));
  if (!m) {
    bad.message = "create: " + m.error();
    return bad;
  }
  return m->run();
}

// --- comparing ---------------------------------------------------------------------------------
struct Verdict {
  bool same = true;
  enum Kind { none, tandem_stopped, qemu_failed, output_differs } kind = none;
  size_t block = SIZE_MAX;  // first block whose dump differs (index into Case::blocks)
  tandem::Status status = tandem::Status::exited;
};

Verdict compare(const Case& c, const QemuResult& q, const tandem::Result& t) {
  Verdict v;
  const size_t ds = c.dump_size();
  if (!(t.status == tandem::Status::exited && t.exit_code == 0)) {
    v.same = false, v.kind = Verdict::tandem_stopped, v.status = t.status;
  } else if (!q.exited || q.code != 0) {
    v.same = false, v.kind = Verdict::qemu_failed;
  }
  if (v.kind == Verdict::none && q.out == t.stdout_data && q.out.size() == ds * c.blocks.size()) return v;
  for (size_t i = 0; i < c.blocks.size(); ++i) {
    const size_t off = i * ds;
    const bool have_q = q.out.size() >= off + ds, have_t = t.stdout_data.size() >= off + ds;
    if (!have_q || !have_t || std::memcmp(q.out.data() + off, t.stdout_data.data() + off, ds) != 0) {
      v.block = i;
      break;
    }
  }
  v.same = false;
  if (v.kind == Verdict::none) v.kind = Verdict::output_differs;
  return v;
}

uint64_t get(const std::string& s, size_t off, unsigned n) {
  uint64_t v = 0;
  if (off + n <= s.size()) std::memcpy(&v, s.data() + off, n);
  return v;
}

// What differs in one block's dump: registers, then buffer byte ranges.
std::string block_diff(const Case& c, size_t bi, const std::string& qo, const std::string& to) {
  std::string s;
  const size_t ds = c.dump_size(), base = bi * ds;
  const unsigned w = c.xlen / 8;
  if (qo.size() < base + ds || to.size() < base + ds) {
    s += "  dump missing (qemu " + std::to_string(qo.size()) + " bytes, tandem " + std::to_string(to.size()) + ")\n";
    return s;
  }
  for (unsigned r = 1; r < 32; ++r) {
    const uint64_t a = get(qo, base + kBufSize + w * (r - 1), w), b = get(to, base + kBufSize + w * (r - 1), w);
    if (a != b)
      s += "  x" + std::to_string(r) + ": qemu " + hexv(a, c.xlen) + "  tandem " + hexv(b, c.xlen) + "\n";
  }
  unsigned ranges = 0;
  for (size_t i = 0; i < kBufSize; ++i) {
    if (qo[base + i] == to[base + i]) continue;
    size_t j = i;
    while (j < kBufSize && qo[base + j] != to[base + j]) ++j;
    if (++ranges <= 8) {
      char line[160];
      std::snprintf(line, sizeof line, "  buffer[%zu..%zu) (0x%" PRIx64 "): qemu", i, j,
                    c.blocks[bi].region + i);
      s += line;
      for (size_t k = i; k < j && k < i + 16; ++k) std::snprintf(line, sizeof line, " %02x", uint8_t(qo[base + k])), s += line;
      s += "  tandem";
      for (size_t k = i; k < j && k < i + 16; ++k) std::snprintf(line, sizeof line, " %02x", uint8_t(to[base + k])), s += line;
      s += "\n";
    }
    i = j;
  }
  if (ranges > 8) s += "  ... " + std::to_string(ranges - 8) + " more differing buffer ranges\n";
  return s;
}

std::string listing(const Case& c, const Block& b, bool with_overhead, const std::set<uint64_t>& nopped = {}) {
  std::string s;
  for (const Line& l : b.lines) {
    if (l.kind == LineKind::overhead && !with_overhead) continue;
    if (nopped.count(l.addr)) continue;
    s += "    " + format_line(c, l) + "\n";
  }
  return s;
}

std::string seeds_text(const Case& c, const Block& b, const std::set<unsigned>& regs) {
  std::string s = "  initial registers:";
  unsigned n = 0;
  for (unsigned r : regs) {
    if (r == 0) continue;
    s += (n++ % 4 == 0) ? "\n   " : "";
    s += " x" + std::to_string(r) + "=" + hexv(b.seeds[r], c.xlen);
  }
  return s + "\n";
}

std::set<unsigned> regs_in(const Block& b, const std::set<uint64_t>& nopped, bool random_only) {
  std::set<unsigned> regs;
  for (const Line& l : b.lines) {
    if (l.kind == LineKind::overhead || (random_only && nopped.count(l.addr))) continue;
    const std::string& t = l.text;
    for (size_t i = 0; i + 1 < t.size(); ++i) {
      if (t[i] == 'x' && std::isdigit(uint8_t(t[i + 1])) && (i == 0 || !std::isalnum(uint8_t(t[i - 1])))) {
        regs.insert(unsigned(std::atoi(t.c_str() + i + 1)));
      }
    }
  }
  return regs;
}

// --- the campaign ------------------------------------------------------------------------------
class Fuzzer {
 public:
  Fuzzer(Config cfg, std::string tmp) : cfg_(std::move(cfg)), tmp_(std::move(tmp)) {}

  int run() {
    std::printf("difffuzz: seed %" PRIu64 ", %s, %" PRIu64 " instructions, %u blocks x %u instructions per case\n",
                cfg_.seed, cfg_.xlens.size() == 2 ? "rv64 + rv32" : cfg_.xlens[0] == 64 ? "rv64" : "rv32",
                cfg_.instructions, cfg_.blocks, cfg_.block_insns);
    std::fflush(stdout);
    const auto t0 = Clock::now();
    for (unsigned xlen : cfg_.xlens) fuzz(xlen, cfg_.instructions / cfg_.xlens.size());
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("total: %.1f s, %.2f M instructions/s compared\n", secs, double(total_) / secs / 1e6);
    if (cfg_.stats) {
      std::printf("generated instructions by mnemonic (random part, not counting skipped filler):\n");
      unsigned n = 0;
      for (const auto& [name, count] : mnemonics_)
        std::printf("  %-12s %9" PRIu64 "%s", name.c_str(), count, ++n % 4 == 0 ? "\n" : "");
      std::printf("\n");
    }
    std::printf("instructions compared: %" PRIu64 ", mismatches: %" PRIu64 "\n", total_, mismatches_);
    return mismatches_ ? 1 : 0;
  }

 private:
  const std::string& qemu(unsigned xlen) const { return xlen == 64 ? cfg_.qemu64 : cfg_.qemu32; }

  Case make(unsigned xlen, uint64_t index) const {
    Options o;
    o.xlen = xlen;
    o.seed = mix_seed(cfg_.seed, (uint64_t(xlen) << 40) | index);
    o.blocks = cfg_.blocks;
    o.block_insns = cfg_.block_insns;
    o.qemu_workarounds = cfg_.workarounds;
    return generate(o);
  }

  void fuzz(unsigned xlen, uint64_t target) {
    const auto t0 = Clock::now();
    uint64_t done = 0, cases = 0, blocks = 0, statics = 0, retired = 0;
    uint64_t index = cfg_.only_case >= 0 ? uint64_t(cfg_.only_case) : 0;
    Case cur = make(xlen, index);
    for (;;) {
      const std::string stem = tmp_ + "/rv" + std::to_string(xlen) + "-" + std::to_string(index);
      const std::string elf = stem + ".elf";
      if (!write_file(elf, cur.elf, 0755)) {
        std::fprintf(stderr, "difffuzz: cannot write %s\n", elf.c_str());
        ++mismatches_;
        return;
      }
      QemuRun q = start_qemu(qemu(xlen), elf, stem);
      const tandem::Result t = run_tandem(cur);
      // Generate the next case while qemu runs.
      const bool last = cfg_.only_case >= 0;
      Case next;
      if (!last) next = make(xlen, index + 1);
      const QemuResult qr = finish_qemu(q, 600);
      const Verdict v = compare(cur, qr, t);
      ++cases;
      blocks += cur.blocks.size();
      for (const Block& b : cur.blocks) {
        statics += b.random_static;
        if (cfg_.stats)
          for (const Line& l : b.lines)
            if (l.kind == LineKind::random || l.kind == LineKind::structural)
              ++mnemonics_[l.text.substr(0, l.text.find(' '))];
      }
      if (v.same) {
        const uint64_t n = t.instructions - cur.overhead;
        done += n;
        retired += t.instructions;
      } else {
        report(cur, index, elf, qr, t, v);
      }
      if (cfg_.verbose)
        std::printf("rv%u case %" PRIu64 ": %s, %" PRIu64 " instructions\n", xlen, index, v.same ? "same" : "MISMATCH",
                    t.instructions);
      std::remove(elf.c_str());
      std::remove(q.out_path.c_str());
      std::remove(q.err_path.c_str());
      if (last || done >= target) break;
      cur = std::move(next);
      ++index;
    }
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("rv%u: %" PRIu64 " cases, %" PRIu64 " blocks, %" PRIu64 " random instructions executed and compared "
                "(%" PRIu64 " generated, %" PRIu64 " retired in all), %.1f s\n",
                xlen, cases, blocks, done, statics, retired, secs);
    std::fflush(stdout);
    total_ += done;
  }

  std::string keep(const std::string& name, const std::vector<uint8_t>& elf) {
    mkdir(cfg_.keep_dir.c_str(), 0755);
    const std::string path = cfg_.keep_dir + "/" + name;
    if (!write_file(path, elf, 0755)) return "(could not write " + path + ")";
    return path;
  }

  void report(const Case& c, uint64_t index, const std::string&, const QemuResult& q, const tandem::Result& t,
              const Verdict& v) {
    ++mismatches_;
    const bool detailed = reports_++ < cfg_.max_reports;
    const std::string name = "difffuzz-rv" + std::to_string(c.xlen) + "-seed" + std::to_string(cfg_.seed) + "-case" +
                             std::to_string(index);
    const std::string path = keep(name + ".elf", c.elf);
    std::string s;
    s += "MISMATCH rv" + std::to_string(c.xlen) + " seed " + std::to_string(cfg_.seed) + " case " +
         std::to_string(index) + " (case seed " + std::to_string(c.seed) + ")\n";
    s += "  reproduce: tandem_difffuzz --xlen " + std::to_string(c.xlen) + " --seed " + std::to_string(cfg_.seed) +
         " --case " + std::to_string(index) + " --blocks " + std::to_string(cfg_.blocks) + " --block-insns " +
         std::to_string(cfg_.block_insns) + (cfg_.workarounds ? "" : " --no-workarounds") + "\n";
    s += "  ELF kept: " + path + "  (" + qemu(c.xlen) + " " + path + " | xxd; tandem run " + path + " | xxd)\n";
    if (v.kind == Verdict::tandem_stopped) {
      s += "  tandem: status " + std::string(tandem::to_string(t.status)) + " exit " + std::to_string(t.exit_code) +
           " pc " + hexv(t.pc, c.xlen) + ": " + t.message + "\n";
      for (const Block& b : c.blocks)
        for (const Line& l : b.lines)
          if (t.pc >= l.addr && t.pc < l.addr + l.size) s += "  at block " + std::to_string(b.id) + ": " + format_line(c, l) + "\n";
    }
    if (v.kind == Verdict::qemu_failed || !q.exited || q.code != 0) {
      s += "  qemu: " + std::string(q.timed_out ? "timed out" : q.exited ? "exit " : "signal ") +
           std::to_string(q.code) + "; stderr: " + q.err.substr(0, 400) + "\n";
    }
    if (v.block != SIZE_MAX) {
      const Block& b = c.blocks[v.block];
      s += "  first differing block: " + std::to_string(v.block) + " (block id " + std::to_string(b.id) +
           ", base register x" + std::to_string(b.base_reg) + ", buffer 0x" + hexv(b.region, 64).substr(2) + ")\n";
      s += block_diff(c, v.block, q.out, t.stdout_data);
      if (detailed) {
        s += seeds_text(c, b, regs_in(b, {}, false));
        s += "  listing (random part):\n" + listing(c, b, false);
      }
    }
    std::fputs(s.c_str(), stdout);
    std::ofstream(cfg_.keep_dir + "/" + name + ".txt") << s;
    std::fflush(stdout);
    if (detailed && cfg_.minimize && v.block != SIZE_MAX &&
        (v.kind == Verdict::output_differs || v.kind == Verdict::tandem_stopped))
      minimize(c, v, name);
  }

  // Runs one single-block case; true when it fails the same way as `want`.
  bool fails_like(const Case& c, const Verdict& want, QemuResult* qo = nullptr, tandem::Result* to = nullptr) {
    const std::string stem = tmp_ + "/min";
    const std::string elf = stem + ".elf";
    if (!write_file(elf, c.elf, 0755)) return false;
    QemuRun q = start_qemu(qemu(c.xlen), elf, stem);
    tandem::Result t = run_tandem(c);
    QemuResult qr = finish_qemu(q, 60);
    const Verdict v = compare(c, qr, t);
    const bool same_kind = v.kind == want.kind && (v.kind != Verdict::tandem_stopped || v.status == want.status);
    if (qo) *qo = std::move(qr);
    if (to) *to = std::move(t);
    return !v.same && same_kind && v.block == 0;
  }

  // Regenerates the failing block alone, then replaces random instructions by nops while the
  // mismatch persists (larger chunks first).
  void minimize(const Case& c, const Verdict& v, const std::string& name) {
    Options o;
    o.xlen = c.xlen;
    o.seed = c.seed;
    o.block_insns = cfg_.block_insns;
    o.only = {c.blocks[v.block].id};
    o.qemu_workarounds = cfg_.workarounds;
    Case one = generate(o);
    Verdict want = v;
    want.block = 0;
    if (!fails_like(one, want)) {
      std::printf("  (the block alone does not reproduce the mismatch; use the full case)\n");
      return;
    }
    const Block& b = one.blocks[0];
    // Units to replace by nops: first whole groups (always safe: a group never relies on an
    // earlier one), then single random instructions of the groups left.
    std::vector<std::vector<const Line*>> groups;
    for (const Line& l : b.lines) {
      if (l.group == UINT32_MAX) continue;
      if (groups.size() <= l.group) groups.resize(l.group + 1);
      groups[l.group].push_back(&l);
    }
    std::set<uint64_t> nopped;
    unsigned trials = 0;
    auto reduce = [&](const std::vector<std::vector<const Line*>>& units) {
      std::vector<bool> gone(units.size(), false);
      for (size_t chunk = std::max<size_t>(1, units.size() / 2);;) {
        bool changed = false;
        for (size_t s = 0; s < units.size() && trials < 4000; s += chunk) {
          Case trial = one;
          bool any = false;
          for (size_t i = s; i < s + chunk && i < units.size(); ++i)
            if (!gone[i])
              for (const Line* l : units[i]) patch_nop(trial, *l), any = true;
          if (!any) continue;
          ++trials;
          if (fails_like(trial, want)) {
            one.elf = trial.elf;
            for (size_t i = s; i < s + chunk && i < units.size(); ++i) {
              if (gone[i]) continue;
              gone[i] = true;
              for (const Line* l : units[i]) nopped.insert(l->addr);
            }
            changed = true;
          }
        }
        if (chunk > 1) chunk /= 2;
        else if (!changed || trials >= 4000) break;
      }
    };
    reduce(groups);
    std::vector<std::vector<const Line*>> singles;
    for (const Line& l : b.lines)
      if (l.kind == LineKind::random && !nopped.count(l.addr)) singles.push_back({&l});
    reduce(singles);
    size_t left = 0, total = 0;
    for (const Line& l : b.lines) {
      if (l.group == UINT32_MAX || l.kind == LineKind::filler) continue;
      ++total;
      if (!nopped.count(l.addr)) ++left;
    }
    QemuResult qr;
    tandem::Result tr;
    fails_like(one, want, &qr, &tr);
    const std::string path = keep(name + "-min.elf", one.elf);
    std::string s = "  minimised (" + std::to_string(trials) + " trials): " + std::to_string(left) +
                    " instructions left of " + std::to_string(total) + ", ELF " + path + "\n";
    if (want.kind == Verdict::tandem_stopped)
      s += "  tandem: " + std::string(tandem::to_string(tr.status)) + " at pc " + hexv(tr.pc, c.xlen) + ": " + tr.message + "\n";
    else
      s += block_diff(one, 0, qr.out, tr.stdout_data);
    s += seeds_text(one, b, regs_in(b, nopped, true));
    s += "  sequence (nops and the untouched overhead left out):\n" + listing(one, b, false, nopped);
    std::fputs(s.c_str(), stdout);
    std::ofstream(cfg_.keep_dir + "/" + name + ".txt", std::ios::app) << s;
    std::fflush(stdout);
  }

  Config cfg_;
  std::string tmp_;
  uint64_t total_ = 0, mismatches_ = 0;
  std::map<std::string, uint64_t> mnemonics_;
  unsigned reports_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "tandem_difffuzz: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    uint64_t n = 0;
    if (a == "--xlen") {
      const std::string v = value();
      if (v == "32") cfg.xlens = {32};
      else if (v == "64") cfg.xlens = {64};
      else if (v == "both") cfg.xlens = {64, 32};
      else { usage(stderr); return 2; }
    } else if (a == "--seed" && parse_u64(value(), &n)) {
      cfg.seed = n, cfg.seed_given = true;
    } else if (a == "--instructions" && parse_u64(value(), &n)) {
      cfg.instructions = n;
    } else if (a == "--keep-dir") {
      cfg.keep_dir = value();
    } else if (a == "--blocks" && parse_u64(value(), &n) && n > 0 && n <= 4096) {
      cfg.blocks = unsigned(n);
    } else if (a == "--block-insns" && parse_u64(value(), &n) && n > 0 && n <= 100000) {
      cfg.block_insns = unsigned(n);
    } else if (a == "--case" && parse_u64(value(), &n)) {
      cfg.only_case = (long long)n;
    } else if (a == "--qemu64") {
      cfg.qemu64 = value();
    } else if (a == "--qemu32") {
      cfg.qemu32 = value();
    } else if (a == "--max-reports" && parse_u64(value(), &n)) {
      cfg.max_reports = unsigned(n);
    } else if (a == "--no-minimize") {
      cfg.minimize = false;
    } else if (a == "--no-workarounds") {
      cfg.workarounds = false;
    } else if (a == "--stats") {
      cfg.stats = true;
    } else if (a == "--verbose") {
      cfg.verbose = true;
    } else if (a == "--help" || a == "-h") {
      usage(stdout);
      return 0;
    } else {
      std::fprintf(stderr, "tandem_difffuzz: bad argument %s\n", a.c_str());
      usage(stderr);
      return 2;
    }
  }
  if (!cfg.seed_given) cfg.seed = (uint64_t(std::random_device{}()) << 32) ^ std::random_device{}();
  for (unsigned xlen : cfg.xlens) {
    std::string& q = xlen == 64 ? cfg.qemu64 : cfg.qemu32;
    const std::string found = find_executable(q);
    if (found.empty()) {
      std::printf("SKIP: %s is not installed (apt-get install qemu-user)\n", q.c_str());
      return 77;
    }
    q = found;
  }
  const char* tmpdir = std::getenv("TMPDIR");
  std::string tmpl = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/tandem-difffuzz-XXXXXX";
  if (!mkdtemp(tmpl.data())) {
    std::fprintf(stderr, "tandem_difffuzz: cannot create a temporary directory\n");
    return 2;
  }
  int rc;
  try {
    rc = Fuzzer(cfg, tmpl).run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tandem_difffuzz: %s (seed %" PRIu64 ")\n", e.what(), cfg.seed);
    rc = 2;
  }
  std::remove((tmpl + "/min.elf").c_str());
  std::remove((tmpl + "/min.out").c_str());
  std::remove((tmpl + "/min.err").c_str());
  rmdir(tmpl.c_str());
  return rc;
}
