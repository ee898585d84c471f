#include "simulator/population/text.h"

#include <fmt/format.h>

namespace credlex::population::text {

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0 (Unicode 15, table 3-7).
std::size_t sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  if (b < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) n = 2;
  else if (b == 0xE0) { n = 3; lo = 0xA0; }
  else if (b == 0xED) { n = 3; hi = 0x9F; }  // no surrogates
  else if (b >= 0xE1 && b <= 0xEF) n = 3;
  else if (b == 0xF0) { n = 4; lo = 0x90; }
  else if (b >= 0xF1 && b <= 0xF3) n = 4;
  else if (b == 0xF4) { n = 4; hi = 0x8F; }  // nothing beyond U+10FFFF
  else return 0;
  if (s.size() - i < n) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

}  // namespace

std::size_t invalid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::int32_t column(std::string_view line, std::size_t offset) {
  if (offset > line.size()) offset = line.size();
  std::int64_t col = 1;
  for (std::size_t i = 0; i < offset; ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  return col > INT32_MAX ? INT32_MAX : static_cast<std::int32_t>(col);
}

std::string quote(std::string_view s) {
  constexpr std::size_t kMaxChars = 40;
  std::string out = "`";
  std::size_t chars = 0, i = 0;
  while (i < s.size() && chars < kMaxChars) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = sequence_length(s, i);
    if (n == 0 || b < 0x20 || b == 0x7F || b == '`') {
      out += fmt::format("\\x{:02X}", b);
      i += 1;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
    ++chars;
  }
  if (i < s.size()) out += "…";
  out += "`";
  return out;
}

std::string join(const std::vector<std::string>& names, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  if (names.size() > limit) out += fmt::format(", … ({} in all)", names.size());
  return out;
}

}  // namespace credlex::population::text
