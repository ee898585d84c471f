#include "tests/golden/expectations.h"

#include <fmt/format.h>

#include <charconv>
#include <map>

namespace credlex::golden {
namespace {

constexpr std::string_view kMarker = "// @";
constexpr std::string_view kDirective = "// golden:";

bool blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

std::string_view trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::string_view without_cr(std::string_view s) {
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

std::optional<long long> parse_number(std::string_view digits) {
  long long value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

// Reads `OFFSET severity[CODE]: message` (what follows the marker). Returns a problem, or
// nothing and fills `e`; `line` is the comment's own line, `own_line` whether it stands alone.
std::optional<std::string> parse_expectation(std::string_view body, std::uint32_t line, bool own_line,
                                             std::size_t line_count, Expected& e) {
  auto space = body.find(' ');
  if (space == std::string_view::npos) return "an expectation needs `@OFFSET severity[CODE]: message`";
  std::string_view offset = body.substr(0, space);
  std::string_view rest = body.substr(space + 1);
  if (offset == "other") {
    if (!own_line) return "`@other` must stand on its own line";
    e.line.reset();
  } else if (offset == "0") {
    if (own_line) return "`@0` is only for a comment after the code it is about; use `@-1` below the line";
    e.line = line;
  } else {
    if (offset.size() < 2 || (offset[0] != '+' && offset[0] != '-'))
      return fmt::format("`@{}` is not an offset: write `@-N`, `@+N`, `@0` or `@other`", offset);
    auto n = parse_number(offset.substr(1));
    if (!n || *n <= 0) return fmt::format("`@{}` is not an offset: write `@-N`, `@+N`, `@0` or `@other`", offset);
    if (!own_line) return "a trailing expectation must use `@0`; `@-N` and `@+N` stand on their own line";
    long long target = offset[0] == '+' ? line + *n : static_cast<long long>(line) - *n;
    if (target < 1 || target > static_cast<long long>(line_count))
      return fmt::format("`@{}` points outside the file", offset);
    e.line = static_cast<std::uint32_t>(target);
  }
  auto bracket = rest.find('[');
  auto close = rest.find("]: ");
  if (bracket == std::string_view::npos || close == std::string_view::npos || close < bracket)
    return "an expectation needs `severity[CODE]: message` after the offset";
  e.severity = std::string(rest.substr(0, bracket));
  if (e.severity != "error" && e.severity != "warning")
    return fmt::format("`{}` is not a severity: write `error` or `warning`", e.severity);
  e.code = std::string(rest.substr(bracket + 1, close - bracket - 1));
  e.message = std::string(rest.substr(close + 3));
  if (e.code.empty() || e.message.empty()) return "an expectation needs a code and a message";
  return std::nullopt;
}

std::optional<std::string> parse_directive(std::string_view body, Directives& d) {
  body = trim(body);
  if (body.starts_with("max_file_bytes=")) {
    auto n = parse_number(body.substr(15));
    if (!n || *n < 0) return "`max_file_bytes=` needs a number of bytes";
    d.max_file_bytes = static_cast<std::size_t>(*n);
    return std::nullopt;
  }
  if (body.starts_with("also ")) {
    auto path = trim(body.substr(5));
    if (path.size() < 3 || path.front() != '"' || path.back() != '"') return "`also` needs a path in quotes";
    d.also.emplace_back(path.substr(1, path.size() - 2));
    return std::nullopt;
  }
  return fmt::format("unknown directive `{}`: the directives are `max_file_bytes=N` and `also \"PATH\"`", body);
}

}  // namespace

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (;;) {
    auto nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(start));
      return lines;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
}

ParsedCase parse_case(std::string_view text) {
  ParsedCase out;
  auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto line = static_cast<std::uint32_t>(i + 1);
    std::string_view s = without_cr(lines[i]);
    if (trim(s).starts_with(kDirective)) {
      if (auto problem = parse_directive(trim(s).substr(kDirective.size()), out.directives))
        out.directive_problems.push_back(fmt::format("line {}: {}", line, *problem));
      continue;
    }
    auto pos = s.find(kMarker);
    if (pos == std::string_view::npos) continue;
    Expected e;
    if (auto problem = parse_expectation(s.substr(pos + kMarker.size()), line, blank(s.substr(0, pos)),
                                         lines.size(), e))
      out.problems.push_back(fmt::format("line {}: {}", line, *problem));
    else {
      out.expected.push_back(std::move(e));
      out.expected_at.push_back(line);
    }
  }
  return out;
}

std::string strip_expectations(std::string_view text) {
  std::string out;
  auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view s = lines[i];
    bool cr = !s.empty() && s.back() == '\r';
    auto pos = without_cr(s).find(kMarker);
    if (pos != std::string_view::npos) {
      if (blank(s.substr(0, pos))) continue;  // the whole line is an expectation
      s = s.substr(0, pos);
      while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
      out += s;
      if (cr) out += '\r';
    } else {
      out += s;
    }
    if (i + 1 < lines.size()) out += '\n';
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

std::string insert_expectations(std::string_view stripped, const std::vector<Expected>& diagnostics) {
  auto lines = split_lines(stripped);  // the last one is empty: `stripped` ends with '\n' or is empty
  const std::size_t end_line = lines.size();
  std::map<std::uint32_t, std::vector<const Expected*>> by_line;
  std::vector<const Expected*> other, at_end;
  for (const auto& d : diagnostics) {
    if (!d.line) other.push_back(&d);
    else if (*d.line >= end_line) at_end.push_back(&d);
    else by_line[*d.line].push_back(&d);
  }
  std::string out;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    std::string_view s = lines[i];
    out += s;
    out += '\n';
    auto it = by_line.find(static_cast<std::uint32_t>(i + 1));
    if (it == by_line.end()) continue;
    std::string_view indent = s.substr(0, std::min(s.size(), s.find_first_not_of(" \t")));
    for (std::size_t k = 0; k < it->second.size(); ++k)
      out += fmt::format("{}// @-{} {}\n", indent, k + 1, describe(*it->second[k]));
  }
  out += lines.back();  // empty
  for (const auto* d : other) out += fmt::format("// @other {}\n", describe(*d));
  for (std::size_t k = 0; k < at_end.size(); ++k)
    out += fmt::format("// @+{} {}\n", at_end.size() - k, describe(*at_end[k]));
  return out;
}

std::string describe(const Expected& e) { return fmt::format("{}[{}]: {}", e.severity, e.code, e.message); }

}  // namespace credlex::golden
