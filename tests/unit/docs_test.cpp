// The documentation keeps up with the code: every diagnostic code is explained in
// docs/diagnostics.md, and every code there still exists.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "compiler/diag/diagnostics.h"

namespace {
std::string read(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace

TEST_CASE("docs/diagnostics.md lists every diagnostic code, and only those", "[docs]") {
  std::string doc = read(std::string(CREDLEX_SOURCE_DIR) + "/docs/diagnostics.md");
  for (const auto& k : credlex::diag::all_kinds()) {
    INFO(k.code);
    CHECK(doc.find("| " + std::string(k.code) + " | " + std::string(credlex::diag::to_string(k.severity)) + " |") !=
          std::string::npos);
  }
  std::regex row(R"(\| ([EW]\d{4}) \|)");
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator(); ++it) {
    INFO((*it)[1].str());
    CHECK(credlex::diag::find_kind((*it)[1].str()) != nullptr);
  }
}
