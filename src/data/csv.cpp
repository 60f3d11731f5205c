// RFC 4180 CSV parsing with line tracking, strict about what the RFC forbids.
#include "hitl/data/csv.hpp"

#include "hitl/base/text.hpp"

namespace hitl {

Result<CsvTable> parse_csv(std::string_view text, std::string file) {
  CsvTable table;
  table.file = file;

  std::size_t start = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") start = 3;  // UTF-8 byte order mark (Excel, Qualtrics)

  if (const auto bad = find_invalid_utf8(text)) {
    const auto pos = position_of_offset(text, *bad);
    return error_at(
        file, pos.line, pos.column, "", "invalid UTF-8 byte 0x" + [&] {
          static const char* hex = "0123456789abcdef";
          const auto c = static_cast<unsigned char>(text[*bad]);
          return std::string{hex[c >> 4], hex[c & 15]};
        }() + "; expected a UTF-8 text file (re-export the CSV as UTF-8)");
  }

  int line = 1;
  int column = 1;
  std::size_t i = start;
  const std::size_t n = text.size();

  const auto error_here = [&](std::string message) {
    return error_at(file, line, column, "", std::move(message));
  };

  // Consumes one line end at i (CRLF, LF or a lone CR) and advances the position.
  const auto take_line_end = [&]() -> bool {
    if (i < n && text[i] == '\r') {
      ++i;
      if (i < n && text[i] == '\n') ++i;
    } else if (i < n && text[i] == '\n') {
      ++i;
    } else {
      return false;
    }
    ++line;
    column = 1;
    return true;
  };

  if (i >= n) return table;  // an empty file is an empty table; callers say what they expected

  while (i < n) {
    if (take_line_end()) continue;  // a blank line holds no record
    CsvRecord record;
    record.line = line;
    for (;;) {  // one field per turn
      std::string field;
      if (i < n && text[i] == '"') {
        const int quote_line = line, quote_column = column;
        ++i;
        ++column;
        for (;;) {
          if (i >= n) {
            return error_at(file, quote_line, quote_column, "",
                            "quoted field is never closed; expected a closing \" before the end "
                            "of the file");
          }
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {  // "" is an escaped quote
              field += '"';
              i += 2;
              column += 2;
              continue;
            }
            ++i;
            ++column;
            break;
          }
          if (c == '\r' || c == '\n') {
            // Line breaks inside quotes belong to the field; keep them as the export wrote them.
            field += c;
            if (c == '\r' && i + 1 < n && text[i + 1] == '\n') {
              field += '\n';
              ++i;
            }
            ++i;
            ++line;
            column = 1;
            continue;
          }
          if (c == '\0') return error_here("NUL byte inside a field; expected text");
          field += c;
          ++i;
          ++column;
        }
        if (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
          return error_here("unexpected " + quoted(text.substr(i, 1)) +
                            " after a closing quote; expected a comma or the end of the line");
        }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
          if (text[i] == '"') {
            return error_here(
                "quote inside an unquoted field; expected the whole field in quotes, with "
                "inner quotes doubled (\"\")");
          }
          if (text[i] == '\0') return error_here("NUL byte inside a field; expected text");
          field += text[i];
          ++i;
          ++column;
        }
      }
      record.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        ++i;
        ++column;
        continue;
      }
      take_line_end();
      break;
    }
    table.records.push_back(std::move(record));
  }
  return table;
}

Result<CsvTable> read_csv_file(const std::string& path) {
  auto bytes = read_file(path, std::uint64_t{1} << 30);
  if (!bytes) return bytes.error();
  return parse_csv(*bytes, path);
}

CsvHeader::CsvHeader(const CsvRecord& header_row) : names_(header_row.fields) {
  for (auto& name : names_) name = std::string(trim(name));
}

std::optional<std::size_t> CsvHeader::find(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> CsvHeader::find_any_ignoring_case(
    std::initializer_list<std::string_view> names) const {
  for (const auto wanted : names) {
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (iequals_ascii(names_[i], wanted)) return i;
    }
  }
  return std::nullopt;
}

std::string_view field_or_empty(const CsvRecord& record, std::optional<std::size_t> column) {
  if (!column || *column >= record.fields.size()) return {};
  return record.fields[*column];
}

}  // namespace hitl
