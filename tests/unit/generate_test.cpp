// The population generator (simulator/generate) and `credlex gen-population`: the same seed gives
// the same bytes, a smaller population is a prefix of a larger one, every shipped policy gets a
// population that reads back without a problem, the rates stay within their stated bounds, the
// benchmark's SPC debtors are unchanged, and the command's options, errors and exit codes.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cli.h"
#include "scratch.h"
#include "credlex/civil_date.h"
#include "lowered.h"
#include "simulator/generate/generate.h"
#include "simulator/generate/spc.h"
#include "simulator/population/population.h"

using namespace credlex;
namespace fs = std::filesystem;
namespace gen = credlex::generate;
using testing::has;
using testing::read_file;

namespace {

fs::path scratch(const std::string& name) { return testing::scratch("generate-test", name); }

const ir::Policy& shipped(const std::string& relative) {
  static std::map<std::string, std::unique_ptr<testing::Lowered>> cache;
  auto& l = cache[relative];
  if (!l) l = testing::lower_path(std::string(CREDLEX_SOURCE_DIR) + "/policies/" + relative);
  return l->policy;
}

std::vector<std::string> shipped_policies() {
  std::vector<std::string> out;
  fs::path root = fs::path(CREDLEX_SOURCE_DIR) / "policies";
  for (const auto& f : fs::recursive_directory_iterator(root)) {
    if (f.path().extension() != ".clx") continue;
    std::string rel = fs::relative(f.path(), root).generic_string();
    if (rel.rfind("examples/", 0) == 0) continue;  // examples that do not check, on purpose
    out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every file of a folder (relative path -> bytes).
std::map<std::string, std::string> files_of(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& f : fs::recursive_directory_iterator(dir))
    if (f.is_regular_file()) out[fs::relative(f.path(), dir).generic_string()] = read_file(f.path());
  return out;
}

gen::Summary write_ok(const ir::Policy& p, const gen::Options& o, const fs::path& dir) {
  std::string error;
  gen::Summary s = gen::write(p, o, dir, error);
  INFO(error);
  REQUIRE(s.ok);
  return s;
}

void reads_cleanly(const ir::Policy& p, const fs::path& dir, std::int64_t entities, std::int64_t events) {
  population::Population pop = population::read(p, dir);
  INFO(population::report(pop));
  REQUIRE(pop.ok());
  REQUIRE(static_cast<std::int64_t>(pop.histories.size()) == entities);
  std::int64_t n = 0;
  for (const auto& h : pop.histories) n += static_cast<std::int64_t>(h.events.size());
  REQUIRE(n == events);
}

// A policy with family relations, other kinds and every field type the population format knows.
const char* kFamilyPolicy = R"(policy fam "Family"
document rules "Rules" status verified
enum tier { low, high }
entity NaturalPerson {
  relation spouse -> NaturalPerson
  relation child -> NaturalPerson
  birth_date: date
  resident: bool
}
entity Enterprise {
  relation legal_representative -> NaturalPerson
  relation actual_controller -> NaturalPerson
  founded: date
  capital: money(CNY)
  sector: tier
}
event offence for NaturalPerson, Enterprise {
  case: text
  amount: money(CNY)
  share: decimal
  acts: int
  flagged: bool
  class_of: tier
  due: date
  term: duration
}
event paid for NaturalPerson, Enterprise { case: text }
list offenders of NaturalPerson, Enterprise {
  basis rules art 1
  include on offence for 1 year
  remove on paid
}
)";

}  // namespace

TEST_CASE("generate: the SPC profile is the engine benchmark's population, unchanged", "[generate]") {
  // The figures the benchmark README cites were measured on these debtors: the hash is of the
  // generator as it was in bench/population.cpp before it moved (seed 1, debtors 0 to 19999;
  // the same 195,923 events as bench::generate(1, 20000, Rules::Defaulters) before the move).
  std::string cases;
  gen::spc::Debtor d;
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  std::size_t events = 0;
  for (std::int64_t k = 0; k < 20000; ++k) {
    gen::spc::debtor(1, k, gen::spc::bench_span(), d, cases);
    mix(d.person);
    mix(static_cast<std::uint64_t>(d.birth));
    for (const auto& e : d.events) {
      if (!gen::spc::in_policy(e.type, gen::spc::Rules::Defaulters)) continue;
      ++events;
      for (std::uint64_t v : {static_cast<std::uint64_t>(e.date), std::uint64_t{e.type}, std::uint64_t{e.choice},
                              std::uint64_t{e.flags}, std::uint64_t{e.acts}, std::uint64_t{e.case_at},
                              static_cast<std::uint64_t>(e.case_len), static_cast<std::uint64_t>(e.deadline),
                              static_cast<std::uint64_t>(e.share), static_cast<std::uint64_t>(e.amount),
                              static_cast<std::uint64_t>(e.seized)})
        mix(v);
    }
  }
  for (char c : cases) mix(static_cast<unsigned char>(c));
  CHECK(events == 195923);
  CHECK(h == 0xbd768d9b3825009full);
}

TEST_CASE("generate: profiles by the events a policy declares", "[generate]") {
  CHECK(gen::profile_for(shipped("spc/judgment_defaulters_2017.clx")) == gen::Profile::SpcDefaulters);
  CHECK(gen::profile_for(shipped("spc/high_consumption_2015.clx")) == gen::Profile::SpcConsumption);
  for (const char* p : {"ndrc/credit_restoration_2019.clx", "ndrc/credit_restoration_2023.clx", "ndrc/credit_restoration_2025.clx"})
    CHECK(gen::profile_for(shipped(p)) == gen::Profile::Restoration);
  CHECK(gen::profile_for(shipped("samr/serious_list_2021.clx")) == gen::Profile::Generic);
}

TEST_CASE("generate: every shipped policy gets a population that reads back without a problem", "[generate]") {
  for (const auto& rel : shipped_policies()) {
    for (const char* format : {"jsonl", "csv"}) {
      INFO(rel << " " << format);
      const ir::Policy& p = shipped(rel);
      gen::Options o;
      o.entities = 1500;
      o.seed = 7;
      o.format = format;
      fs::path dir = scratch("valid");
      gen::Summary s = write_ok(p, o, dir);
      CHECK(s.entities == 1500);
      if (!p.events.empty()) CHECK(s.events > 500);  // transport: events of persons only
      reads_cleanly(p, dir, s.entities, s.events);
    }
  }
}

TEST_CASE("generate: one restoration population is valid for the 2019, 2023 and 2025 versions", "[generate]") {
  const ir::Policy& p2025 = shipped("ndrc/credit_restoration_2025.clx");
  gen::Options o;
  o.entities = 3000;
  fs::path dir = scratch("restoration");
  gen::Summary s = write_ok(p2025, o, dir);
  for (const char* p : {"ndrc/credit_restoration_2019.clx", "ndrc/credit_restoration_2023.clx", "ndrc/credit_restoration_2025.clx"}) {
    INFO(p);
    reads_cleanly(shipped(p), dir, s.entities, s.events);
  }
  // The same population from the 2019 file: the same bytes.
  fs::path again = scratch("restoration-2019");
  write_ok(shipped("ndrc/credit_restoration_2019.clx"), o, again);
  CHECK(files_of(dir) == files_of(again));
}

TEST_CASE("generate: the same seed gives the same bytes, another seed other bytes", "[generate]") {
  const ir::Policy& p = shipped("spc/judgment_defaulters_2017.clx");
  gen::Options o;
  o.entities = 800;
  o.seed = 42;
  fs::path a = scratch("a"), b = scratch("b"), c = scratch("c");
  write_ok(p, o, a);
  write_ok(p, o, b);
  CHECK(files_of(a) == files_of(b));
  o.seed = 43;
  write_ok(p, o, c);
  CHECK(files_of(a) != files_of(c));
}

TEST_CASE("generate: a smaller population is a prefix of a larger one, file by file", "[generate]") {
  for (const char* rel : {"spc/high_consumption_2015.clx", "ndrc/credit_restoration_2023.clx", "samr/credit_restoration_2025.clx"}) {
    for (const char* format : {"jsonl", "csv"}) {
      INFO(rel << " " << format);
      const ir::Policy& p = shipped(rel);
      gen::Options o;
      o.format = format;
      o.entities = 300;
      fs::path small = scratch("small"), large = scratch("large");
      write_ok(p, o, small);
      o.entities = 1200;
      write_ok(p, o, large);
      auto s = files_of(small), l = files_of(large);
      REQUIRE(s.size() == l.size());
      for (const auto& [name, bytes] : s) {
        INFO(name);
        REQUIRE(l.count(name));
        CHECK(l[name].compare(0, bytes.size(), bytes) == 0);
        CHECK(l[name].size() >= bytes.size());
      }
    }
  }
}

TEST_CASE("generate: shares and rates stay within their stated bounds", "[generate]") {
  SECTION("SPC: persons and enterprises, events per debtor, listings, relations") {
    const ir::Policy& p = shipped("spc/judgment_defaulters_2017.clx");
    gen::Options o;
    o.entities = 5000;
    fs::path dir = scratch("spc-rates");
    gen::Summary s = write_ok(p, o, dir);
    double enterprises = static_cast<double>(s.kinds["Enterprise"]) / static_cast<double>(s.entities);
    CHECK(enterprises > 0.11);  // 16% of debtors, debtors 85% of the population: 13.6%
    CHECK(enterprises < 0.16);
    CHECK(s.kinds["NaturalPerson"] + s.kinds["Enterprise"] == s.entities);
    CHECK(s.types["judgment_unperformed"] > s.entities / 2);
    CHECK(s.types["enforcement_notice_served"] > s.entities);
    double per_entity = static_cast<double>(s.events) / static_cast<double>(s.entities);
    CHECK(per_entity > 6);
    CHECK(per_entity < 12);
    // Every enterprise that has an earlier person gets a legal representative.
    population::Population pop = population::read(p, dir);
    REQUIRE(pop.ok());
    std::int32_t rep = p.relation_index("legal_representative"), controller = p.relation_index("actual_controller");
    std::int64_t firms = 0, with_rep = 0, with_controller = 0;
    for (const auto& h : pop.histories) {
      if (h.entity.kind != p.kind_index("Enterprise")) continue;
      ++firms;
      bool r = false, c = false;
      for (const auto& span : h.relations) {
        r = r || span.relation == rep;
        c = c || span.relation == controller;
        CHECK(pop.histories[pop.index.at(span.other)].entity.kind == p.kind_index("NaturalPerson"));
      }
      with_rep += r;
      with_controller += c;
    }
    CHECK(with_rep >= firms - 2);
    CHECK(with_controller > firms * 3 / 4);
    CHECK(with_controller < firms * 95 / 100);
  }
  SECTION("restoration: enterprises, decisions per debtor, applications") {
    const ir::Policy& p = shipped("ndrc/credit_restoration_2025.clx");
    gen::Options o;
    o.entities = 5000;
    fs::path dir = scratch("restoration-rates");
    gen::Summary s = write_ok(p, o, dir);
    double enterprises = static_cast<double>(s.kinds["Enterprise"]) / static_cast<double>(s.entities);
    CHECK(enterprises > 0.65);  // 78% of the penalised, who are 90% of the population: 70%
    CHECK(enterprises < 0.75);
    double decisions = static_cast<double>(s.types["administrative_penalty"]) / static_cast<double>(s.entities);
    CHECK(decisions > 1.2);  // 1.6 per penalised entity (minus the cut at --to)
    CHECK(decisions < 1.6);
    CHECK(s.types["restoration_applied"] > s.types["administrative_penalty"] / 5);
    CHECK(s.types["restoration_applied"] < s.types["administrative_penalty"] / 2);
    CHECK(s.types["reorganisation"] > 0);
  }
}

TEST_CASE("generate: family relations and every field type for a policy that declares them", "[generate]") {
  auto l = testing::lower_files("fam.clx", std::map<std::string, std::string>{{"fam.clx", kFamilyPolicy}});
  CHECK(gen::profile_for(l->policy) == gen::Profile::Generic);
  for (const char* format : {"jsonl", "csv"}) {
    gen::Options o;
    o.entities = 2000;
    o.format = format;
    fs::path dir = scratch("family");
    gen::Summary s = write_ok(l->policy, o, dir);
    reads_cleanly(l->policy, dir, s.entities, s.events);
    population::Population pop = population::read(l->policy, dir);
    std::map<std::string, int> relations;
    for (const auto& h : pop.histories)
      for (const auto& r : h.relations) ++relations[l->policy.relations[static_cast<std::size_t>(r.relation)].name];
    CHECK(relations["spouse"] > 300);
    CHECK(relations["child"] > 100);
    CHECK(relations["legal_representative"] > 300);
    CHECK(relations["actual_controller"] > 200);
  }
}

TEST_CASE("generate: dates from --from (included) to --to (excluded), options refused in plain words, the folder is replaced only with force", "[generate]") {
  const ir::Policy& p = shipped("spc/judgment_defaulters_2017.clx");
  gen::Options o;
  o.entities = 500;
  o.from = clx_days_from_civil(2020, 1, 1);
  o.to = clx_days_from_civil(2021, 1, 1);
  fs::path dir = scratch("dates");
  write_ok(p, o, dir);
  population::Population pop = population::read(p, dir);
  REQUIRE(pop.ok());
  for (const auto& h : pop.histories)
    for (const auto& e : h.events) {
      CHECK(e.date >= o.from);
      CHECK(e.date < o.to);
    }

  std::string error;
  CHECK_FALSE(gen::write(p, o, dir, error).ok);
  CHECK(has(error, "is not empty; it is not replaced (--force replaces it)"));
  CHECK(fs::exists(dir / "entities.csv"));
  o.force = true;
  o.entities = 10;
  CHECK(gen::write(p, o, dir, error).ok);
  CHECK(population::read(p, dir).histories.size() == 10);
  CHECK_FALSE(fs::exists(dir / "events"));
  // No temporary folder is left beside it.
  for (const auto& f : fs::directory_iterator(dir.parent_path())) CHECK_FALSE(has(f.path().filename().string(), "credlex-tmp"));

  o.from = o.to;
  CHECK_FALSE(gen::write(p, o, scratch("bad"), error).ok);
  CHECK(has(error, "the first date must be before the last"));
  o.to = o.from + 10;
  o.format = "xml";
  CHECK_FALSE(gen::write(p, o, scratch("bad"), error).ok);
  CHECK(error == "the format must be `jsonl` or `csv`, not `xml`");
  o.format = "csv";
  fs::path file = scratch("file");
  { std::ofstream(file) << "x"; }
  CHECK_FALSE(gen::write(p, o, file, error).ok);
  CHECK(has(error, "exists and is not a folder"));
}

TEST_CASE("gen-population: the command writes, summarises and refuses in plain words", "[generate][driver]") {
  using testing::run_system;
  std::string policy = std::string(CREDLEX_SOURCE_DIR) + "/policies/spc/judgment_defaulters_2017.clx";
  fs::path dir = scratch("cli");
  auto r = run_system({"gen-population", policy, "--out", dir.string(), "--entities", "200", "--seed", "3", "--from",
                       "2018-01-01", "--to=2024-01-01", "--format", "csv"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(has(r.out, "wrote 200 entities ("));
  CHECK(has(r.out, "profile spc-defaulters, seed 3, events dated 2018-01-01 to 2024-01-01 (not included)"));
  CHECK(has(r.out, "judgment_unperformed"));
  CHECK(fs::exists(dir / "events" / "judgment_unperformed.csv"));
  CHECK(r.err.empty());

  r = run_system({"gen-population", policy, "--out", dir.string(), "--entities", "200"});
  CHECK(r.code == 2);
  CHECK(has(r.err, "credlex gen-population: the folder `"));
  CHECK(has(r.err, "is not empty; it is not replaced (--force replaces it); nothing was generated"));
  r = run_system({"gen-population", policy, "--out", dir.string(), "--entities", "20", "--force"});
  CHECK(r.code == 0);
  CHECK(fs::exists(dir / "events.jsonl"));

  r = run_system({"gen-population", "--help"});
  CHECK(r.code == 0);
  CHECK(has(r.out, "Usage: credlex gen-population POLICY --out DIR [OPTIONS]"));
  CHECK(has(run_system({"help", "gen-population"}).out, "Usage: credlex gen-population"));
  CHECK(has(run_system({"--help"}).out, "gen-population POLICY --out DIR"));

  auto bad = [&](std::vector<std::string> args, const std::string& message) {
    args.insert(args.begin(), "gen-population");
    auto o = run_system(args);
    INFO(o.err);
    CHECK(o.code == 2);
    CHECK(has(o.err, message));
  };
  bad({policy}, "credlex gen-population: --out DIR is required; see `credlex gen-population --help`");
  bad({"--out", dir.string()}, "credlex gen-population: a policy file is required");
  bad({policy, "--out", dir.string(), "--entities", "ten"}, "credlex gen-population: --entities needs a whole number, not `ten`");
  bad({policy, "--out", dir.string(), "--entities", "-5"}, "--entities needs a whole number, not `-5`");
  bad({policy, "--out", dir.string(), "--seed"}, "credlex gen-population: --seed needs a value");
  bad({policy, "--out", dir.string(), "--from", "2020-01-01"}, "--from needs --to too: give both dates or neither");
  bad({policy, "--out", dir.string(), "--from", "2020-02-30", "--to", "2021-01-01"},
      "--from `2020-02-30` is not a date: `2020-02-30` is not a real date");
  bad({policy, "--out", dir.string(), "--from", "2021-01-01", "--to", "2021-01-01"}, "--from 2021-01-01 must be before --to 2021-01-01");
  // Windows whose derived dates (births before, deadlines after) would leave the years 1 to 9999.
  bad({policy, "--out", dir.string(), "--from", "0001-01-01", "--to", "0001-01-02"}, "must lie within 1900-01-01 .. 9900-01-01");
  bad({policy, "--out", dir.string(), "--from", "9999-12-30", "--to", "9999-12-31"}, "must lie within 1900-01-01 .. 9900-01-01");
  bad({policy, "--out", dir.string(), "--format", "xml"}, "--format must be `jsonl` or `csv`, not `xml`");
  bad({policy, "--out", dir.string(), "--frobnicate"}, "unknown option `--frobnicate`");
  bad({policy, policy, "--out", dir.string()}, "one policy at a time");
  bad({"/no/such/policy.clx", "--out", scratch("never").string()}, "/no/such/policy.clx");
  CHECK_FALSE(fs::exists(scratch("never")));
}

TEST_CASE("generate: the shipped sample populations read without a problem", "[generate]") {
  fs::path root = fs::path(CREDLEX_SOURCE_DIR) / "docs/examples/population";
  for (const char* rel : {"spc/judgment_defaulters_2017.clx", "spc/high_consumption_2015.clx"}) {
    INFO(rel);
    std::string name = fs::path(rel).stem().string();
    population::Population pop = population::read(shipped(rel), root / "spc" / name);
    INFO(population::report(pop));
    CHECK(pop.ok());
    CHECK(pop.histories.size() == 10000);
  }
  for (const char* rel : {"ndrc/credit_restoration_2019.clx", "ndrc/credit_restoration_2023.clx", "ndrc/credit_restoration_2025.clx"}) {
    INFO(rel);
    population::Population pop = population::read(shipped(rel), root / "restoration");
    INFO(population::report(pop));
    CHECK(pop.ok());
    CHECK(pop.histories.size() == 10000);
  }
}
