// Result<T>: a value, or the Diagnostic that says why there is none. Errors are values at the
// boundaries of hitl (loaders, decoders, commands); inside, code asserts what it relies on.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "hitl/base/diagnostic.hpp"

namespace hitl {

// The value of a Result<Done>: success with nothing to return.
struct Done {};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit on purpose, like expected
  Result(Diagnostic error) : state_(std::move(error)) {  // NOLINT
    std::get<Diagnostic>(state_).severity = Severity::error;
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // The value; calling these on an error is a programmer mistake.
  T& value() & {
    assert(ok() && "Result::value() called on an error: check ok() first");
    return std::get<T>(state_);
  }
  const T& value() const& {
    assert(ok() && "Result::value() called on an error: check ok() first");
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(ok() && "Result::value() called on an error: check ok() first");
    return std::get<T>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // The error; calling this on a success is a programmer mistake.
  const Diagnostic& error() const {
    assert(!ok() && "Result::error() called on a success");
    return std::get<Diagnostic>(state_);
  }

 private:
  std::variant<T, Diagnostic> state_;
};

using Status = Result<Done>;

}  // namespace hitl
