// runtime/machine.cpp: Machine = program + arena + system calls + limits.  Lays out guest memory
// (image, heap, guard gap, stack), builds the Linux-style initial stack, runs the VM and turns its
// final state into a Result.  Nothing a guest does can make this code fail other than by value.
#include <sys/mman.h>

#include <cctype>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "runtime/machine_impl.h"
#include "runtime/program_data.h"

namespace tandem {

namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kMinMemory = 64 * 1024;
constexpr uint64_t kMaxMemoryRv64 = 64ull << 30;
constexpr uint64_t kMaxMemoryRv32 = 4ull << 30;

uint64_t page_up(uint64_t v) { return (v + kPage - 1) & ~(kPage - 1); }

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
  return buf;
}

}  // namespace

Machine::Impl::~Impl() {
  if (arena) munmap(arena, arena_bytes);
}

Machine::Machine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Machine::Machine(Machine&&) noexcept = default;
Machine& Machine::operator=(Machine&&) noexcept = default;
Machine::~Machine() = default;

const MachineOptions& Machine::options() const noexcept { return impl_->options; }

void Machine::interrupt() noexcept { impl_->cpu.interrupt.store(true, std::memory_order_relaxed); }

Expected<Machine> Machine::create(const Program& program, MachineOptions options) {
  const unsigned xlen = program.xlen();
  const uint64_t max_mem = xlen == 32 ? kMaxMemoryRv32 : kMaxMemoryRv64;
  if (options.memory < kMinMemory || options.memory > max_mem)
    return Error{"memory must be between 64K and " + std::string(xlen == 32 ? "4G on rv32" : "64G on rv64") +
                 ", got " + std::to_string(options.memory)};
  if (options.memory % kPage) return Error{"memory must be a multiple of 4096 bytes"};
  if (options.stack < kPage || options.stack % 16 || options.stack >= options.memory)
    return Error{"stack must be at least 4K, a multiple of 16 and smaller than memory"};
  if (options.args.empty()) options.args.push_back("guest");

  auto impl = std::make_unique<Impl>(program, std::move(options));
  Impl& m = *impl;
  const MachineOptions& o = m.options;
  const auto& data = program.data();
  vm::Cpu& cpu = m.cpu;
  cpu.xlen = xlen;
  cpu.text = &data.text;
  cpu.syscalls = &detail::syscall_table(o.unknown_syscall);
  cpu.host = &m;
  m.bus.configure(o.coprocessors ? o.coprocessors : CoprocessorSet::builtin(), o.time_coprocessors,
                  o.resident_memory ? o.resident_memory : o.memory, o.coprocessor_threads);
  cpu.gas = cpu.gas_limit = o.gas_limit;
  m.result.gas_limit = o.gas_limit;

  auto fail = [&](std::string msg) {
    Result r;
    r.status = Status::out_of_memory;
    r.gas_limit = o.gas_limit;
    r.message = std::move(msg);
    m.failed = std::move(r);
    return Machine(std::move(impl));
  };

  // Layout: [image_lo .. image_end) image, heap from brk_min up to brk_max, guard, stack at top.
  uint64_t image_lo = UINT64_MAX, image_end = 0, data_lo = UINT64_MAX;
  for (const auto& s : data.image.segments) {
    image_lo = std::min(image_lo, s.vaddr);
    image_end = std::max(image_end, s.vaddr + s.memsz);
    if (s.flags & vm::kPF_W) data_lo = std::min(data_lo, s.vaddr);
  }
  const uint64_t stack_lo = o.memory - o.stack;
  const uint64_t brk_min = page_up(image_end);
  if (brk_min > stack_lo || stack_lo - brk_min < o.stack_guard)
    return fail("out of memory: the program occupies up to " + hex(image_end) + ", the stack starts at " +
                hex(stack_lo) + " and needs a " + std::to_string(o.stack_guard) +
                "-byte guard below it; give the machine more memory");
  cpu.mem.size = o.memory;
  cpu.mem.image_lo = image_lo;
  cpu.mem.data_lo = data_lo == UINT64_MAX ? brk_min : data_lo;
  cpu.mem.brk = cpu.mem.brk_min = brk_min;
  cpu.mem.brk_max = stack_lo - o.stack_guard;
  cpu.mem.stack_lo = stack_lo;

  // Reserve without committing: untouched pages cost nothing and read as zero.
  void* p = mmap(nullptr, o.memory, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return fail("out of memory: the host could not reserve " + std::to_string(o.memory) + " bytes");
  m.arena = static_cast<uint8_t*>(p);
  m.arena_bytes = o.memory;
  cpu.mem.base = m.arena;
  for (const auto& s : data.image.segments)
    if (s.filesz) std::memcpy(m.arena + s.vaddr, data.image.bytes.data() + s.offset, std::min(s.filesz, s.memsz));

  // Initial stack, Linux style: argc, argv[], NULL, envp NULL, auxv {AT_NULL, 0}, strings above.
  const unsigned w = xlen / 8;
  uint64_t top = o.memory;
  std::vector<uint64_t> argv;
  uint64_t strings = 0;
  for (const auto& a : o.args) strings += a.size() + 1;
  const uint64_t vec_bytes = (1 + o.args.size() + 1 + 1 + 2) * w;
  if (strings + vec_bytes + 64 > o.stack) return Error{"arguments do not fit in the stack"};
  for (const auto& a : o.args) {
    top -= a.size() + 1;
    std::memcpy(m.arena + top, a.c_str(), a.size() + 1);
    argv.push_back(top);
  }
  uint64_t sp = (top - vec_bytes) & ~uint64_t(15);
  uint64_t at = sp;
  auto put = [&](uint64_t v) {
    std::memcpy(m.arena + at, &v, w);
    at += w;
  };
  put(o.args.size());
  for (uint64_t a : argv) put(a);
  put(0);  // argv terminator
  put(0);  // envp terminator
  put(0), put(0);  // AT_NULL
  cpu.x[2] = sp;
  cpu.pc = data.image.entry;
  return Machine(std::move(impl));
}

Result Machine::run() {
  Impl& m = *impl_;
  if (m.failed) return *m.failed;
  if (m.ran) return m.result;
  m.ran = true;
  vm::Cpu& cpu = m.cpu;
  const auto t0 = std::chrono::steady_clock::now();
  const uint64_t k0 = bus::Bus::ticks();
  vm::run(cpu);
  const uint64_t k1 = bus::Bus::ticks();
  const auto ns = uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count());

  Result& r = m.result;
  r.status = cpu.status();
  r.exit_code = cpu.exit_code();
  r.gas_limit = cpu.gas_limit;
  r.gas_used = cpu.gas_limit - cpu.gas;
  r.instructions = cpu.instret;
  r.pc = cpu.pc;
  r.fault_address = cpu.fault_address();
  r.coprocessors = m.bus.stats(bus::Bus::ns_per_tick(k0, k1, ns));
  const std::string at = " at pc " + hex(r.pc);
  switch (r.status) {
    case Status::exited: r.message = "exited with code " + std::to_string(r.exit_code); break;
    case Status::out_of_gas: r.message = "out of gas" + at + " (limit " + std::to_string(r.gas_limit) + ")"; break;
    case Status::load_fault:
    case Status::store_fault: {
      const bool load = r.status == Status::load_fault;
      std::string why;
      const auto& mem = cpu.mem;
      const uint64_t a = r.fault_address;
      if (a >= mem.size) why = "outside the " + std::to_string(mem.size) + "-byte arena";
      else if (a >= mem.brk && a < mem.stack_lo) why = a >= mem.brk_max ? "in the guard gap below the stack (stack overflow?)" : "beyond the heap's end (brk " + hex(mem.brk) + ")";
      else if (a < mem.image_lo) why = "below the program image (null pointer?)";
      else if (!load && a < mem.data_lo) why = "in read-only memory (code or constants)";
      else why = "across the end of a mapped range";
      r.message = std::string(load ? "load fault" : "store fault") + at + ": address " + hex(a) + " " + why;
      break;
    }
    case Status::fetch_fault: {
      const auto& t = m.program.data().text;
      const bool in_text = r.fault_address >= t.base && r.fault_address - t.base < t.size;
      r.message = "fetch fault" + at + ": " + hex(r.fault_address) +
                  (in_text ? " is not inside an executable segment" : " is not executable code");
      break;
    }
    case Status::illegal_instruction: {
      uint32_t bits = 0;
      const auto& t = m.program.data();
      for (const auto& s : t.image.segments) {
        if (r.pc >= s.vaddr && r.pc - s.vaddr < s.memsz) {
          const uint64_t off = r.pc - s.vaddr;
          const uint64_t n = off < s.filesz ? std::min<uint64_t>(4, s.filesz - off) : 0;
          if (n) std::memcpy(&bits, t.image.bytes.data() + s.offset + off, n);
        }
      }
      char buf[64];
      if ((bits & 3) != 3) std::snprintf(buf, sizeof buf, "illegal instruction 0x%04x", bits & 0xffff);
      else std::snprintf(buf, sizeof buf, "illegal instruction 0x%08x", bits);
      r.message = buf + at;
      break;
    }
    case Status::misaligned_fetch:
      r.message = "misaligned fetch" + at + ": the program was built without compressed instructions, so code must be 4-byte aligned";
      break;
    case Status::interrupted: r.message = "interrupted by the host" + at; break;
    case Status::unknown_syscall: r.message = "unknown system call " + std::to_string(cpu.x[17]) + at; break;
    case Status::output_limit: r.message = "output limit of " + std::to_string(m.options.max_output) + " bytes exceeded" + at; break;
    default: r.message = std::string(describe(r.status)) + at; break;
  }
  return r;
}

Expected<uint64_t> parse_size(std::string_view text) {
  std::string s(text);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  uint64_t v = 0;
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return Error{"invalid size '" + std::string(text) + "': expected a number with an optional K, M or G suffix"};
  if (s.find('.') != std::string::npos) return Error{"invalid size '" + std::string(text) + "': use a whole number of bytes, K, M or G"};
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    const uint64_t d = uint64_t(s[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return Error{"size '" + std::string(text) + "' is too large"};
    v = v * 10 + d;
    ++i;
  }
  std::string suffix;
  for (; i < s.size(); ++i) suffix += char(std::toupper(static_cast<unsigned char>(s[i])));
  unsigned shift = 0;
  if (suffix.empty() || suffix == "B") shift = 0;
  else if (suffix == "K" || suffix == "KB" || suffix == "KIB") shift = 10;
  else if (suffix == "M" || suffix == "MB" || suffix == "MIB") shift = 20;
  else if (suffix == "G" || suffix == "GB" || suffix == "GIB") shift = 30;
  else return Error{"invalid size suffix in '" + std::string(text) + "': use K, M or G"};
  if (shift && v > (UINT64_MAX >> shift)) return Error{"size '" + std::string(text) + "' is too large"};
  return v << shift;
}

Expected<Result> run_file(const std::string& path, MachineOptions options) {
  auto program = Program::from_file(path);
  if (!program) return Error{program.error()};
  auto machine = Machine::create(*program, std::move(options));
  if (!machine) return Error{machine.error()};
  return machine->run();
}

}  // namespace tandem
