// An RFC 4180 CSV reader for the exports hitl reads (MTurk batch results, Qualtrics).
//
// Takes what real exports contain: quoted fields holding commas, doubled quotes and line breaks;
// CRLF or LF line ends; a UTF-8 byte order mark; a missing line end at the end of the file.
// Refuses, naming the line and column: an unterminated quote, a quote inside an unquoted field,
// text after a closing quote, invalid UTF-8, NUL bytes. Every record remembers the line it starts
// on so that later errors can point at it.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hitl/base/result.hpp"

namespace hitl {

struct CsvRecord {
  int line = 0;  // 1-based line on which the record starts
  std::vector<std::string> fields;
};

struct CsvTable {
  std::string file;                // the name used in messages
  std::vector<CsvRecord> records;  // every record, the header row(s) included
};

// Parses CSV text. `file` is only used in messages.
Result<CsvTable> parse_csv(std::string_view text, std::string file);

// Reads and parses a CSV file (refuses files over 1 GiB).
Result<CsvTable> read_csv_file(const std::string& path);

// The columns of a header row, looked up by name.
class CsvHeader {
 public:
  CsvHeader() = default;
  explicit CsvHeader(const CsvRecord& header_row);

  // Index of the column with exactly this name, or nullopt.
  std::optional<std::size_t> find(std::string_view name) const;
  // Index of the first column whose name matches one of these names, ignoring ASCII case.
  std::optional<std::size_t> find_any_ignoring_case(
      std::initializer_list<std::string_view> names) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
};

// A field of a record by column index; an empty view when the record is shorter.
std::string_view field_or_empty(const CsvRecord& record, std::optional<std::size_t> column);

}  // namespace hitl
