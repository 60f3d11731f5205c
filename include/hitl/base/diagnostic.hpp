// Diagnostics: what went wrong (or looks wrong) in an input, and exactly where.
//
// Every loader reports problems as Diagnostics so that a user can go straight to the spot:
// the file, the line and column (or the field: a CSV column name or a JSON path), and what was
// expected there. Errors stop a load; warnings are collected and the load goes on.
#pragma once

#include <string>
#include <vector>

namespace hitl {

enum class Severity { warning, error };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;     // the path as the user gave it; empty when not about a file
  int line = 0;         // 1-based; 0 when unknown or not applicable
  int column = 0;       // 1-based, counted in bytes; 0 when unknown
  std::string field;    // CSV column name, JSON path (annotations[3].bbox) or key; may be empty
  std::string message;  // what was found and what was expected

  // "file:line:column: field: message", leaving out the parts that are unknown; warnings start
  // their message with "warning: ".
  std::string to_string() const;
};

// Shorthands that read well at the call site.
Diagnostic error_at(std::string file, int line, int column, std::string field, std::string message);
Diagnostic warning_at(std::string file, int line, int column, std::string field,
                      std::string message);

// Where loaders put warnings: they go on with the load and are reported at the end.
using Warnings = std::vector<Diagnostic>;

}  // namespace hitl
