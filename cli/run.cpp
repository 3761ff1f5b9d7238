// cli/run.cpp: `tandem run PROGRAM.elf`: load, run, report.  Guest stdout and stderr pass through
// as they are written; tandem's exit code is the guest's, or the status's code (docs/cli.md).
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <cstdio>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli.h"
#include "tandem/tandem.h"

namespace tandem::cli {
namespace {

struct RunArgs {
  std::string program;
  std::vector<std::string> guest_args;
  std::string input;
  std::string output;
  std::string gas;
  std::string memory;
  std::string stack;
  double timeout = 0;  // seconds of wall time; 0 = none
  unsigned threads = 1;  // host threads one coprocessor call may use
  bool stats = false;
  bool json = false;
  bool trap_unknown_syscalls = false;
  // Which options were given at all (an empty value is still a value to check).
  CLI::Option *input_opt = nullptr, *output_opt = nullptr, *gas_opt = nullptr, *memory_opt = nullptr,
              *stack_opt = nullptr;
  static bool given(const CLI::Option* o) { return o && o->count() > 0; }
};

// Statuses for which Result::fault_address means something.
bool has_fault_address(Status s) {
  switch (s) {
    case Status::load_fault:
    case Status::store_fault:
    case Status::fetch_fault:
    case Status::misaligned_fetch:
    case Status::misaligned_atomic:
      return true;
    default:
      return false;
  }
}

std::string format_seconds(double s) {
  char buf[64];
  if (s < 1e-3) std::snprintf(buf, sizeof buf, "%.1f us", s * 1e6);
  else if (s < 1.0) std::snprintf(buf, sizeof buf, "%.3f ms", s * 1e3);
  else std::snprintf(buf, sizeof buf, "%.3f s", s);
  return buf;
}

void print_stats(const Result& r, double wall_seconds, double mips) {
  std::string s = "tandem: stats\n";
  s += "  instructions  " + grouped(r.instructions) + "\n";
  s += "  gas           " + grouped(r.gas_used) + " used of " +
       (r.gas_limit == UINT64_MAX ? std::string("unlimited") : grouped(r.gas_limit)) + "\n";
  s += "  wall time     " + format_seconds(wall_seconds) + "\n";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", mips);
  s += std::string("  speed         ") + buf + " MIPS\n";
  for (const auto& c : r.coprocessors) {
    s += "  coprocessor   " + c.name + ": " + grouped(c.calls) + " calls, " + grouped(c.gas) + " gas, " +
         grouped(c.bytes_in) + " B in, " + grouped(c.bytes_out) + " B out, " + format_seconds(double(c.nanoseconds) * 1e-9);
    if (c.failures) s += ", " + grouped(c.failures) + " failed";
    if (c.refused) s += ", " + grouped(c.refused) + " refused";
    s += "\n";
  }
  write_all(2, s);
}

// A usage error: message and exit code 2.
int usage(const std::string& message) {
  print_error(message + " (see 'tandem run --help')");
  return kExitUsage;
}

int run_command(const RunArgs& a) {
  MachineOptions opt;

  // --- options --------------------------------------------------------------------------------
  if (RunArgs::given(a.memory_opt)) {
    auto v = parse_size(a.memory);
    if (!v) return usage("--memory " + a.memory + ": " + v.error());
    opt.memory = *v;
  }
  if (RunArgs::given(a.stack_opt)) {
    auto v = parse_size(a.stack);
    if (!v) return usage("--stack " + a.stack + ": " + v.error());
    opt.stack = *v;
  }
  if (RunArgs::given(a.gas_opt)) {
    uint64_t g;
    if (!parse_count(a.gas, g)) {
      return usage("--gas " + a.gas + ": not a gas amount; give a whole number such as 1000000000");
    }
    opt.gas_limit = g;
  }
  const bool want_output = RunArgs::given(a.output_opt);
  if (want_output && a.output.empty()) return usage("--output needs a file name (or - for stdout)");
  if (a.json && a.output == "-") return usage("--output - cannot be combined with --json (stdout holds the JSON)");
  if (a.trap_unknown_syscalls) opt.unknown_syscall = UnknownSyscall::trap;
  opt.coprocessor_threads = a.threads;
  opt.args.clear();
  opt.args.push_back(a.program);
  opt.args.insert(opt.args.end(), a.guest_args.begin(), a.guest_args.end());

  // Emits the one JSON object for a run that never started.
  auto load_error = [&](const std::string& message) {
    print_error(message);
    if (a.json) {
      nlohmann::ordered_json j = {{"status", "load_error"}, {"message", message}};
      write_all(1, json_line(j));
    }
    return kExitLoadError;
  };

  if (RunArgs::given(a.input_opt)) {
    std::string error;
    if (!read_whole_file(a.input, opt.input, error)) return load_error("--input: " + error);
  }

  // Open the output file before running, so a bad path fails before the work is done.
  int out_fd = -1;
  if (want_output && a.output != "-") {
    out_fd = ::open(a.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (out_fd < 0) return load_error("--output: cannot open " + a.output + ": " + std::strerror(errno));
  }
  struct Closer {
    int& fd;
    ~Closer() {
      if (fd >= 0) ::close(fd);
    }
  } closer{out_fd};

  // Guest stdout passes through, except in --json mode, where it is captured into the JSON.
  // Guest stderr always passes through.
  if (!a.json) opt.on_stdout = [](std::string_view bytes) { write_all(1, bytes); };
  opt.on_stderr = [](std::string_view bytes) { write_all(2, bytes); };

  // --- load, create, run ----------------------------------------------------------------------
  auto program = Program::from_file(a.program);
  if (!program) return load_error(program.error());
  auto machine = Machine::create(*program, std::move(opt));
  if (!machine) return load_error(machine.error());

  // --timeout: a watchdog thread interrupts the machine when the wall-time budget is spent.
  std::mutex mu;
  std::condition_variable cv;
  bool finished = false;
  std::thread watchdog;
  if (a.timeout > 0) {
    watchdog = std::thread([&] {
      std::unique_lock<std::mutex> lock(mu);
      if (!cv.wait_for(lock, std::chrono::duration<double>(a.timeout), [&] { return finished; })) machine->interrupt();
    });
  }
  const auto t0 = std::chrono::steady_clock::now();
  Result r = machine->run();
  const auto t1 = std::chrono::steady_clock::now();
  if (watchdog.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mu);
      finished = true;
    }
    cv.notify_all();
    watchdog.join();
  }
  const double wall = std::chrono::duration<double>(t1 - t0).count();
  const double mips = wall > 0 ? double(r.instructions) / (wall * 1e6) : 0.0;

  // --- report ---------------------------------------------------------------------------------
  int rc = r.status == Status::exited ? int(uint64_t(r.exit_code) & 0xff) : cli_exit_code(r.status);
  if (r.status != Status::exited) print_error(r.message.empty() ? std::string(describe(r.status)) : r.message);
  if (a.stats) print_stats(r, wall, mips);

  if (want_output) {
    const bool ok = out_fd >= 0 ? write_all(out_fd, r.output) : write_all(1, r.output);
    if (!ok) {
      print_error("--output: cannot write " + a.output + ": " + std::strerror(errno));
      rc = kExitLoadError;
    }
  }

  if (a.json) {
    nlohmann::ordered_json j;
    j["status"] = std::string(to_string(r.status));
    j["exit_code"] = r.exit_code;
    j["gas_used"] = r.gas_used;
    j["gas_limit"] = r.gas_limit;
    j["instructions"] = r.instructions;
    j["pc"] = r.pc;
    if (has_fault_address(r.status)) j["fault_address"] = r.fault_address;
    j["message"] = r.message;
    j["wall_seconds"] = wall;
    j["mips"] = mips;
    j["output"] = to_hex(r.output);
    nlohmann::ordered_json cops = nlohmann::ordered_json::array();
    for (const auto& c : r.coprocessors) {
      cops.push_back({{"number", c.number}, {"name", c.name}, {"calls", c.calls}, {"failures", c.failures},
                      {"refused", c.refused}, {"bytes_in", c.bytes_in}, {"bytes_out", c.bytes_out}, {"gas", c.gas},
                      {"nanoseconds", c.nanoseconds}});
    }
    j["coprocessors"] = cops;
    j["stdout"] = r.stdout_data;
    // Guest bytes that are not UTF-8 become U+FFFD in "stdout"; "output" is hex and exact.
    write_all(1, json_line(j));
  }
  return rc;
}

}  // namespace

Command add_run_command(CLI::App& parent) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* run = parent.add_subcommand("run", "Run a static RISC-V ELF program in a fresh sandboxed machine");
  run->add_option("program", args->program, "The program: a static RISC-V ELF file (ELF32 -> RV32, ELF64 -> RV64)")
      ->required();
  run->add_option("args", args->guest_args, "Arguments for the guest (argv[1]...); put them after --");
  args->input_opt = run->add_option("--input", args->input, "The run's input (guest stdin and tandem_input_read): a file, or - for stdin")
      ->option_text("FILE|-");
  args->output_opt = run->add_option("--output", args->output, "Write the bytes the guest appended with tandem_output() to FILE (- for stdout)")
      ->option_text("FILE");
  args->gas_opt = run->add_option("--gas", args->gas, "Gas limit (default: unbounded)")->option_text("N");
  args->memory_opt = run->add_option("--memory", args->memory, "Guest memory size: bytes, or a number with K, M or G (default 64M)")
      ->option_text("SIZE");
  args->stack_opt = run->add_option("--stack", args->stack, "Stack size, at the top of memory (default 1M)")->option_text("SIZE");
  run->add_option("--timeout", args->timeout, "Stop the run with status interrupted after this many seconds of wall time")
      ->option_text("SECONDS")
      ->check(CLI::PositiveNumber);
  run->add_option("--coprocessor-threads", args->threads,
                  "Host threads one coprocessor call may use (large MSMs split their points); the results "
                  "and gas are the same for any value (default 1)")
      ->option_text("N")
      ->check(CLI::Range(1u, 64u));
  run->add_flag("--stats", args->stats, "Print instructions, gas, wall time and speed to stderr after the run");
  run->add_flag("--json", args->json,
                "Print one JSON object describing the run on stdout; the guest's stdout is captured into it");
  run->add_flag("--trap-unknown-syscalls", args->trap_unknown_syscalls,
                "Stop with unknown_syscall on an unknown system call (default: return -ENOSYS)");
  run->footer(
      "Exit code: the guest's exit code (low 8 bits) when it exits; otherwise a code from 101 up saying how\n"
      "the run stopped (out of gas, fault, ...), 120 when the program cannot be loaded, 2 for a usage error.\n"
      "\n"
      "Examples:\n"
      "  tandem run hello.elf\n"
      "  tandem run sum.elf --input numbers.txt\n"
      "  echo hello | tandem run upper.elf --input -\n"
      "  tandem run prog.elf --gas 1000000 --memory 256M --stats\n"
      "  tandem run prog.elf --json --output result.bin -- first second\n"
      "  tandem run prog.elf --trap-unknown-syscalls\n"
      "  tandem run untrusted.elf --timeout 2.5 --gas 10000000000");
  return Command{run, [args] { return run_command(*args); }};
}

}  // namespace tandem::cli
