// `credlex simulate`, `credlex diff` and their command lines: what a reviewer types and reads.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "cli.h"
#include "scratch.h"

namespace fs = std::filesystem;
using credlex::testing::has;
using credlex::testing::run_system;

namespace {

const std::string kRoot = CREDLEX_SOURCE_DIR;
const std::string kPolicy = kRoot + "/policies/spc/judgment_defaulters_2017.clx";
const std::string kPopulation = kRoot + "/tests/data/population/spc";

fs::path scratch(const std::string& name) { return credlex::testing::scratch("driver-simulate", name); }

}  // namespace

TEST_CASE("simulate: a wrong command line is refused with the reason", "[driver][simulation]") {
  struct Case {
    std::vector<std::string> args;
    const char* says;
  };
  std::string out = scratch("refused").string();
  for (const auto& c : {Case{{"simulate", kPolicy, "--out", out}, "--population is required"},
                        Case{{"simulate", kPolicy, "--population", kPopulation}, "--out is required"},
                        Case{{"simulate", "--population", kPopulation, "--out", out}, "one policy expected, 0 given"},
                        Case{{"simulate", kPolicy, kPolicy, "--population", kPopulation, "--out", out}, "one policy expected, 2 given"},
                        Case{{"diff", kPolicy, "--population", kPopulation, "--out", out}, "two policies (OLD and NEW) expected, 1 given"},
                        Case{{"simulate", kPolicy, "--population", kPopulation, "--out", out, "--threads", "0"}, "--threads needs a whole number from 1 to 1024, not `0`"},
                        Case{{"simulate", kPolicy, "--population", kPopulation, "--out", out, "--threads", "two"}, "not `two`"},
                        Case{{"simulate", kPolicy, "--population", kPopulation, "--out", out, "--from", "2021-02-30"}, "--from `2021-02-30` is not a date"},
                        Case{{"simulate", kPolicy, "--population", kPopulation, "--out", out, "--from", "2021-01-01", "--to", "2020-01-01"}, "--to must be after --from"},
                        Case{{"simulate", kPolicy, "--population", kPopulation, "--out", out, "--backend", "llvm"}, "--backend must be `jit` or `interp`"},
                        Case{{"simulate", kPolicy, "--population", kPopulation, "--out", out, "--tier", "o3"}, "--tier must be `auto`, `fast` or `o2`, not `o3`"},
                        Case{{"simulate", kPolicy, "--population", kPopulation, "--out", out, "--tier", "o2", "--backend", "interp"},
                             "--tier chooses how compiled code is made; it cannot go with --backend interp"},
                        Case{{"simulate", kPolicy, "--population", kPopulation, "--out", out, "--fast"}, "unknown option `--fast`"}}) {
    auto r = run_system(c.args);
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(has(r.err, c.says));
    CHECK_FALSE(fs::exists(fs::path(out) / "report.html"));
  }
  auto help = run_system({"simulate", "--help"});
  CHECK(help.code == 0);
  CHECK(has(help.out, "Usage: credlex simulate POLICY --population DIR --out DIR"));
  CHECK(has(run_system({"help", "diff"}).out, "Usage: credlex diff OLD NEW"));
}

TEST_CASE("simulate: the summary, the report's place and the results folder", "[driver][simulation]") {
  fs::path out = scratch("ok");
  auto r = run_system({"simulate", kPolicy, "--population", kPopulation, "--out", out.string(), "--threads", "2"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(has(r.out, "judgment_defaulters"));
  CHECK(has(r.out, "entities punished"));
  CHECK(has(r.out, "punishment-days"));
  CHECK(has(r.out, "excess days"));
  CHECK(has(r.out, "report: " + (out / "report.html").string()));
  for (const char* f : {"timeline.jsonl", "findings.jsonl", "report.json", "report.html"}) CHECK(fs::exists(out / f));
  // Not a terminal: progress as plain lines, ending at 100%.
  CHECK(has(r.err, "replaying: 100%"));
  // No temporary file is left in the folder.
  for (const auto& e : fs::directory_iterator(out)) CHECK(e.path().filename().string().find(".partial") == std::string::npos);
  // The second run reuses the cache and gives the same files.
  std::string timeline = credlex::testing::read_file(out / "timeline.jsonl");
  auto again = run_system({"simulate", kPolicy, "--population", kPopulation, "--out", out.string(), "--threads", "1", "--backend", "interp"});
  REQUIRE(again.code == 0);
  CHECK_FALSE(has(again.err, "reading the population"));
  CHECK(credlex::testing::read_file(out / "timeline.jsonl") == timeline);
}

#ifdef CREDLEX_HAVE_LLVM
TEST_CASE("simulate: --tier chooses the compiled code, the report names it, and the results are the same", "[driver][simulation]") {
  std::string timeline;
  for (auto [tier, named] : {std::pair{"fast", "jit (fast)"}, std::pair{"o2", "jit (optimized)"}, std::pair{"auto", "jit (fast)"}}) {
    fs::path out = scratch(std::string("tier-") + tier);
    auto r = run_system({"simulate", kPolicy, "--population", kPopulation, "--out", out.string(), "--tier", tier});
    INFO(tier << ": " << r.err);
    REQUIRE(r.code == 0);
    CHECK(has(credlex::testing::read_file(out / "report.json"), std::string("\"backend\":\"") + named + "\""));
    std::string t = credlex::testing::read_file(out / "timeline.jsonl");
    CHECK(!t.empty());
    if (timeline.empty()) timeline = t;
    CHECK(t == timeline);
  }
}
#endif

#ifdef CREDLEX_HAVE_LLVM
TEST_CASE("simulate: an entity whose run stops counts as an error with no items, on both backends alike", "[driver][simulation]") {
  fs::path population = scratch("stopped-population");
  fs::copy(kPopulation, population, fs::copy_options::recursive);
  {  // P1's second listing would end after 9999-12-31: its run stops there
    std::ofstream(population / "events.jsonl", std::ios::app)
        << R"({"entity":"P1","date":"9999-12-20","type":"judgment_unperformed","case":"Z","ground":"breaches_asset_reporting",)"
        << R"("amount":"1000.00 CNY","full_guarantee":false,"seized_assets":"0.00 CNY","later_in_order":false,"able_to_perform":true,)"
        << R"("violence_or_threats_serious":false,"acts":1,"creditor_applied":true,"large_debt":false})" << "\n";
  }
  std::string timelines[2], metrics[2], errors[2];
  int k = 0;
  for (const char* backend : {"interp", "jit"}) {
    fs::path out = scratch(std::string("stopped-") + backend);
    auto r = run_system({"simulate", kPolicy, "--population", population.string(), "--out", out.string(), "--to", "2030-01-01", "--backend", backend});
    INFO(backend << ": " << r.err);
    REQUIRE(r.code == 0);
    timelines[k] = credlex::testing::read_file(out / "timeline.jsonl");
    std::string report = credlex::testing::read_file(out / "report.json");
    auto at = report.find("\"metrics\":");
    REQUIRE(at != std::string::npos);
    metrics[k] = report.substr(at, report.find("\"errors\"", at) - at);
    errors[k] = report.substr(report.find("\"errors\"", at));
    CHECK(has(report, "P1: "));  // the error's example names the entity
    // in the reference interpreter's words on both backends, not compiled code's status
    CHECK(has(report, "outside the years 1 to 9999"));
    CHECK(timelines[k].find("\"entity\":\"P1\"") == std::string::npos);
    ++k;
  }
  CHECK(timelines[0] == timelines[1]);
  CHECK(metrics[0] == metrics[1]);
  CHECK(errors[0].substr(0, errors[0].find(']')) == errors[1].substr(0, errors[1].find(']')));
}
#endif

TEST_CASE("simulate: a population with problems exits 1 with every problem located", "[driver][simulation]") {
  fs::path population = scratch("bad-population");
  fs::copy(kPopulation, population, fs::copy_options::recursive);
  { std::ofstream(population / "entities.csv", std::ios::app) << "P1,NaturalPerson,1980-05-01\n"; }
  fs::path out = scratch("bad-out");
  auto r = run_system({"simulate", kPolicy, "--population", population.string(), "--out", out.string()});
  CHECK(r.code == 1);
  CHECK(has(r.err, (population / "entities.csv").string() + ":"));
  CHECK(has(r.err, "nothing was replayed"));
  CHECK_FALSE(fs::exists(out / "report.json"));
}

TEST_CASE("diff: two versions on one population, the changes counted", "[driver][simulation]") {
  fs::path out = scratch("diff");
  auto r = run_system({"diff", kRoot + "/policies/ndrc/credit_restoration_2019.clx", kRoot + "/policies/ndrc/credit_restoration_2023.clx",
                       "--population", kRoot + "/docs/examples/population/restoration", "--out", out.string(), "--backend", "interp"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(has(r.out, "entities changed outcome"));
  CHECK(has(r.out, "punished shorter"));
  CHECK(fs::exists(out / "diff.json"));
  CHECK(fs::exists(out / "diff.html"));
  std::string json = credlex::testing::read_file(out / "diff.json");
  CHECK(has(json, "\"credlex_diff\":1"));
  CHECK(has(json, "[2019] No. 527"));  // the old version's title
  CHECK(has(json, "\"old\":{\"credlex_report\":1"));
}

TEST_CASE("a policy, a used file or a calendar that never ends (/dev/zero) is refused, not read forever", "[driver]") {
  auto check = run_system({"check", "/dev/zero"});
  CHECK(check.code == 2);
  CHECK(has(check.err, "cannot read `/dev/zero`: it does not end within 64 MiB"));
  fs::path dir = scratch("endless");
  fs::create_directories(dir);
  { std::ofstream(dir / "p.clx") << "policy p \"t\"\nuse \"/dev/zero\" as z\n"; }
  auto used = run_system({"check", (dir / "p.clx").string()});
  CHECK(used.code != 0);
  CHECK(has(used.err, "it does not end within 64 MiB"));
  fs::path out = scratch("endless-out");
  auto calendar = run_system({"simulate", kPolicy, "--population", kPopulation, "--out", out.string(), "--calendar", "/dev/zero"});
  CHECK(calendar.code != 0);
  CHECK(has(calendar.err, "cannot read the holiday calendar `/dev/zero`: it does not end within 64 MiB"));
  CHECK_FALSE(fs::exists(out / "report.json"));
}
