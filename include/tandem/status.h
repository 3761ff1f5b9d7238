// tandem/status.h: how a run ends. One list drives the enum, its names and the CLI's exit codes.
// Every outcome of guest behaviour is one of these values; none of them aborts the host.
#pragma once
#include <cstdint>
#include <string_view>

namespace tandem {

// X(name, cli_exit_code, description).  cli_exit_code is what `tandem run` exits with; `exited`
// passes the guest's own code through instead.  Codes stay within 1..125 (126+ mean other things
// to shells).  Numbers are part of the documented interface (docs/cli.md): append, never reorder.
#define TANDEM_STATUS_LIST(X)                                                                      \
  X(exited, 0, "the guest exited")                                                                 \
  X(out_of_gas, 101, "the guest ran out of gas")                                                   \
  X(out_of_memory, 102, "the program does not fit in the machine's memory")                        \
  X(illegal_instruction, 103, "illegal or unsupported instruction")                                \
  X(load_fault, 104, "load from an address the guest may not read")                                \
  X(store_fault, 105, "store to an address the guest may not write")                               \
  X(fetch_fault, 106, "jump to an address that is not executable code")                            \
  X(misaligned_fetch, 107, "jump to a misaligned instruction address")                             \
  X(misaligned_atomic, 108, "misaligned atomic memory operation")                                  \
  X(ebreak, 109, "the guest executed ebreak")                                                      \
  X(unknown_syscall, 110, "unknown system call (policy: trap)")                                    \
  X(output_limit, 111, "the guest exceeded the output limit")                                      \
  X(syscall_error, 112, "a system call handler stopped the machine")                              \
  X(interrupted, 113, "the host interrupted the run (Machine::interrupt, e.g. a wall-time limit)")

enum class Status : uint8_t {
#define TANDEM_X(name, code, text) name,
  TANDEM_STATUS_LIST(TANDEM_X)
#undef TANDEM_X
};

// Stable snake_case name ("out_of_gas"), as used in JSON output.
std::string_view to_string(Status s) noexcept;
// One-line human description.
std::string_view describe(Status s) noexcept;
// Exit code of `tandem run` for a run that ended with `s` (for `exited`: 0; the CLI uses the
// guest's code instead).
int cli_exit_code(Status s) noexcept;

// Exit code of `tandem` when the program could not be loaded or the machine not created.
inline constexpr int kExitLoadError = 120;
// Exit code of `tandem` for a command-line usage error.
inline constexpr int kExitUsage = 2;

}  // namespace tandem
