// Test support shared by the unit tests: a parsed snippet with its sources and diagnostics.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "compiler/syntax/parse.h"

namespace credlex::testing {

struct Parsed {
  diag::SourceManager sm;
  diag::Sink sink;
  syntax::File file;
  std::string_view text() const { return sm.file(file.file).text(); }
  std::string slice(diag::SourceRange r) const {
    REQUIRE(r.valid());
    REQUIRE(r.begin <= r.end);
    REQUIRE(r.end <= text().size());
    return std::string(text().substr(r.begin, r.end - r.begin));
  }
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& d : sink.diagnostics()) out.emplace_back(d.code);
    return out;
  }
  std::string messages() const {
    std::string out;
    for (const auto& d : sink.diagnostics()) {
      auto lc = d.range.valid() ? sm.file(d.range.file).line_column(d.range.begin) : diag::LineColumn{0, 0};
      out += std::string(d.code) + " " + std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + d.message + "\n";
    }
    return out;
  }
  // "line:column" of each diagnostic's start.
  std::vector<std::string> places() const {
    std::vector<std::string> out;
    for (const auto& d : sink.diagnostics()) {
      auto lc = sm.file(d.range.file).line_column(d.range.begin);
      out.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column));
    }
    return out;
  }
};

inline std::unique_ptr<Parsed> parse(const std::string& text, const syntax::ParseOptions& options = {},
                                     const std::string& path = "t.clx") {
  auto p = std::make_unique<Parsed>();
  auto id = p->sm.add(path, text);
  p->file = syntax::parse(p->sm, id, p->sink, options);
  return p;
}

}  // namespace credlex::testing
