// Internal: one line of events.jsonl tokenized by simdjson (on-demand), into the members the
// reference reader's event logic takes. simdjson is the fast path only: any line it refuses, and
// any line where it could be more lenient than the strict reference parser (control bytes, NUL
// escapes, a number outside RFC 8259's grammar, nested values, text after the object), goes to
// population::json::parse_object, so acceptance and messages are the reference's by construction.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/population/json_line.h"

namespace credlex::store {

class JsonLines {
 public:
  JsonLines();
  ~JsonLines();
  JsonLines(const JsonLines&) = delete;
  JsonLines& operator=(const JsonLines&) = delete;
  // The contract of population::json::parse_object.
  bool parse(std::string_view line, std::vector<population::json::Member>& members, population::json::Error& error);
  std::int64_t fallbacks() const { return fallbacks_; }  // lines that went to the reference parser

 private:
  // simdjson stays out of this header: its classes' layout depends on the compile definitions of
  // its CMake target, which only this library's sources are built with.
  struct Simdjson;
  std::unique_ptr<Simdjson> simdjson_;
  std::int64_t fallbacks_ = 0;
};

}  // namespace credlex::store
