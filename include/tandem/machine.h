// tandem/machine.h: run a Program in a sandboxed, metered machine.
//
// Ownership: a Machine holds its own copy of the Program (shared, immutable) and its own guest
// memory arena; it does not borrow anything from the caller after create() returns, except the
// sinks, which are called synchronously from run() on the calling thread.
// Thread-safety: a Machine is not thread-safe; use one per thread.  Different machines, even of
// the same Program, share nothing mutable and may run concurrently.
// Determinism: the guest sees no host clock, randomness or environment.  The same Program,
// options and input give the same Result (status, exit code, gas, instructions, output).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tandem/coprocessor.h"
#include "tandem/expected.h"
#include "tandem/program.h"
#include "tandem/status.h"

namespace tandem {

// What to do with a system call number nobody registered.
enum class UnknownSyscall : uint8_t {
  enosys,  // return -ENOSYS (38) in a0, as Linux does; the guest continues
  trap,    // stop the run with Status::unknown_syscall
};

struct MachineOptions {
  uint64_t memory = 64ull << 20;       // guest arena size in bytes (rv32: at most 4 GiB)
  uint64_t stack = 1ull << 20;         // stack size, at the top of the arena
  uint64_t stack_guard = 64ull << 10;  // minimum unmapped gap kept between heap and stack
  uint64_t gas_limit = UINT64_MAX;     // see docs/gas.md; UINT64_MAX means effectively unbounded
  uint64_t max_output = 64ull << 20;   // bytes of stdout + stderr + output; over it: output_limit
  std::string input;                   // the run's input: read(0, ...) and tandem_input_read
  std::vector<std::string> args;       // argv seen by the guest (argv[0] included); default {"guest"}
  // Called with guest stdout / stderr bytes as they are written.  When empty, the bytes are
  // collected into Result::stdout_data / Result::stderr_data instead.
  std::function<void(std::string_view)> on_stdout;
  std::function<void(std::string_view)> on_stderr;
  UnknownSyscall unknown_syscall = UnknownSyscall::enosys;
  // Coprocessor operations the guest may call (null: CoprocessorSet::builtin()).  Shared, not
  // copied: one set can serve many machines.
  std::shared_ptr<const CoprocessorSet> coprocessors;
  // Measure host time per coprocessor call (CoprocessorStats::nanoseconds).  A clock read costs
  // more than a whole small call; turn off for the lowest call overhead.
  bool time_coprocessors = true;
  // Bytes of host-side data coprocessors may keep for this machine behind handles (NTT plans,
  // point tables; see tandem/coprocessor.h).  0: as much as `memory`.  Freed with the machine.
  uint64_t resident_memory = 0;
  // Host threads one coprocessor call may use (large MSMs split their points); 1 keeps every call
  // on the machine's own thread.  Results and gas are the same for any value.
  unsigned coprocessor_threads = 1;
};

struct Result {
  Status status = Status::exited;
  int64_t exit_code = 0;          // the guest's exit value (a0 of exit); meaningful when exited
  uint64_t gas_limit = 0;
  uint64_t gas_used = 0;          // on out_of_gas: the whole limit (the block that could not be
                                  // paid for did not run)
  uint64_t instructions = 0;      // instructions retired (a trapping one is not retired)
  uint64_t pc = 0;                // pc of the exit ecall or of the trapping instruction
  uint64_t fault_address = 0;     // for load/store/fetch faults: the offending address
  std::string message;            // one line: what happened, with pc and address where relevant
  std::string output;             // bytes the guest appended with tandem_output()
  std::string stdout_data;        // only when MachineOptions::on_stdout is empty
  std::string stderr_data;        // only when MachineOptions::on_stderr is empty
  std::vector<CoprocessorStats> coprocessors;  // per operation called: calls, bytes, gas, time

  bool ok() const noexcept { return status == Status::exited && exit_code == 0; }
};

class Machine {
 public:
  // Fails (as a value) when the options are invalid.  A program that does not fit in the
  // configured memory still gives a Machine, whose run() returns Status::out_of_memory before
  // the first instruction.
  static Expected<Machine> create(const Program& program, MachineOptions options = {});

  Machine(Machine&&) noexcept;
  Machine& operator=(Machine&&) noexcept;
  ~Machine();

  // Runs the guest from its entry point until it exits or stops.  A machine runs once; calling
  // run() again returns the first result.
  Result run();

  // Asks the machine to stop: a run in progress (or the next one) ends with Status::interrupted
  // within about 2^24 gas of guest work (milliseconds), or at its next system call.  The one
  // member that may be called from another thread while run() is executing.  This is how a host
  // bounds wall time (the `tandem run --timeout` option uses it).
  void interrupt() noexcept;

  const MachineOptions& options() const noexcept;

  struct Impl;  // internal (runtime/machine_impl.h)

 private:
  explicit Machine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Parses a memory size: bytes, or a number with a K, M or G suffix (powers of 1024).
Expected<uint64_t> parse_size(std::string_view text);

// Convenience: load, create, run.  Load or creation errors come back as the Error.
Expected<Result> run_file(const std::string& path, MachineOptions options = {});

}  // namespace tandem
