#include "compiler/format/scan.h"

#include <algorithm>

namespace credlex::format {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::uint32_t find_code(std::string_view src, std::uint32_t from, std::uint32_t to, std::string_view token) {
  to = std::min<std::uint32_t>(to, static_cast<std::uint32_t>(src.size()));
  bool word = !token.empty() && is_word_char(token.front());
  std::uint32_t i = from;
  while (i < to) {
    char c = src[i];
    if (c == '/' && i + 1 < to && src[i + 1] == '/') {  // a comment runs to the end of its line
      while (i < to && src[i] != '\n') ++i;
      continue;
    }
    if (c == '"') {  // a text literal, escapes included; literals never span lines
      ++i;
      while (i < to && src[i] != '"' && src[i] != '\n') i += src[i] == '\\' ? 2 : 1;
      ++i;
      continue;
    }
    if (src.substr(i, token.size()) == token) {
      std::size_t after = i + token.size();
      bool whole = !word || ((i == 0 || !is_word_char(src[i - 1])) &&
                             (after >= src.size() || !is_word_char(src[after])));
      if (whole) return i;
    }
    ++i;
  }
  return to;
}

bool has_blank_line(std::string_view src, std::uint32_t a, std::uint32_t b) {
  b = std::min<std::uint32_t>(b, static_cast<std::uint32_t>(src.size()));
  bool after_break = false, only_space = false;
  for (std::uint32_t i = a; i < b; ++i) {
    char c = src[i];
    if (c == '\n') {
      if (after_break && only_space) return true;
      after_break = only_space = true;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      only_space = false;
    }
  }
  return false;
}

bool same_line(std::string_view src, std::uint32_t a, std::uint32_t b) {
  b = std::min<std::uint32_t>(b, static_cast<std::uint32_t>(src.size()));
  for (std::uint32_t i = a; i < b; ++i)
    if (src[i] == '\n') return false;
  return true;
}

}  // namespace credlex::format
