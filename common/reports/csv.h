// CSV as RFC 4180 describes it, for exports that people open in
// spreadsheets: fields separated by commas, records ended by CRLF, a field
// quoted when it holds a comma, a quote, CR or LF (quotes doubled). Text is
// passed through as UTF-8, byte for byte.
//
// Formula injection: a spreadsheet runs a cell starting with `=`, `+`,
// `-` or `@` as a formula (`=HYPERLINK(...)` from a delivery would become
// a link or worse), and some also after a leading tab or CR. Such a cell
// gets a leading `'`, which spreadsheets show as text. Numbers written by
// earshot itself (a negative score) go through CsvNumber, which does not.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_REPORTS_CSV_H_
#define EARSHOT_COMMON_REPORTS_CSV_H_

#include <string>
#include <string_view>
#include <vector>

namespace earshot {

// One text field, neutralised and quoted as needed.
std::string CsvField(std::string_view text);

// A number earshot formatted (digits, sign, point): quoted only if needed,
// never prefixed, so it stays a number in a spreadsheet.
std::string CsvNumber(std::string_view digits);

// A record: the fields (already made by CsvField/CsvNumber) joined by
// commas, ending with CRLF.
std::string CsvRecord(const std::vector<std::string>& fields);

}  // namespace earshot

#endif  // EARSHOT_COMMON_REPORTS_CSV_H_
