// runtime/status.cpp: names, descriptions and CLI exit codes of run outcomes, from one list.
#include "tandem/status.h"

namespace tandem {

std::string_view to_string(Status s) noexcept {
  switch (s) {
#define TANDEM_X(name, code, text) \
  case Status::name: return #name;
    TANDEM_STATUS_LIST(TANDEM_X)
#undef TANDEM_X
  }
  return "unknown";
}

std::string_view describe(Status s) noexcept {
  switch (s) {
#define TANDEM_X(name, code, text) \
  case Status::name: return text;
    TANDEM_STATUS_LIST(TANDEM_X)
#undef TANDEM_X
  }
  return "unknown status";
}

int cli_exit_code(Status s) noexcept {
  switch (s) {
#define TANDEM_X(name, code, text) \
  case Status::name: return code;
    TANDEM_STATUS_LIST(TANDEM_X)
#undef TANDEM_X
  }
  return 125;
}

}  // namespace tandem
