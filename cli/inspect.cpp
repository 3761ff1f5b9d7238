// cli/inspect.cpp: `tandem inspect PROGRAM.elf`: what the loader sees in a program, or why it
// refuses it.
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli.h"
#include "tandem/tandem.h"

namespace tandem::cli {
namespace {

struct InspectArgs {
  std::string program;
  bool json = false;
};

constexpr uint32_t kRVC = 0x1, kFloatAbiMask = 0x6, kRVE = 0x8, kTSO = 0x10;

std::string float_abi(uint32_t flags) {
  switch ((flags & kFloatAbiMask) >> 1) {
    case 0: return "soft";
    case 1: return "single";
    case 2: return "double";
    default: return "quad";
  }
}

std::string perms(const SegmentInfo& s) {
  return std::string(s.read ? "r" : "-") + (s.write ? "w" : "-") + (s.execute ? "x" : "-");
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

int inspect_command(const InspectArgs& a) {
  auto program = Program::from_file(a.program);
  if (!program) {
    print_error(program.error());
    if (a.json) {
      nlohmann::ordered_json j = {{"file", a.program}, {"error", program.error()}};
      write_all(1, json_line(j));
    }
    return kExitLoadError;
  }
  const Program& p = *program;
  const uint32_t flags = p.elf_flags();

  if (a.json) {
    nlohmann::ordered_json segs = nlohmann::ordered_json::array();
    for (const SegmentInfo& s : p.segments()) {
      segs.push_back({{"vaddr", s.vaddr},
                      {"memsz", s.memsz},
                      {"filesz", s.filesz},
                      {"offset", s.offset},
                      {"permissions", perms(s)},
                      {"read", s.read},
                      {"write", s.write},
                      {"execute", s.execute}});
    }
    nlohmann::ordered_json j = {{"file", a.program},
                        {"class", p.xlen() == 64 ? "RV64" : "RV32"},
                        {"xlen", p.xlen()},
                        {"entry", p.entry()},
                        {"e_flags", flags},
                        {"rvc", (flags & kRVC) != 0},
                        {"float_abi", float_abi(flags)},
                        {"rve", (flags & kRVE) != 0},
                        {"tso", (flags & kTSO) != 0},
                        {"segments", segs},
                        {"text_begin", p.text_begin()},
                        {"text_end", p.text_end()},
                        {"tls", p.has_tls()}};
    write_all(1, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    return 0;
  }

  std::string flag_text = hex_number(flags) + " (";
  flag_text += (flags & kRVC) ? "RVC" : "no RVC";
  flag_text += ", " + float_abi(flags) + "-float ABI";
  if (flags & kRVE) flag_text += ", RVE";
  if (flags & kTSO) flag_text += ", TSO";
  flag_text += ")";

  std::string s;
  s += "file      " + a.program + "\n";
  s += "class     " + std::string(p.xlen() == 64 ? "ELF64 (RV64)" : "ELF32 (RV32)") + "\n";
  s += "entry     " + hex_number(p.entry()) + "\n";
  s += "e_flags   " + flag_text + "\n";
  s += "text      [" + hex_number(p.text_begin()) + ", " + hex_number(p.text_end()) + ")  " +
       grouped(p.text_end() - p.text_begin()) + " bytes\n";
  s += "tls       " + std::string(p.has_tls() ? "yes" : "no") + "\n";
  s += "segments  " + std::to_string(p.segments().size()) + "\n";
  s += "  " + pad("vaddr", 20) + pad("memsz", 14) + pad("filesz", 14) + pad("offset", 12) + "perm\n";
  for (const SegmentInfo& g : p.segments()) {
    s += "  " + pad(hex_number(g.vaddr), 20) + pad(hex_number(g.memsz), 14) + pad(hex_number(g.filesz), 14) +
         pad(hex_number(g.offset), 12) + perms(g) + "\n";
  }
  write_all(1, s);
  return 0;
}

}  // namespace

Command add_inspect_command(CLI::App& parent) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "inspect", "Show what the loader sees in a program (class, entry, flags, segments), or why it refuses it");
  cmd->add_option("program", args->program, "A static RISC-V ELF file")->required();
  cmd->add_flag("--json", args->json, "Print one JSON object instead of text");
  cmd->footer(
      "Exit code: 0 when the program loads, 120 (with the loader's reason on stderr) when it does not.\n"
      "\n"
      "Examples:\n"
      "  tandem inspect hello.elf\n"
      "  tandem inspect prog.elf --json\n"
      "  tandem inspect gnu-ld-output.elf     explains, e.g., why a W+X segment is refused");
  return Command{cmd, [args] { return inspect_command(*args); }};
}

}  // namespace tandem::cli
