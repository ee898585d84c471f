// `credlex decide`: golden outputs (tests/golden/decide, text and JSON), the cut at --at, reach,
// recourse dates, and bad command lines and populations. Driven in memory through driver::Env.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "../robustness/mini_json.h"
#include "cli.h"
#include "compiler/driver/driver.h"

using namespace credlex;

namespace {

const std::string kRoot = CREDLEX_SOURCE_DIR;

using Result = testing::Outcome;

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream b;
  b << in.rdbuf();
  return b.str();
}

void write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// Runs credlex with arguments; a relative path argument is taken from the repository root, and
// the root is removed from the output again so the expectations do not depend on the checkout.
Result run_credlex(std::vector<std::string> args) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    bool path = args[i].rfind("policies/", 0) == 0 || args[i].rfind("tests/", 0) == 0 || args[i].rfind("runtime/", 0) == 0;
    if (path) args[i] = kRoot + "/" + args[i];
  }
  Result r = testing::run_system(args);
  auto strip = [](std::string s) {
    for (std::size_t at = 0; (at = s.find(kRoot + "/", at)) != std::string::npos;) s.erase(at, kRoot.size() + 1);
    return s;
  };
  r.out = strip(r.out);
  r.err = strip(r.err);
  return r;
}

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

const char* kPolicy = "policies/spc/judgment_defaulters_2017.clx";
const char* kPopulation = "tests/data/decide/spc";

Result decide(const std::string& entity, const std::string& at, std::vector<std::string> more = {}) {
  std::vector<std::string> args{"decide", kPolicy, "--population", kPopulation, "--entity", entity, "--at", at};
  args.insert(args.end(), more.begin(), more.end());
  return run_credlex(args);
}

}  // namespace

TEST_CASE("decide golden outputs, text and JSON", "[decide]") {
  std::filesystem::path dir = kRoot + "/tests/golden/decide";
  bool update = std::getenv("CREDLEX_UPDATE_GOLDEN") != nullptr;
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".args") continue;
    ++cases;
    std::string line = read(entry.path());
    Result r = run_credlex(words(line));
    std::string actual = r.out + "exit " + std::to_string(r.code) + "\n";
    auto expected_path = std::filesystem::path(entry.path()).replace_extension(".out");
    if (update) write(expected_path, actual);
    INFO(entry.path().filename().string() << ": " << line << "\nstderr: " << r.err);
    CHECK(actual == read(expected_path));
    if (line.find("json") != std::string::npos) CHECK_NOTHROW(mini_json::parse(r.out));
  }
  CHECK(cases >= 8);
}

TEST_CASE("decide sees only what happened up to --at", "[decide]") {
  // P2 is listed under ground (1) in 2020 and performs in full on 2022-05-20.
  auto before = mini_json::parse(decide("P2", "2022-05-19", {"--format", "json"}).out);
  REQUIRE(before["lists"].array.size() == 1);
  CHECK(before["lists"][0]["end"].is_null());  // the later performance is not known on that day
  auto after = mini_json::parse(decide("P2", "2022-05-20", {"--format", "json"}).out);
  CHECK(after["lists"].array.empty());
  // The credit record outlasts the listing by 5 years (Credit Reporting Regulations Art 16, G5):
  // the listing ended on 2022-05-20.
  REQUIRE(after["measures"].array.size() == 1);
  CHECK(after["measures"][0]["measure"].string == "record_in_credit_reporting");
  CHECK(after["measures"][0]["end"].string == "2027-05-20");
}

TEST_CASE("decide: recourse dates of a two-year listing", "[decide]") {
  auto j = mini_json::parse(decide("P1", "2021-06-01", {"--format", "json", "--explain"}).out);
  REQUIRE(j["lists"].array.size() == 1);
  const auto& l = j["lists"][0];
  CHECK(l["end"].string == "2023-03-04");  // Art 2 para 1: two years from 2021-03-04
  CHECK(l["cause"]["event"]["type"].string == "judgment_unperformed");
  bool period = false, restoration = false;
  for (const auto& w : l["can_end"].array) {
    if (w["how"].string == "period_ends") {
      period = true;
      CHECK(w["earliest"].string == "2023-03-04");
    }
    if (w["how"].string == "restoration") {
      restoration = true;
      CHECK(w["earliest"].string == "2021-06-02");  // no minimum period: the next day
      CHECK(w["event"].string == "early_deletion_applied");
      CHECK(w["deadline"].string == "15 days");
    }
  }
  CHECK(period);
  CHECK(restoration);
  // The removal rules of Art 10 para 1 are for ground (1) listings (`cause.ground ==
  // able_but_refuses`); the interpreter evaluates that against this listing's cause and finds it
  // false, so only the correction rule (Art 9) is offered.
  CHECK(l["removals_not_applicable"].number == 5);
  // A measure that follows the listing ends with it; the credit record 5 years after it: at the
  // earliest 5 years after a removal on the next day.
  for (const auto& m : j["measures"].array) {
    if (m["measure"].string == "record_in_credit_reporting") CHECK(m["earliest_end"].string == "2026-06-02");
    if (m["measure"].string == "restrict_high_consumption") CHECK(m["earliest_end"].string == "2021-06-02");
  }
}

TEST_CASE("decide: restoration excluded for a ground (1) listing, conditions evaluated today", "[decide]") {
  auto j = mini_json::parse(decide("P2", "2022-05-19", {"--format", "json", "--explain"}).out);
  REQUIRE(j["lists"].array.size() == 1);
  bool excluded = false;
  for (const auto& w : j["lists"][0]["can_end"].array)
    if (w["how"].string == "restoration") {
      excluded = w["note"].string.rfind("excluded for this listing", 0) == 0;
      CHECK(w["earliest"].is_null());
    }
  CHECK(excluded);  // Art 2 (interpretation): no early deletion of a listing without a period
  // P1 paid part of the debt on 2021-09-01: before it the restoration condition does not hold, after it it does.
  auto before = decide("P1", "2021-08-31", {"--explain"}).out;
  auto after = decide("P1", "2021-09-01", {"--explain"}).out;
  CHECK(before.find("its conditions do not hold today") != std::string::npos);
  CHECK(after.find("its conditions hold today") != std::string::npos);
}

TEST_CASE("decide and test take a holiday calendar", "[decide]") {
  const std::string cal = "runtime/calendars/cn-2024-2026.txt";
  CHECK(decide("P1", "2021-06-01", {"--calendar", cal}).code == 0);
  auto missing = decide("P1", "2021-06-01", {"--calendar", "tests/data/no-such-calendar.txt"});
  CHECK(missing.code == 2);  // a file named on the command line that cannot be read
  CHECK(missing.err.find("cannot read the holiday calendar `tests/data/no-such-calendar.txt`") != std::string::npos);
  auto file = std::filesystem::temp_directory_path() / ("credlex-cal-" + std::to_string(::getpid()) + ".txt");
  write(file, "2024-10-01 holiday National Day\n2024-13-01 holiday nonsense\n");
  auto bad = decide("P1", "2021-06-01", {"--calendar", file.string()});
  CHECK(bad.code == 1);  // a calendar with a wrong line: located, nothing decided
  CHECK(bad.err.find(file.string() + ":2:") != std::string::npos);
  CHECK(bad.out.empty());
  std::filesystem::remove(file);
  CHECK(run_credlex({"test", "--calendar", cal, kPolicy}).code == 0);
  CHECK(run_credlex({"test", "--calendar", kPolicy}).code != 0);  // the policy is taken as the calendar file
}

TEST_CASE("decide: a measure reaching a legal representative, within the relation", "[decide]") {
  auto j = mini_json::parse(decide("R1", "2023-01-02", {"--format", "json", "--explain"}).out);
  REQUIRE(j["measures"].array.size() == 1);
  const auto& m = j["measures"][0];
  CHECK(m["because"].string == "reach");
  CHECK(m["reached_from"]["entity"].string == "C1");
  CHECK(m["reached_from"]["relation"].string == "legal_representative");
  CHECK(m["end"].string == "2023-06-30");  // the relation ends; C1 stays listed
  REQUIRE(j["reached_from_lists"].array.size() == 1);
  CHECK(j["reached_from_lists"][0]["list"].string == "judgment_defaulters");
  // After the relation ended, nothing reaches R1.
  auto later = mini_json::parse(decide("R1", "2023-06-30", {"--format", "json"}).out);
  CHECK(later["measures"].array.empty());
}

TEST_CASE("decide: bad command lines are usage errors", "[decide]") {
  CHECK(run_credlex({"decide", kPolicy, "--population", kPopulation, "--entity", "P1"}).code == 2);
  auto r = decide("P1", "2023-02-29");
  CHECK(r.code == 2);
  CHECK(r.err.find("--at `2023-02-29` is not a date") != std::string::npos);
  CHECK(run_credlex({"decide", kPolicy, "--population", kPopulation, "--entity", "P1", "--at", "2021-01-01", "--format", "xml"}).code == 2);
  CHECK(run_credlex({"decide", kPolicy, kPolicy, "--population", kPopulation, "--entity", "P1", "--at", "2021-01-01"}).code == 2);
  CHECK(run_credlex({"decide", kPolicy, "--population", kPopulation, "--entity", "P1", "--at", "2021-01-01", "--bogus"}).code == 2);
  // An option given twice is refused, whatever its form: a second entity must not silently
  // replace the first.
  for (auto second : {std::vector<std::string>{"--entity", "P2"}, std::vector<std::string>{"--entity=P2"}}) {
    std::vector<std::string> args{"decide", kPolicy, "--population", kPopulation, "--entity", "P1", "--at", "2021-01-01"};
    args.insert(args.end(), second.begin(), second.end());
    auto twice = run_credlex(args);
    CHECK(twice.code == 2);
    CHECK(twice.err == "credlex decide: --entity is given twice; give it once\n");
  }
  auto help = run_credlex({"decide", "--help"});
  CHECK(help.code == 0);
  CHECK(help.out.find("--explain") != std::string::npos);
}

TEST_CASE("decide: an unknown entity, a policy with errors, a bad population", "[decide]") {
  auto r = decide("NOBODY", "2021-01-01");
  CHECK(r.code == 1);
  CHECK(r.err.find("there is no entity `NOBODY`") != std::string::npos);

  auto tmp = std::filesystem::temp_directory_path() / ("credlex-decide-" + std::to_string(::getpid()));
  std::filesystem::remove_all(tmp);
  write(tmp / "bad.clx", "policy broken\nlist x of Nothing {\n}\n");
  auto p = run_credlex({"decide", (tmp / "bad.clx").string(), "--population", kPopulation, "--entity", "P1", "--at", "2021-01-01"});
  CHECK(p.code == 1);
  CHECK(p.err.find("the policy has errors") != std::string::npos);
  CHECK(p.out.empty());

  std::filesystem::copy(kRoot + "/" + kPopulation, tmp / "pop", std::filesystem::copy_options::recursive);
  std::string events = read(tmp / "pop" / "events.jsonl");
  events += "{\"entity\":\"P1\",\"date\":\"2021-13-01\",\"type\":\"misconduct_corrected\",\"case\":\"x\"}\n";
  write(tmp / "pop" / "events.jsonl", events);
  auto b = run_credlex({"decide", kPolicy, "--population", (tmp / "pop").string(), "--entity", "P1", "--at", "2021-06-01"});
  CHECK(b.code == 1);
  CHECK(b.out.empty());  // nothing decided on a population with problems
  CHECK(b.err.find("events.jsonl:8:") != std::string::npos);
  CHECK(b.err.find("1 problem") != std::string::npos);
  std::filesystem::remove_all(tmp);
}

TEST_CASE("the README's decide --explain example is the real output", "[decide][docs]") {
  std::string readme = read(kRoot + "/README.md");
  const std::string start = "    --entity P1 --at 2021-09-01 --explain\n";
  auto a = readme.find(start);
  REQUIRE(a != std::string::npos);
  a += start.size();
  auto b = readme.find("```", a);
  REQUIRE(b != std::string::npos);
  CHECK(readme.substr(a, b - a) == decide("P1", "2021-09-01", {"--explain"}).out);
}

TEST_CASE("decide: a listing to come after a publicity period (`starting after`)", "[decide]") {
  // Published Monday 2019-03-04 (No. 384): the ban starts on Wednesday 2019-03-13, 7 working days
  // later. Before that T1 is on no list, but the listing to come is shown with its start.
  auto run = [](const char* at, std::vector<std::string> more) {
    std::vector<std::string> args{"decide", "policies/transport/train_2018.clx", "--population", "tests/data/decide/train", "--entity", "T1", "--at", at};
    args.insert(args.end(), more.begin(), more.end());
    return run_credlex(args);
  };
  auto before = mini_json::parse(run("2019-03-12", {"--format", "json", "--explain"}).out);
  CHECK(before["lists"].array.empty());
  CHECK(before["measures"].array.empty());
  REQUIRE(before["lists_to_come"].array.size() == 1);
  CHECK(before["lists_to_come"][0]["list"].string == "train_ticket_restrictions");
  CHECK(before["lists_to_come"][0]["start"].string == "2019-03-13");
  CHECK(before["lists_to_come"][0]["end"].string == "2019-09-09");
  CHECK(before["lists_to_come"][0]["cause"]["event"]["date"].string == "2019-03-04");
  auto text = run("2019-03-12", {"--explain"});
  CHECK(text.code == 0);
  CHECK(text.out.find("1 listing to come") != std::string::npos);
  CHECK(text.out.find("T1 is to be put on the list train_ticket_restrictions") != std::string::npos);
  // From 2019-03-13 it is in force, and nothing is to come.
  auto on = mini_json::parse(run("2019-03-13", {"--format", "json"}).out);
  REQUIRE(on["lists"].array.size() == 1);
  CHECK(on["lists"][0]["start"].string == "2019-03-13");
  CHECK(on["lists_to_come"].array.empty());
  REQUIRE(on["measures"].array.size() == 1);
}
