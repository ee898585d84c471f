#include "simulator/population/json_line.h"

#include <cstdint>

namespace credlex::population::json {

namespace {

class Parser {
 public:
  Parser(std::string_view s, Error& error) : s_(s), error_(error) {}

  bool object(std::vector<Member>& members) {
    members.clear();
    space();
    if (!at('{')) return fail(i_, i_ < s_.size() && s_[i_] == '[' ? "a line must be one JSON object `{…}`, not an array"
                                                                   : "expected `{`: each line is one JSON object");
    ++i_;
    space();
    if (at('}')) {
      ++i_;
      return end();
    }
    for (;;) {
      Member m;
      space();
      m.key_offset = i_;
      if (!at('"')) return fail(i_, "expected a key in double quotes");
      if (!string(m.key)) return false;
      space();
      if (!at(':')) return fail(i_, "expected `:` after the key");
      ++i_;
      space();
      m.value_offset = i_;
      if (!value(m)) return false;
      members.push_back(std::move(m));
      space();
      if (at(',')) {
        ++i_;
        continue;
      }
      if (at('}')) {
        ++i_;
        return end();
      }
      return fail(i_, "expected `,` or `}` after a value");
    }
  }

 private:
  bool at(char c) const { return i_ < s_.size() && s_[i_] == c; }
  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n')) ++i_;
  }
  bool fail(std::size_t where, std::string reason) {
    error_ = {where, std::move(reason)};
    return false;
  }
  bool end() {
    space();
    if (i_ < s_.size()) return fail(i_, "unexpected text after the object (one object per line)");
    return true;
  }

  bool value(Member& m) {
    if (i_ >= s_.size()) return fail(i_, "expected a value");
    char c = s_[i_];
    if (c == '"') {
      m.type = Type::String;
      return string(m.value);
    }
    if (c == '{' || c == '[') return fail(i_, "nested values are not allowed here (each field is one string, number, true or false)");
    if (c == '-' || (c >= '0' && c <= '9')) {
      m.type = Type::Number;
      return number(m.value);
    }
    if (word("true")) { m.type = Type::True; return true; }
    if (word("false")) { m.type = Type::False; return true; }
    if (word("null")) { m.type = Type::Null; return true; }
    return fail(i_, "expected a value: a string in double quotes, a number, true, false or null");
  }

  bool word(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }

  // RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool number(std::string& out) {
    std::size_t begin = i_;
    auto digit = [&] { return i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9'; };
    if (at('-')) ++i_;
    if (!digit()) return fail(i_, "expected a digit");
    if (at('0')) {
      ++i_;
      if (digit()) return fail(begin, "a JSON number cannot have a leading zero");
    } else {
      while (digit()) ++i_;
    }
    if (at('.')) {
      ++i_;
      if (!digit()) return fail(i_, "expected a digit after the decimal point");
      while (digit()) ++i_;
    }
    if (at('e') || at('E')) {
      ++i_;
      if (at('+') || at('-')) ++i_;
      if (!digit()) return fail(i_, "expected a digit in the exponent");
      while (digit()) ++i_;
    }
    out.assign(s_.substr(begin, i_ - begin));
    return true;
  }

  bool hex4(std::size_t from, std::uint32_t& out) {
    if (s_.size() - from < 4) return fail(from, "expected four hexadecimal digits after `\\u`");
    out = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      char c = s_[from + k];
      std::uint32_t d;
      if (c >= '0' && c <= '9') d = static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') d = static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = static_cast<std::uint32_t>(c - 'A' + 10);
      else return fail(from, "expected four hexadecimal digits after `\\u`");
      out = out * 16 + d;
    }
    return true;
  }

  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // At the opening quote. The line is valid UTF-8 already, so bytes >= 0x80 are copied as they are.
  bool string(std::string& out) {
    std::size_t open = i_++;
    out.clear();
    for (;;) {
      if (i_ >= s_.size()) return fail(open, "this string is not closed on its line");
      auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return fail(i_, "a control character inside a string must be written as an escape (`\\n`, `\\t`, `\\u0000`)");
      if (c != '\\') {
        out += static_cast<char>(c);
        ++i_;
        continue;
      }
      std::size_t esc = i_++;
      if (i_ >= s_.size()) return fail(esc, "the string ends inside an escape");
      char e = s_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!hex4(i_, cp)) return false;
          i_ += 4;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(esc, "a low surrogate `\\uDC00`–`\\uDFFF` without a high surrogate before it");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (s_.substr(i_, 2) != "\\u") return fail(esc, "a high surrogate must be followed by a low surrogate `\\uDC00`–`\\uDFFF`");
            std::uint32_t low = 0;
            if (!hex4(i_ + 2, low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return fail(esc, "a high surrogate must be followed by a low surrogate `\\uDC00`–`\\uDFFF`");
            i_ += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          if (cp == 0) return fail(esc, "a NUL character (`\\u0000`) is not allowed in a value");
          append_utf8(out, cp);
          break;
        }
        default:
          return fail(esc, "unknown escape; JSON has `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`");
      }
    }
  }

  std::string_view s_;
  Error& error_;
  std::size_t i_ = 0;
};

}  // namespace

bool parse_object(std::string_view line, std::vector<Member>& members, Error& error) {
  return Parser(line, error).object(members);
}

const char* describe(Type type) {
  switch (type) {
    case Type::String: return "a string";
    case Type::Number: return "a number";
    case Type::True: return "true";
    case Type::False: return "false";
    case Type::Null: return "null";
  }
  return "a value";
}

}  // namespace credlex::population::json
