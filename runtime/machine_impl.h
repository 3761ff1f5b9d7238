// runtime/machine_impl.h: a Machine's private state, shared by machine.cpp and syscalls.cpp.
#pragma once
#include <memory>
#include <string>

#include "bus/bus.h"
#include "tandem/machine.h"
#include "vm/cpu.h"

namespace tandem {

struct Machine::Impl {
  Program program;
  MachineOptions options;
  vm::Cpu cpu;
  bus::Bus bus;
  uint8_t* arena = nullptr;
  size_t arena_bytes = 0;
  bool ran = false;
  Result result;
  // Set when the machine could not be built (program does not fit): run() returns it as is.
  std::optional<Result> failed;

  // System call state.
  uint64_t input_pos = 0;
  uint64_t output_total = 0;  // stdout + stderr + output bytes so far

  Impl(Program p, MachineOptions o) : program(std::move(p)), options(std::move(o)) {}
  ~Impl();
};

namespace detail {
// The system call table for a policy (shared, immutable, built once).
const vm::SyscallTable& syscall_table(UnknownSyscall policy);
}  // namespace detail

}  // namespace tandem
