// examples/custom_coprocessor/host.cpp: embedding tandem with a coprocessor of your own.
//
// Registers "example.dot_i32" (number 0x2f10): the dot product of two int32 vectors, a typical
// piece of structured work a host wants to do natively.  The guest (guest.c) passes its vectors
// as (pointer, length) pairs and gets the result back in a1; the bus checks the guest's ranges, the
// operation sees plain byte spans.  No change to tandem itself is needed.
//
// usage: custom_coprocessor_host GUEST.elf
#include <cstdio>
#include <cstring>

#include "tandem/tandem.h"

namespace {

tandem::CoprocessorOp dot_i32() {
  tandem::CoprocessorOp op;
  op.number = 0x2f10;
  op.name = "example.dot_i32";
  op.args[0] = tandem::Arg::in;  // a: n int32 values
  op.args[1] = tandem::Arg::in;  // b: n int32 values
  // Pure and cheap: checks the shapes and prices the work (about 1 gas per 4 elements).
  op.analyze = [](const tandem::CoprocArgs& a, uint64_t& gas) -> int64_t {
    if (a.in[0].size() != a.in[1].size() || a.in[0].size() % 4) return tandem::coproc_error::invalid;
    gas = 10 + a.in[0].size() / 16;
    return 0;
  };
  op.execute = [](const tandem::CoprocArgs& a, uint64_t& value) -> int64_t {
    int64_t sum = 0;
    for (size_t i = 0; i < a.in[0].size(); i += 4) {
      int32_t x, y;
      std::memcpy(&x, a.in[0].data() + i, 4);
      std::memcpy(&y, a.in[1].data() + i, 4);
      sum += int64_t(x) * y;
    }
    value = uint64_t(sum);
    return 0;
  };
  return op;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s GUEST.elf\n", argv[0]);
    return 2;
  }
  auto program = tandem::Program::from_file(argv[1]);
  if (!program) {
    std::fprintf(stderr, "%s\n", program.error().c_str());
    return 120;
  }
  // Start from the built-in operations and add ours.
  auto set = std::make_shared<tandem::CoprocessorSet>(*tandem::CoprocessorSet::builtin());
  if (auto added = set->add(dot_i32()); !added) {
    std::fprintf(stderr, "%s\n", added.error().c_str());
    return 1;
  }
  tandem::MachineOptions options;
  options.coprocessors = set;
  options.gas_limit = 100'000'000;
  options.on_stdout = [](std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); };
  auto machine = tandem::Machine::create(*program, options);
  if (!machine) {
    std::fprintf(stderr, "%s\n", machine.error().c_str());
    return 120;
  }
  const tandem::Result r = machine->run();
  std::fflush(stdout);
  std::printf("host: %s; %llu instructions, %llu gas\n", r.message.c_str(), (unsigned long long)r.instructions,
              (unsigned long long)r.gas_used);
  for (const auto& s : r.coprocessors)
    std::printf("host: %-16s calls %llu, gas %llu, bytes in %llu, %llu ns\n", s.name.c_str(),
                (unsigned long long)s.calls, (unsigned long long)s.gas, (unsigned long long)s.bytes_in,
                (unsigned long long)s.nanoseconds);
  return r.status == tandem::Status::exited ? int(r.exit_code & 0xff) : 1;
}
