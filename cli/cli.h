// cli/cli.h: the `tandem` command's subcommands and the small helpers they share.
// The CLI sees only the public API (include/tandem/); it never reaches into vm/ or runtime/.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace CLI {
class App;
}

namespace tandem::cli {

// A subcommand: its CLI11 node and what to do when it was chosen (returns the exit code).
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command add_run_command(CLI::App& parent);
Command add_inspect_command(CLI::App& parent);
Command add_precompile_command(CLI::App& parent);

// Writes all of `bytes` to a file descriptor with write(2), retrying on EINTR and short writes.
// Returns false on error (errno set).
bool write_all(int fd, std::string_view bytes);
// "tandem: <message>\n" on stderr.
void print_error(std::string_view message);
// Reads a whole file ("-": standard input).  On failure returns false and sets `error`.
bool read_whole_file(const std::string& path, std::string& out, std::string& error);
// One JSON value on one line, newline-terminated; bytes that are not UTF-8 become U+FFFD, so
// guest output can never make the line invalid JSON.
std::string json_line(const nlohmann::ordered_json& j);
// Lowercase hex of raw bytes.
std::string to_hex(std::string_view bytes);
// "0x" followed by lowercase hex.
std::string hex_number(uint64_t v);
// Decimal with thousands separators: 1,234,567.
std::string grouped(uint64_t v);
// Parses a decimal count ("1000000"); false for anything else, including overflow.
bool parse_count(std::string_view text, uint64_t& out);

}  // namespace tandem::cli
