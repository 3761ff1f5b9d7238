// tandem/expected.h: a value or an error message, for operations that can fail on bad input
// (loading a program, creating a machine).  A small stand-in for C++23 std::expected.
#pragma once
#include <optional>
#include <string>
#include <utility>

namespace tandem {

struct Error {
  std::string message;  // one line, says what is wrong and, where there is one, the fix
};

template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : value_(std::move(value)) {}               // NOLINT(google-explicit-constructor)
  Expected(Error error) : error_(std::move(error.message)) {}   // NOLINT(google-explicit-constructor)

  bool has_value() const noexcept { return value_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  // Valid only when !has_value().
  const std::string& error() const noexcept { return error_; }

 private:
  std::optional<T> value_;
  std::string error_;
};

}  // namespace tandem
