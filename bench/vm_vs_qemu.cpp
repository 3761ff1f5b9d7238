// bench/vm_vs_qemu.cpp: interpreter speed against qemu-riscv64/qemu-riscv32 (the reference JIT)
// on the same static ELFs, measured in the same run.  For each workload: instructions retired,
// tandem's wall time with gas metering on (load + create + run, in process), MIPS, qemu's wall
// time (as a child process; its start-up cost is measured on a trivial guest and subtracted),
// and the ratio tandem speed / qemu speed.  Target (issue: glue VM): >= 0.30 on every workload.
//
// usage: tandem_vm_bench [--reps N] [--qemu PATH] [--startup ELF] ELF...
#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "tandem/tandem.h"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Runs `argv` with stdout/stderr to /dev/null; returns wall seconds, or -1 on failure.
double spawn_time(const std::vector<std::string>& args, int* status_out) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  pid_t pid;
  const auto t0 = Clock::now();
  if (posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&fa);
    return -1;
  }
  int st = 0;
  waitpid(pid, &st, 0);
  const auto t1 = Clock::now();
  posix_spawn_file_actions_destroy(&fa);
  if (status_out) *status_out = st;
  return std::chrono::duration<double>(t1 - t0).count();
}

struct TandemRun {
  double seconds = -1;
  uint64_t instructions = 0;
  std::string error;
};

TandemRun tandem_time(const std::string& path) {
  TandemRun r;
  const auto t0 = Clock::now();
  auto prog = tandem::Program::from_file(path);
  if (!prog) return r.error = prog.error(), r;
  tandem::MachineOptions o;
  o.memory = 256ull << 20;
  o.gas_limit = UINT64_MAX - 1;  // metering on, never binding
  o.on_stdout = [](std::string_view) {};
  o.on_stderr = [](std::string_view) {};
  o.args = {path};
  auto m = tandem::Machine::create(*prog, o);
  if (!m) return r.error = m.error(), r;
  auto res = m->run();
  const auto t1 = Clock::now();
  if (res.status != tandem::Status::exited) return r.error = res.message, r;
  r.seconds = std::chrono::duration<double>(t1 - t0).count();
  r.instructions = res.instructions;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 5;
  std::string qemu64 = "qemu-riscv64", qemu32 = "qemu-riscv32", startup;
  std::vector<std::string> elfs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--reps" && i + 1 < argc) reps = std::max(1, std::atoi(argv[++i]));
    else if (a == "--qemu" && i + 1 < argc) qemu64 = argv[++i];
    else if (a == "--startup" && i + 1 < argc) startup = argv[++i];
    else if (a == "-h" || a == "--help") {
      std::printf("usage: %s [--reps N] [--qemu PATH] [--startup TRIVIAL.elf] ELF...\n", argv[0]);
      return 0;
    } else elfs.push_back(a);
  }
  if (elfs.empty()) {
    std::fprintf(stderr, "no workloads given\n");
    return 2;
  }
  double qstart = 0;
  if (!startup.empty()) {
    std::vector<double> t;
    for (int r = 0; r < reps; ++r) t.push_back(spawn_time({qemu64, startup}, nullptr));
    qstart = median(t);
    if (qstart < 0) {
      std::fprintf(stderr, "cannot run %s (install qemu-user)\n", qemu64.c_str());
      return 77;
    }
  }
  std::printf("%-28s %14s %10s %9s %10s %10s %7s\n", "workload", "instructions", "tandem ms", "MIPS",
              "qemu ms", "qemu MIPS", "ratio");
  double worst = 1e9;
  for (const auto& elf : elfs) {
    auto prog = tandem::Program::from_file(elf);
    if (!prog) {
      std::fprintf(stderr, "%s\n", prog.error().c_str());
      return 1;
    }
    const std::string& q = prog->xlen() == 32 ? qemu32 : qemu64;
    std::vector<double> tt, qt;
    uint64_t instr = 0;
    for (int r = 0; r < reps; ++r) {
      auto t = tandem_time(elf);
      if (t.seconds < 0) {
        std::fprintf(stderr, "%s: %s\n", elf.c_str(), t.error.c_str());
        return 1;
      }
      tt.push_back(t.seconds);
      instr = t.instructions;
      int st = 0;
      const double s = spawn_time({q, elf}, &st);
      if (s < 0) {
        std::fprintf(stderr, "cannot run %s (install qemu-user)\n", q.c_str());
        return 77;
      }
      qt.push_back(std::max(1e-6, s - qstart));
    }
    const double tm = median(tt), qm = median(qt);
    const double ratio = qm / tm;
    worst = std::min(worst, ratio);
    std::string name = elf.substr(elf.find_last_of('/') + 1);
    std::printf("%-28s %14llu %10.1f %9.0f %10.1f %10.0f %7.2f\n", name.c_str(), (unsigned long long)instr,
                tm * 1e3, instr / tm / 1e6, qm * 1e3, instr / qm / 1e6, ratio);
  }
  std::printf("qemu start-up subtracted: %.1f ms; lowest ratio (tandem speed / qemu speed): %.2f\n", qstart * 1e3,
              worst);
  return 0;
}
