// `credlex schema`: the population a policy reads, as text and JSON, taken from the lowered policy.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "../robustness/mini_json.h"
#include "cli.h"
#include "compiler/driver/driver.h"

using namespace credlex;

namespace {

testing::Outcome schema(std::vector<std::string> args) {
  args.insert(args.begin(), "schema");
  return testing::run_system(args);
}

const std::string kPolicy = std::string(CREDLEX_SOURCE_DIR) + "/policies/spc/judgment_defaulters_2017.clx";

}  // namespace

TEST_CASE("schema lists kinds, relations, events with value syntax, and what the policy produces", "[driver][schema]") {
  auto t = schema({kPolicy});
  REQUIRE(t.code == 0);
  CHECK(t.out.find("    birth_date: date (YYYY-MM-DD)\n") != std::string::npos);
  CHECK(t.out.find("  legal_representative: from Enterprise to NaturalPerson\n") != std::string::npos);
  CHECK(t.out.find("    amount: money in CNY (e.g. \"10000.00 CNY\")\n") != std::string::npos);
  CHECK(t.out.find("  list judgment_defaulters") != std::string::npos);
  // Templates of the basic list are not produced by this policy; its own refinements are.
  CHECK(t.out.find("  measure restrict_high_consumption") != std::string::npos);

  auto j = schema({kPolicy, "--format", "json"});
  REQUIRE(j.code == 0);
  auto doc = mini_json::parse(j.out);
  CHECK(doc["policy"].string == "spc_judgment_defaulters");
  bool found = false;
  for (const auto& e : doc["events"].array)
    if (e["name"].string == "judgment_unperformed") {
      found = true;
      CHECK(e["fields"][1]["name"].string == "ground");
      CHECK(e["fields"][1]["type"].string == "choice");
      CHECK(e["fields"][1]["choices"].array.size() == 6);  // SPC 2017 Art 1: six grounds
    }
  CHECK(found);
}

TEST_CASE("schema: bad command lines and policies", "[driver][schema]") {
  CHECK(schema({}).code == 2);
  CHECK(schema({kPolicy, "--format", "xml"}).code == 2);
  CHECK(schema({kPolicy, kPolicy}).code == 2);
  CHECK(schema({"/nonexistent/x.clx"}).code == 2);
  CHECK(schema({"--help"}).code == 0);
}
