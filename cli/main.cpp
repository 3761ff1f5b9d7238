// cli/main.cpp: `tandem`, the command-line front end.  Parses the command line with CLI11 and
// hands over to a subcommand.  Exit codes are documented in docs/cli.md.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli.h"
#include "tandem/tandem.h"

int main(int argc, char** argv) {
  using namespace tandem;
  CLI::App app{"tandem: a sandboxed, deterministic, gas-metered RISC-V virtual machine for static "
               "RISC-V ELF programs, with native coprocessors.",
               "tandem"};
  app.set_version_flag("--version", std::string("tandem ") + TANDEM_VERSION_STRING, "Print the version and exit");
  app.require_subcommand(0, 1);
  app.footer(
      "Examples:\n"
      "  tandem run hello.elf                     run a program; its exit code becomes tandem's\n"
      "  tandem run prog.elf --input data.bin --gas 100000000 --stats\n"
      "  tandem run prog.elf --json -- arg1 arg2  one JSON object on stdout after the run\n"
      "  tandem inspect prog.elf                  what the loader sees, or why it refuses the file\n"
      "  tandem precompile 0x02 68656c6c6f        an Ethereum precompile: output and gas\n"
      "\n"
      "Run 'tandem COMMAND --help' for a command's options.  See docs/cli.md.");

  // Parse errors: one line in tandem's own style, pointing at the right --help.
  app.failure_message([](const CLI::App* root, const CLI::Error& e) {
    std::string cmd = "tandem";
    for (const CLI::App* sub : root->get_subcommands()) cmd += " " + sub->get_name();
    return "tandem: " + std::string(e.what()) + " (see '" + cmd + " --help')\n";
  });

  std::vector<cli::Command> commands;
  commands.push_back(cli::add_run_command(app));
  commands.push_back(cli::add_inspect_command(app));
  commands.push_back(cli::add_precompile_command(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version print and exit 0; every real parse error is a usage error.
    const int rc = app.exit(e);
    return rc == 0 ? 0 : kExitUsage;
  }

  for (const auto& c : commands) {
    if (c.app->parsed()) return c.run();
  }
  cli::write_all(2, app.help());
  cli::print_error("no command given; use 'tandem run PROGRAM.elf' or 'tandem inspect PROGRAM.elf'");
  return kExitUsage;
}
