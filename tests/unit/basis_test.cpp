// Citation chains (compiler/ir/basis.h): shared, never changed through another copy; chained
// without repeats; made once per pair by ChainMemo; their texts as JSON, escaped.
#include <catch2/catch.hpp>

#include <functional>
#include <stdexcept>
#include <string>
#include <utility>

#include "compiler/differential/generator.h"
#include "compiler/ir/basis.h"
#include "compiler/ir/interpret.h"
#include "ir_testing.h"
#include "lowered.h"

using credlex::ir::Basis;
using credlex::ir::ChainMemo;
using credlex::ir::Citation;

TEST_CASE("a copy of a basis shares its chain, and adding to one copy leaves the other as it was", "[basis]") {
  Basis a{{"law art 1", "A law"}, {"law art 2", "A law"}};
  Basis b = a;
  CHECK(b.identity() == a.identity());
  b.push_back({"rule art 9", "Rules"});
  CHECK(b.identity() != a.identity());
  CHECK(a.size() == 2);
  REQUIRE(b.size() == 3);
  CHECK(b[2].text == "rule art 9");
  Basis c = a;
  c.append(Basis{{"x art 1", ""}});
  CHECK(a.size() == 2);
  CHECK(c.size() == 3);
  // Equal citations are equal bases, whatever their chains.
  CHECK(Basis{{"law art 1", "A law"}, {"law art 2", "A law"}} == a);
  CHECK(!(b == a));
  CHECK(Basis{} == Basis{std::vector<Citation>{}});
  CHECK(Basis{}.empty());
}

TEST_CASE("chain: the first basis, then what the second adds, each citation once", "[basis]") {
  Basis measure{{"m art 1", "M"}, {"law art 2", "L"}};
  Basis rule{{"law art 2", "L"}, {"r art 3", "R"}, {"r art 3", "R"}, {"r art 4", "R"}};
  Basis c = credlex::ir::chain(measure, rule);
  REQUIRE(c.size() == 4);
  CHECK(c[0].text == "m art 1");
  CHECK(c[1].text == "law art 2");
  CHECK(c[2].text == "r art 3");
  CHECK(c[3].text == "r art 4");
  // Nothing added: the first chain itself.
  CHECK(credlex::ir::chain(measure, Basis{{"m art 1", "M"}}).identity() == measure.identity());
  // The same citation under another title is another citation.
  CHECK(credlex::ir::chain(measure, Basis{{"m art 1", "Other"}}).size() == 3);
}

TEST_CASE("ChainMemo gives what chain gives, once per pair of chains", "[basis]") {
  Basis measure{{"m art 1", "M"}};
  Basis rule_a{{"a art 1", "A"}};
  Basis rule_b{{"b art 1", "B"}};
  ChainMemo memo;
  const Basis& first = memo(measure, rule_a);
  CHECK(first == credlex::ir::chain(measure, rule_a));
  const void* made = first.identity();
  CHECK(memo(measure, rule_a).identity() == made);  // the same chain, not made again
  CHECK(memo(measure, rule_b) == credlex::ir::chain(measure, rule_b));
  // A chain equal to rule_a but another object is another key, and still gives the right result.
  Basis rule_a_again{{"a art 1", "A"}};
  CHECK(memo(measure, rule_a_again) == first);
}

TEST_CASE("ChainMemo past its cap: results stay right, also when a result is chained again", "[basis]") {
  ChainMemo memo;
  Basis measure{{"m art 1", "M"}};
  Basis previous = memo(measure, Basis{{"r art 0", "R"}});
  for (int i = 1; i < 5000; ++i) {
    Basis rule{{"r art " + std::to_string(i), "R"}};
    // The previous result is an input: the memo may clear while holding it.
    Basis chained = memo(previous, rule);
    REQUIRE(chained.size() == static_cast<std::size_t>(i) + 2);
    CHECK(chained[chained.size() - 1].text == "r art " + std::to_string(i));
    previous = chained;
  }
  CHECK(previous.front().text == "m art 1");
}

TEST_CASE("a moved-from basis is empty, and an empty basis reads as one", "[basis]") {
  Basis a{{"law art 1", "A law"}};
  Basis b = std::move(a);
  CHECK(b.size() == 1);
  CHECK(a.empty());  // NOLINT(bugprone-use-after-move): what a moved-from basis reads as is part of the contract
  CHECK(a.size() == 0);
  CHECK(a.begin() == a.end());
  CHECK_THROWS_AS(a.at(0), std::out_of_range);
  Basis c;
  c = std::move(b);
  CHECK(b.empty());  // NOLINT(bugprone-use-after-move)
  CHECK(c[0].text == "law art 1");
}

TEST_CASE("a basis's texts as JSON: escaped, once per chain", "[basis]") {
  CHECK(Basis{}.texts_json() == "[]");
  Basis b{{"law \"x\" art 1", "T"}, {"back\\slash", ""}};
  CHECK(b.texts_json() == "[\"law \\\"x\\\" art 1\",\"back\\\\slash\"]");
  Basis copy = b;
  CHECK(&copy.texts_json() == &b.texts_json());
}

TEST_CASE("the interpreter with a shared ChainMemo gives every bundled policy's timelines as without it", "[basis][ir]") {
  for (const auto& path : credlex::testing::bundled_policies()) {
    auto l = credlex::testing::lower_path(path);
    const credlex::ir::Policy& p = l->policy;
    if (p.kinds.empty()) continue;
    credlex::differential::Generator gen(p, std::hash<std::string>{}(p.name) ^ 0xc4a1ULL);
    ChainMemo memo;  // shared by all the histories, as a simulator's worker shares it
    credlex::ir::RunOptions with;
    with.chains = &memo;
    for (int round = 0; round < 40; ++round) {
      credlex::ir::History h = gen.history();
      credlex::ir::Timeline plain = credlex::ir::run(p, h);
      credlex::ir::Timeline shared = credlex::ir::run(p, h, with);
      INFO(path << ", history " << round);
      REQUIRE(credlex::ir::print(p, shared) == credlex::ir::print(p, plain));
      for (std::size_t i = 0; i < plain.measures.size(); ++i) CHECK(shared.measures[i].cause.basis == plain.measures[i].cause.basis);
    }
  }
}
