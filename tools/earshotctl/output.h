// Output: what earshotctl prints on stdout. Commands build their answer as
// one JSON value; under --json it is printed as one JSON document, else it
// is rendered for people: an array of objects as a table (a header row,
// then aligned columns), an object as `label: value` lines.
//
// Everything is buffered and written only when the command's transaction
// has committed, so a failed command prints nothing on stdout (and an API
// key is never shown for a key that was not stored).
//
// Human rendering escapes control characters and invalid UTF-8, so data
// from the database or a delivery can never drive the terminal.
//
// Thread-safety: an Output belongs to one thread.

#ifndef EARSHOT_TOOLS_EARSHOTCTL_OUTPUT_H_
#define EARSHOT_TOOLS_EARSHOTCTL_OUTPUT_H_

#include <rapidjson/document.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::ctl {

enum class CellStyle {
  kText,
  // An RFC 3339 UTC datetime, shown to the second
  // ("2026-11-27T09:00:00.123456Z" as "2026-11-27T09:00:00Z").
  kTime,
};

// One column of a table, or one line of a record.
struct Column {
  const char* key;     // the member of each row object
  const char* header;  // table header (upper-cased) or record label
  CellStyle style = CellStyle::kText;
  // Longer cells are cut, ending with "..."; 0 for no limit.
  size_t max_width = 0;
  // Shown for null, and for an empty array.
  const char* null_text = "-";
};

// A cell as people see it: null as column.null_text, booleans as yes/no,
// arrays joined with ", ", objects as compact JSON; control characters and
// invalid UTF-8 escaped (\n, \x01).
std::string CellText(const rapidjson::Value& value, const Column& column);

// `rows` (an array of objects) as a table ending with a newline: a header
// row, then one line per row, columns separated by two spaces, numeric
// columns right-aligned, no trailing blanks. No rows: "(none)".
std::string FormatTable(const std::vector<Column>& columns,
                        const rapidjson::Value& rows);

// `object`'s members named by `fields`, one `label: value` line each,
// values aligned.
std::string FormatRecord(const std::vector<Column>& fields,
                         const rapidjson::Value& object);

// `value` as indented JSON, ending with a newline.
std::string FormatJson(const rapidjson::Value& value);

// Escapes control characters and invalid UTF-8 in `text` (see CellText);
// with `keep_newlines`, '\n' and '\t' are kept as they are.
std::string Printable(std::string_view text, bool keep_newlines = false);

// Code points in `text` (valid UTF-8): its width on a terminal, near enough.
size_t DisplayWidth(std::string_view text);

class Output {
 public:
  explicit Output(bool json) : json_(json) {}

  bool json() const { return json_; }

  // Human text, printed as is.
  void Print(std::string_view text) { text_.append(text); }
  // The JSON document (under --json; a command prints exactly one).
  void PrintJson(const rapidjson::Value& value) { text_ += FormatJson(value); }
  // Rows as a JSON array, or as a table.
  void PrintTable(const std::vector<Column>& columns,
                  const rapidjson::Value& rows);
  // An object as JSON, or as a record.
  void PrintRecord(const std::vector<Column>& fields,
                   const rapidjson::Value& object);

  // What to write on stdout once the command has succeeded.
  const std::string& text() const { return text_; }
  void Clear() { text_.clear(); }

 private:
  bool json_;
  std::string text_;
};

}  // namespace earshot::ctl

#endif  // EARSHOT_TOOLS_EARSHOTCTL_OUTPUT_H_
