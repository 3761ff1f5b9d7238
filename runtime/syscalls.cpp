// runtime/syscalls.cpp: the system calls a machine offers: the Linux subset a static C program
// needs (read, write, exit, exit_group, brk) and tandem's own calls (docs/abi.md).  Every guest
// buffer is checked through Cpu::readable/writable first (a bad one is -EFAULT and costs nothing
// more); then the call is charged, before any work.
#include <algorithm>
#include <cstring>

#include "runtime/machine_impl.h"
#include "tandem/abi_numbers.h"  // the SDK's ABI numbers: one source for guest and host
#include "vm/gas.h"

namespace tandem::detail {
namespace {

constexpr int64_t kEBADF = -TANDEM_EBADF, kEFAULT = -TANDEM_EFAULT, kENOSYS = -TANDEM_ENOSYS;

Machine::Impl& M(vm::Cpu& cpu) { return *static_cast<Machine::Impl*>(cpu.host); }

uint64_t io_gas(uint64_t bytes) { return bytes >> vm::kGasPerIoByteShift; }

// Accounts output bytes against the limit; false (and the machine stopped) when over it.
bool account_output(vm::Cpu& cpu, uint64_t n) {
  auto& m = M(cpu);
  if (n > m.options.max_output - std::min(m.output_total, m.options.max_output)) {
    cpu.stop(Status::output_limit);
    return false;
  }
  m.output_total += n;
  return true;
}

void sys_read(vm::Cpu& cpu, void*) {
  auto& m = M(cpu);
  const uint64_t fd = cpu.arg(0), buf = cpu.arg(1), len = cpu.arg(2);
  if (fd != 0) return cpu.set_result(kEBADF);
  const uint64_t left = m.options.input.size() - m.input_pos;
  const uint64_t n = std::min(len, left);
  auto dst = cpu.writable(buf, n);
  if (!dst) return cpu.set_result(kEFAULT);
  if (!cpu.charge(io_gas(n))) return;
  if (n) std::memcpy(dst->data(), m.options.input.data() + m.input_pos, n);
  m.input_pos += n;
  cpu.set_result(int64_t(n));
}

void sys_write(vm::Cpu& cpu, void*) {
  auto& m = M(cpu);
  const uint64_t fd = cpu.arg(0), buf = cpu.arg(1), len = cpu.arg(2);
  if (fd != 1 && fd != 2) return cpu.set_result(kEBADF);
  auto src = cpu.readable(buf, len);
  if (!src) return cpu.set_result(kEFAULT);
  if (!cpu.charge(io_gas(len))) return;
  if (!account_output(cpu, len)) return;
  std::string_view bytes(reinterpret_cast<const char*>(src->data()), src->size());
  if (fd == 1) {
    if (m.options.on_stdout) m.options.on_stdout(bytes);
    else m.result.stdout_data.append(bytes);
  } else {
    if (m.options.on_stderr) m.options.on_stderr(bytes);
    else m.result.stderr_data.append(bytes);
  }
  cpu.set_result(int64_t(len));
}

void sys_exit(vm::Cpu& cpu, void*) { cpu.exit(cpu.sarg(0)); }

void sys_brk(vm::Cpu& cpu, void*) {
  const uint64_t want = cpu.arg(0);
  if (want > cpu.mem.brk && want <= cpu.mem.brk_max) {
    const uint64_t pages = (want - cpu.mem.brk + 4095) >> 12;
    if (!cpu.charge(pages * vm::kGasBrkPerPage)) return;
  }
  cpu.set_result(int64_t(cpu.set_brk(want)));
}

void sys_input_size(vm::Cpu& cpu, void*) { cpu.set_result(0, M(cpu).options.input.size()); }

void sys_input_read(vm::Cpu& cpu, void*) {
  auto& m = M(cpu);
  const uint64_t dst = cpu.arg(0), len = cpu.arg(1), off = cpu.arg(2);
  const uint64_t size = m.options.input.size();
  const uint64_t n = off < size ? std::min(len, size - off) : 0;
  auto out = cpu.writable(dst, n);
  if (!out) return cpu.set_result(kEFAULT, 0);
  if (!cpu.charge(io_gas(n))) return;
  if (n) std::memcpy(out->data(), m.options.input.data() + off, n);
  cpu.set_result(0, n);
}

void sys_output(vm::Cpu& cpu, void*) {
  auto& m = M(cpu);
  const uint64_t src = cpu.arg(0), len = cpu.arg(1);
  auto in = cpu.readable(src, len);
  if (!in) return cpu.set_result(kEFAULT, 0);
  if (!cpu.charge(io_gas(len))) return;
  if (!account_output(cpu, len)) return;
  m.result.output.append(reinterpret_cast<const char*>(in->data()), in->size());
  cpu.set_result(0, 0);
}

void sys_gas_left(vm::Cpu& cpu, void*) {
  cpu.set_result(0, cpu.gas);
  if (cpu.xlen == 32) cpu.set_reg(12, cpu.gas >> 32);  // rv32: high half in a2
}

void sys_coproc(vm::Cpu& cpu, void*) {
  if (M(cpu).bus.call(cpu)) return;
  // A number in the coprocessor range that no operation has: the machine's unknown-call policy.
  if (M(cpu).options.unknown_syscall == UnknownSyscall::trap) cpu.stop(Status::unknown_syscall);
  else cpu.set_result(kENOSYS);
}

void sys_enosys(vm::Cpu& cpu, void*) { cpu.set_result(kENOSYS); }
void sys_trap(vm::Cpu& cpu, void*) { cpu.stop(Status::unknown_syscall); }

vm::SyscallTable make_table(UnknownSyscall policy) {
  vm::SyscallTable t;
  t.set(TANDEM_SYS_READ, sys_read);
  t.set(TANDEM_SYS_WRITE, sys_write);
  t.set(TANDEM_SYS_EXIT, sys_exit);
  t.set(TANDEM_SYS_EXIT_GROUP, sys_exit);
  t.set(TANDEM_SYS_BRK, sys_brk);
  t.set(TANDEM_SYS_INPUT_SIZE, sys_input_size);
  t.set(TANDEM_SYS_INPUT_READ, sys_input_read);
  t.set(TANDEM_SYS_OUTPUT, sys_output);
  t.set(TANDEM_SYS_GAS_LEFT, sys_gas_left);
  t.set_range(TANDEM_SYS_COPROC_FIRST, TANDEM_SYS_COPROC_LAST, sys_coproc);
  t.fallback = {policy == UnknownSyscall::trap ? sys_trap : sys_enosys, nullptr};
  return t;
}

}  // namespace

const vm::SyscallTable& syscall_table(UnknownSyscall policy) {
  static const vm::SyscallTable enosys = make_table(UnknownSyscall::enosys);
  static const vm::SyscallTable trap = make_table(UnknownSyscall::trap);
  return policy == UnknownSyscall::trap ? trap : enosys;
}

}  // namespace tandem::detail
