#include "compiler/diag/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <set>
#include <tuple>

namespace credlex::diag {
namespace {

std::string location(const SourceRange& r, const SourceManager& sources) {
  if (!r.valid()) return "credlex";
  const auto& f = sources.file(r.file);
  auto lc = f.line_column(r.begin);
  return fmt::format("{}:{}:{}", f.path(), lc.line, lc.column);
}

std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// The source line of the range, with ^~~~ under the range (its first line only).
void snippet(std::string& out, const SourceRange& r, const SourceManager& sources) {
  if (!r.valid()) return;
  const auto& f = sources.file(r.file);
  auto begin = f.line_column(r.begin);
  auto end = f.line_column(std::max(r.begin, r.end));
  std::string_view line = f.line_text(begin.line);
  std::string gutter = fmt::format("{}", begin.line);
  std::string pad(gutter.size(), ' ');
  std::size_t column = begin.column;  // 1-based, in characters
  std::size_t last = end.line == begin.line ? end.column : display_width(line) + 1;
  // A very long line is shown as a window around the range, never whole.
  constexpr std::size_t kBefore = 60, kWidth = 160;
  std::string prefix;
  if (display_width(line) > kWidth) {
    std::size_t skip = column > kBefore ? column - 1 - kBefore : 0;  // characters to drop
    // Byte index after `n` more characters from `from`.
    auto advance = [&](std::size_t from, std::size_t n) {
      while (from < line.size() && n > 0) {
        ++from;
        while (from < line.size() && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) ++from;
        --n;
      }
      return from;
    };
    std::size_t i = advance(0, skip);
    std::size_t j = advance(i, kWidth);
    bool cut_end = j < line.size();
    line = line.substr(i, j - i);
    if (skip > 0) prefix = "...";
    column = column - skip + prefix.size();
    last = std::min(last - skip + prefix.size(), prefix.size() + kWidth + 1);
    if (cut_end) last = std::min(last, prefix.size() + display_width(line) + 1);
    std::string shown = prefix + std::string(line) + (cut_end ? "..." : "");
    std::replace(shown.begin(), shown.end(), '\t', ' ');
    fmt::format_to(std::back_inserter(out), " {} | {}\n", gutter, shown);
  } else {
    // Tabs would shift the caret: show them as single spaces in both lines.
    std::string shown(line);
    std::replace(shown.begin(), shown.end(), '\t', ' ');
    fmt::format_to(std::back_inserter(out), " {} | {}\n", gutter, shown);
  }
  std::size_t width = last > column ? last - column : 1;
  fmt::format_to(std::back_inserter(out), " {} | {}^{}\n", pad, std::string(column - 1, ' '), std::string(width - 1, '~'));
}

}  // namespace

std::string render_text(const Diagnostic& d, const SourceManager& sources, const RenderOptions&) {
  std::string out = fmt::format("{}: {}[{}]: {}\n", location(d.range, sources), to_string(d.severity),
                                d.code, d.message);
  snippet(out, d.range, sources);
  for (const auto& note : d.notes) {
    fmt::format_to(std::back_inserter(out), "{}: note: {}\n", location(note.range, sources),
                   note.message);
    snippet(out, note.range, sources);
  }
  if (!d.hint.empty()) fmt::format_to(std::back_inserter(out), "  = help: {}\n", d.hint);
  return out;
}

std::vector<Diagnostic> without_repeats(const std::vector<Diagnostic>& ds, const SourceManager& sources) {
  std::vector<Diagnostic> unique;
  std::set<std::tuple<std::string, std::string, std::uint32_t, std::string>> seen;
  for (const auto& d : ds) {
    std::string path = d.range.valid() ? sources.file(d.range.file).path() : "";
    if (seen.emplace(std::string(d.code), path, d.range.begin, d.message).second) unique.push_back(d);
  }
  return unique;
}

std::string json_quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  json_quote_to(out, text);
  return out;
}

namespace {
// The bytes JSON requires escaped: control characters, '"' and '\\'. One look-up per byte.
constexpr std::array<bool, 256> kEscaped = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

// Whether one of the eight bytes at `p` is below 0x20, '"' or '\\' (bit tricks on a word: a byte
// below n sets its high bit in (x - n·0x01…) & ~x; a byte equal to c is a zero byte of x ^ c·0x01…).
bool needs_escape(const char* p) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  std::uint64_t x;
  std::memcpy(&x, p, sizeof x);
  auto below = [&](std::uint64_t v, std::uint64_t n) { return (v - ones * n) & ~v & highs; };
  return below(x, 0x20) | below(x ^ (ones * '"'), 1) | below(x ^ (ones * '\\'), 1);
}
}  // namespace

void json_quote_to(std::string& out, std::string_view text) {
  out += '"';
  // Most text needs few escapes: copy each run of plain characters at once (the simulator quotes
  // millions of strings, many with a quoted title inside).
  while (!text.empty()) {
    std::size_t plain = 0;
    // Eight bytes at a time while none of them needs escaping, then byte by byte.
    while (plain + 8 <= text.size() && !needs_escape(text.data() + plain)) plain += 8;
    while (plain < text.size() && !kEscaped[static_cast<unsigned char>(text[plain])]) ++plain;
    out.append(text.data(), plain);
    if (plain == text.size()) break;
    unsigned char c = static_cast<unsigned char>(text[plain]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
    }
    text.remove_prefix(plain + 1);
  }
  out += '"';
}

namespace {
void json_location(std::string& out, const SourceRange& r, const SourceManager& sources) {
  if (!r.valid()) {
    out += "\"file\":null";
    return;
  }
  const auto& f = sources.file(r.file);
  auto b = f.line_column(r.begin);
  auto e = f.line_column(r.end);
  fmt::format_to(std::back_inserter(out),
                 "\"file\":{},\"line\":{},\"column\":{},\"end_line\":{},\"end_column\":{}",
                 json_quote(f.path()), b.line, b.column, e.line, e.column);
}
}  // namespace

std::string render_json(const std::vector<Diagnostic>& ds, const SourceManager& sources) {
  std::string out = "{\"diagnostics\":[";
  std::size_t errors = 0, warnings = 0;
  for (std::size_t i = 0; i < ds.size(); ++i) {
    const auto& d = ds[i];
    (d.severity == Severity::Error ? errors : warnings)++;
    if (i) out += ',';
    fmt::format_to(std::back_inserter(out), "{{\"code\":{},\"severity\":{},\"message\":{},",
                   json_quote(d.code), json_quote(to_string(d.severity)), json_quote(d.message));
    json_location(out, d.range, sources);
    out += ",\"notes\":[";
    for (std::size_t j = 0; j < d.notes.size(); ++j) {
      if (j) out += ',';
      out += "{\"message\":" + json_quote(d.notes[j].message) + ',';
      json_location(out, d.notes[j].range, sources);
      out += '}';
    }
    out += "],\"hint\":" + (d.hint.empty() ? std::string("null") : json_quote(d.hint)) + '}';
  }
  fmt::format_to(std::back_inserter(out), "],\"errors\":{},\"warnings\":{}}}\n", errors, warnings);
  return out;
}

}  // namespace credlex::diag
