#pragma once
// Text that a spreadsheet would take for a formula when it opens a CSV file: a cell that
// begins with '=', '+', '-' or '@' (or a tab or carriage return, which some programs strip
// before looking) is run as a formula ("formula injection", e.g. a device host name
// "=HYPERLINK(...)"). The rule of the exports: such a text cell is written with a single
// quote in front ("'=1+2"), which every spreadsheet shows as text and never runs. Numbers and
// dates are never prefixed: they are typed cells, not text. XLSX needs no prefix, because
// its text cells are stored as strings, which Excel never evaluates.

#include <string_view>

namespace keyward::exports {

bool looks_like_formula(std::string_view text);

}  // namespace keyward::exports
