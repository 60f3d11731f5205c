// Formatting of diagnostics: one line each, "file:line:column: field: message".
#include "hitl/base/diagnostic.hpp"

namespace hitl {

std::string Diagnostic::to_string() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) {
      out += ':' + std::to_string(line);
      if (column > 0) out += ':' + std::to_string(column);
    }
    out += ": ";
  }
  if (severity == Severity::warning) out += "warning: ";
  if (!field.empty()) out += field + ": ";
  out += message;
  return out;
}

Diagnostic error_at(std::string file, int line, int column, std::string field,
                    std::string message) {
  return {Severity::error, std::move(file), line, column, std::move(field), std::move(message)};
}

Diagnostic warning_at(std::string file, int line, int column, std::string field,
                      std::string message) {
  return {Severity::warning, std::move(file), line, column, std::move(field), std::move(message)};
}

}  // namespace hitl
