// The population reader (simulator/population): a good folder becomes the expected histories,
// every class of malformed input is reported with its exact file:line:column and reason, random
// corruption never crashes, and the bundled SPC example reads cleanly and means what it says.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/ir/interpret.h"
#include "credlex/civil_date.h"
#include "every_field_policy.h"
#include "lowered.h"
#include "simulator/population/population.h"

using namespace credlex;
namespace fs = std::filesystem;
namespace pop = credlex::population;

namespace {

const ir::Policy& policy() { return testing::every_field_policy(); }

// A fresh folder under the system's temporary directory, removed afterwards.
struct Folder {
  fs::path dir;
  Folder() {
    static int counter = 0;
    std::random_device rd;
    dir = fs::temp_directory_path() / ("credlex-population-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                                       std::to_string(rd()));
    fs::create_directories(dir);
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Folder& write(const std::string& name, const std::string& text) {
    fs::path p = dir / name;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    REQUIRE(out.good());
    return *this;
  }
  pop::Population read(const pop::ReadOptions& options = {}) const { return pop::read(policy(), dir, options); }
  // The problems, with the folder's path removed: "entities.csv:3:5: reason".
  std::vector<std::string> problems(const pop::Population& p) const {
    std::vector<std::string> out;
    std::string prefix = dir.string() + "/";
    for (const auto& problem : p.problems) {
      std::string s = pop::to_string(problem);
      if (s.rfind(prefix, 0) == 0) s.erase(0, prefix.size());
      out.push_back(s);
    }
    return out;
  }
};

using Lines = std::vector<std::string>;

const char* kEntities =
    "id,kind,birth_date,nickname,founded,boss\n"
    "P1,Person,1980-05-01,Ann,,\n"
    "P2,Person,,,,\n"
    "F1,Firm,,,2001-02-03,P1\n";

// A valid offence for P1 as JSON with one field replaced (or, with an empty value, left out).
std::string offence_json(const std::string& key = "", const std::string& value = "") {
  std::vector<std::pair<std::string, std::string>> members = {
      {"entity", "\"P1\""},           {"date", "\"2021-03-04\""},    {"type", "\"offence\""},
      {"case", "\"A1\""},             {"amount", "\"10000.00 CNY\""}, {"serious", "true"},
      {"acts", "2"},                  {"share", "0.5"},              {"ground", "\"refuses\""},
      {"grace", "\"3 working days\""}, {"noticed", "\"2021-02-01\""}, {"witness", "\"P2\""}};
  std::string out = "{";
  for (const auto& [k, v] : members) {
    std::string val = k == key ? value : v;
    if (k == key && value.empty()) continue;
    if (out.size() > 1) out += ",";
    out += "\"" + k + "\":" + val;
  }
  return out + "}";
}

ir::Day day(const char* iso) {
  int y = std::stoi(std::string(iso).substr(0, 4)), m = std::stoi(std::string(iso).substr(5, 2)), d = std::stoi(std::string(iso).substr(8, 2));
  REQUIRE(clx_date_is_valid(y, m, d));
  return clx_days_from_civil(y, m, d);
}

const ir::History& history(const pop::Population& p, const std::string& id) {
  auto it = p.index.find(id);
  REQUIRE(it != p.index.end());
  return p.histories.at(it->second);
}

std::string field(const ir::Event& e, const std::string& name) {
  auto slot = policy().field_slot(e.type, name);
  REQUIRE(slot >= 0);
  const auto& v = e.fields.at(static_cast<std::size_t>(slot));
  return v ? ir::to_string(policy(), *v) : "(none)";
}

std::string event_brief(const ir::Event& e) {
  return ir::date_text(e.date) + " " + policy().events.at(static_cast<std::size_t>(e.type)).name + " " + field(e, "case");
}

// Problems from reading a folder with a good entities.csv and one more file.
Lines problems_with(const std::string& name, const std::string& text, const pop::ReadOptions& options = {}) {
  Folder f;
  f.write("entities.csv", kEntities).write(name, text);
  auto p = f.read(options);
  return f.problems(p);
}

Lines problems_of_entities(const std::string& text) {
  Folder f;
  f.write("entities.csv", text);
  auto p = f.read();
  return f.problems(p);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reading a good folder

TEST_CASE("population: a good folder becomes the expected histories", "[population]") {
  Folder f;
  f.write("entities.csv", kEntities)
      .write("relations.csv",
             "from,relation,to,since,until\n"
             "F1,legal_rep,P1,2015-01-01,2020-06-01\n"
             "F1,legal_rep,P2,2020-06-01,\n")
      .write("events.jsonl",
             offence_json() + "\n" +
                 "{\"entity\":\"P1\",\"date\":\"2020-01-01\",\"type\":\"note\",\"case\":\"N1\"}\n"
                 "{\"entity\":\"P1\",\"date\":\"2021-03-04\",\"type\":\"note\",\"case\":\"N2\"}\n"
                 "{\"entity\":\"F1\",\"date\":\"2019-05-05\",\"type\":\"note\",\"case\":\"\"}\n")
      // csv files are read after events.jsonl and in file-name order: note.csv before paid.csv
      .write("events/paid.csv",
             "entity,date,amount,case\n"
             "P1,2021-03-04,12.5 USD,P-A\n"
             "P1,2019-12-31,1 CNY,P-B\n")
      .write("events/note.csv",
             "date,entity,case\n"
             "2021-03-04,P1,N3\n");
  auto p = f.read();
  INFO(pop::report(p));
  REQUIRE(p.ok());
  CHECK(p.rows_skipped == 0);
  REQUIRE(p.histories.size() == 3);
  CHECK(p.histories[0].entity.id == "P1");
  CHECK(p.histories[1].entity.id == "P2");
  CHECK(p.histories[2].entity.id == "F1");

  // Attributes by slot of the row's kind; an empty cell is "unknown".
  const auto& p1 = history(p, "P1");
  CHECK(p1.entity.kind == policy().kind_index("Person"));
  REQUIRE(p1.entity.attributes.size() == 2);
  CHECK(p1.entity.attributes[0] == ir::Value::date(day("1980-05-01")));
  CHECK(p1.entity.attributes[1] == ir::Value::of_text("Ann"));
  const auto& p2 = history(p, "P2");
  CHECK_FALSE(p2.entity.attributes.at(0).has_value());
  CHECK_FALSE(p2.entity.attributes.at(1).has_value());
  const auto& f1 = history(p, "F1");
  CHECK(f1.entity.kind == policy().kind_index("Firm"));
  REQUIRE(f1.entity.attributes.size() == 2);
  CHECK(f1.entity.attributes[0] == ir::Value::date(day("2001-02-03")));
  ir::Value boss = ir::Value::entity();
  boss.text = "P1";
  CHECK(f1.entity.attributes[1] == boss);

  // Relations go on the `from` side, in file order; an empty `until` is open.
  CHECK(p1.relations.empty());
  REQUIRE(f1.relations.size() == 2);
  CHECK(f1.relations[0].relation == policy().relation_index("legal_rep"));
  CHECK(f1.relations[0].other == "P1");
  CHECK(f1.relations[0].since == day("2015-01-01"));
  CHECK(f1.relations[0].until == std::optional<ir::Day>(day("2020-06-01")));
  CHECK(f1.relations[1].other == "P2");
  CHECK_FALSE(f1.relations[1].until.has_value());

  // Events by date; on 2021-03-04 the reading order: events.jsonl lines, then note.csv, then paid.csv.
  Lines events;
  for (const auto& e : p1.events) events.push_back(event_brief(e));
  CHECK(events == Lines{"2019-12-31 paid \"P-B\"", "2020-01-01 note \"N1\"", "2021-03-04 offence \"A1\"", "2021-03-04 note \"N2\"",
                        "2021-03-04 note \"N3\"", "2021-03-04 paid \"P-A\""});
  // Every field typed.
  const ir::Event& o = p1.events.at(2);
  CHECK(field(o, "amount") == "10000.0000 CNY");
  CHECK(o.fields.at(1) == ir::Value::money(10000 * ir::kMoneyUnitsPerWhole, "CNY"));
  CHECK(o.fields.at(2) == ir::Value::boolean(true));
  CHECK(o.fields.at(3) == ir::Value::integer(2));
  CHECK(o.fields.at(4) == ir::Value::decimal(5, 1));
  CHECK(o.fields.at(5) == ir::Value::choice(0, 0));
  CHECK(o.fields.at(6) == ir::Value::duration(3, ir::Unit::WorkingDays));
  CHECK(o.fields.at(7) == ir::Value::date(day("2021-02-01")));
  ir::Value witness = ir::Value::entity();
  witness.text = "P2";
  CHECK(o.fields.at(8) == witness);
  CHECK(p1.events.at(5).fields.at(1) == ir::Value::money(125000, "USD"));  // `money` without a currency takes any
  // JSON may give an empty text; F1 has one event.
  REQUIRE(f1.events.size() == 1);
  CHECK(f1.events[0].fields.at(0) == ir::Value::of_text(""));
  CHECK(p2.events.empty());
  CHECK(p.origins.empty());  // only on request

  // Where each event came from, in step with the sorted events.
  pop::ReadOptions with_origins;
  with_origins.origins = true;
  auto q = f.read(with_origins);
  REQUIRE(q.origins.size() == 3);
  Lines origins;
  for (const auto& o : q.origins.at(q.index.at("P1"))) origins.push_back(o.substr(f.dir.string().size() + 1));
  CHECK(origins == Lines{"events/paid.csv:3", "events.jsonl:2", "events.jsonl:1", "events.jsonl:3", "events/note.csv:2", "events/paid.csv:2"});
  CHECK(q.origins.at(q.index.at("P2")).empty());
}

TEST_CASE("population: CSV quoting, CRLF, a byte-order mark and empty lines at the end are accepted", "[population]") {
  Folder f;
  f.write("entities.csv",
          "\xEF\xBB\xBFid,kind,nickname\r\n"
          "\"P,1\",Person,\"say \"\"hi\"\", ok\"\r\n"
          "P2,\"Person\",\r\n"
          "\r\n"
          "\n");
  f.write("events.jsonl", "{\"entity\":\"P,1\",\"date\":\"2021-01-01\",\"type\":\"note\",\"case\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\n\"}\r\n\n");
  auto p = f.read();
  INFO(pop::report(p));
  REQUIRE(p.ok());
  REQUIRE(p.histories.size() == 2);
  CHECK(p.histories[0].entity.id == "P,1");
  CHECK(p.histories[0].entity.attributes.at(1) == ir::Value::of_text("say \"hi\", ok"));
  CHECK_FALSE(p.histories[1].entity.attributes.at(1).has_value());
  REQUIRE(p.histories[0].events.size() == 1);
  CHECK(p.histories[0].events[0].fields.at(0) == ir::Value::of_text("caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \\ / \n"));
}

TEST_CASE("population: values of every type, and why a value is refused", "[population]") {
  auto value = [](const char* text, ir::FieldType type) {
    std::string why;
    auto v = pop::parse_value(text, type, policy(), why);
    return v ? "= " + ir::to_string(policy(), *v) : "! " + why;
  };
  auto of = [](ir::ValueKind kind, std::string currency = "", std::int32_t index = -1) {
    ir::FieldType t;
    t.kind = kind;
    t.currency = std::move(currency);
    t.index = index;
    return t;
  };
  using K = ir::ValueKind;
  CHECK(value("true", of(K::Bool)) == "= true");
  CHECK(value("TRUE", of(K::Bool)) == "! expected `true` or `false`, not `TRUE`");
  CHECK(value("-42", of(K::Int)) == "= -42");
  CHECK(value("-9223372036854775808", of(K::Int)) == "= -9223372036854775808");
  CHECK(value("9223372036854775808", of(K::Int)) == "! the number `9223372036854775808` does not fit in 64 bits");
  CHECK(value("+1", of(K::Int)) == "! expected a whole number (digits with an optional leading `-`), not `+1`");
  CHECK(value("12.50", of(K::Decimal)) == "= 12.50");
  CHECK(value("7", of(K::Decimal)) == "= 7");
  CHECK(value("12.", of(K::Decimal)) ==
        "! expected a decimal number like `12.5` (digits, an optional `.` and digits, an optional leading `-`), not `12.`");
  CHECK(value("5%", of(K::Decimal)).rfind("! expected a decimal number like `12.5`", 0) == 0);
  CHECK(value("0.1234567890123456789", of(K::Decimal)) == "! `0.1234567890123456789` has more than 18 decimals");
  CHECK(value("10000.50 CNY", of(K::Money, "CNY")) == "= 10000.5000 CNY");
  CHECK(value("-3.1 EUR", of(K::Money)) == "= -3.1000 EUR");
  CHECK(value("1.23456 CNY", of(K::Money, "CNY")) == "! `1.23456 CNY` has more than 4 decimals (money is exact to 1/10000 of the currency unit)");
  CHECK(value("5 USD", of(K::Money, "CNY")) == "! expected an amount in CNY, not in USD");
  CHECK(value("5  CNY", of(K::Money, "CNY")) ==
        "! expected an amount and a currency like `10000.00 CNY` (one space, a three-letter upper-case code), not `5  CNY`");
  CHECK(value("5 cny", of(K::Money)).rfind("! expected an amount and a currency", 0) == 0);
  CHECK(value("99999999999999999 CNY", of(K::Money)) == "! the amount `99999999999999999 CNY` is too large");
  CHECK(value("", of(K::Text)) == "= \"\"");
  CHECK(value("2024-02-29", of(K::Date)) == "= 2024-02-29");
  CHECK(value("2023-02-29", of(K::Date)) == "! `2023-02-29` is not a real date in the years 1 to 9999");
  CHECK(value("0000-01-01", of(K::Date)) == "! `0000-01-01` is not a real date in the years 1 to 9999");
  CHECK(value("2023-2-1", of(K::Date)) == "! expected a date `YYYY-MM-DD`, not `2023-2-1`");
  CHECK(value("15 days", of(K::Duration)) == "= 15 days");
  CHECK(value("1 working day", of(K::Duration)) == "= 1 working day");
  CHECK(value("6 months", of(K::Duration)) == "= 6 months");
  CHECK(value("2 years", of(K::Duration)) == "= 2 years");
  std::string why;
  CHECK(*pop::parse_value("2 years", of(K::Duration), policy(), why) == ir::Value::duration(24, ir::Unit::Months));
  CHECK(value("2 weeks", of(K::Duration)) ==
        "! expected a duration like `15 days`, `3 working days`, `6 months` or `2 years`, not `2 weeks`");
  CHECK(value("-1 days", of(K::Duration)).rfind("! expected a duration", 0) == 0);
  CHECK(value("obstructs", of(K::Choice, "", 0)) == "= obstructs");
  CHECK(value("other", of(K::Choice, "", 0)) == "! `other` is not a choice of `ground`; expected one of refuses, obstructs");
  CHECK(value("", of(K::Entity)) == "! expected the id of an entity, not an empty text");
  // Input in a message is quoted safely: cut at 40 characters, control characters and backticks escaped.
  CHECK(value("a`b\x01", of(K::Bool)) == "! expected `true` or `false`, not `a\\x60b\\x01`");
  CHECK(value(std::string(50, 'x').c_str(), of(K::Bool)) == "! expected `true` or `false`, not `" + std::string(40, 'x') + "…`");
}

// ---------------------------------------------------------------------------------------------
// The folder and entities.csv

TEST_CASE("population: a missing folder or entities.csv is reported and nothing else is read", "[population]") {
  {
    Folder f;
    auto p = pop::read(policy(), f.dir / "nope");
    REQUIRE(p.problems.size() == 1);
    CHECK(pop::to_string(p.problems[0]) == (f.dir / "nope").string() + ": the population folder does not exist");
  }
  Folder f;
  f.write("events.jsonl", "garbage\n");
  auto p = f.read();
  CHECK(f.problems(p) == Lines{"entities.csv: the file does not exist"});
  CHECK(p.histories.empty());
  Folder g;
  g.write("entities.csv/x", "");  // a folder named entities.csv
  auto q = g.read();
  CHECK(g.problems(q) == Lines{"entities.csv: this is a folder, not a file"});
  CHECK(problems_with("events", "") == Lines{"events: expected a folder of event files named <event type>.csv; this is not read"});
  CHECK(problems_with("events.jsonl/x", "") == Lines{"events.jsonl: this is a folder, not a file"});
  if (::geteuid() != 0) {  // root reads anything
    Folder h;
    h.write("entities.csv", kEntities);
    fs::permissions(h.dir / "entities.csv", fs::perms::none);
    auto r = h.read();
    CHECK(h.problems(r) == Lines{"entities.csv: cannot open the file: Permission denied"});
  }
}

TEST_CASE("population: entities.csv header errors", "[population]") {
  CHECK(problems_of_entities("") == Lines{"entities.csv:1: the file is empty; it needs at least its header line"});
  CHECK(problems_of_entities("kind,birth_date\nP1,Person,\n") ==
        Lines{"entities.csv:1: the header has no `id` column (expected `id,kind` and then attribute columns)"});
  CHECK(problems_of_entities("id,birth_date\n") ==
        Lines{"entities.csv:1: the header has no `kind` column (expected `id,kind` and then attribute columns)"});
  CHECK(problems_of_entities("id,kind,height\n") ==
        Lines{"entities.csv:1:9: `height` is not an attribute of any entity kind of the policy (attributes: birth_date, nickname, founded, boss)"});
  CHECK(problems_of_entities("id,kind,nickname,nickname\n") == Lines{"entities.csv:1:18: the column `nickname` appears twice (first at column 9)"});
  CHECK(problems_of_entities("id,kind,,x\n") ==
        Lines{"entities.csv:1:9: a column without a name",
              "entities.csv:1:10: `x` is not an attribute of any entity kind of the policy (attributes: birth_date, nickname, founded, boss)"});
  // A bad header: the rows are not read, and they are counted.
  Folder f;
  f.write("entities.csv", "id,kind,x\nP1,Person,\nP2,Person,\n");
  auto p = f.read({true, 200});
  CHECK(p.rows_skipped == 2);
  CHECK(p.histories.empty());
}

TEST_CASE("population: entities.csv row errors", "[population]") {
  CHECK(problems_of_entities("id,kind\n,Person\n") == Lines{"entities.csv:2:1: the id is empty"});
  CHECK(problems_of_entities("id,kind\nP1,Person\nP2,Person\nP1,Person\n") == Lines{"entities.csv:4:1: the id `P1` is already used at line 2"});
  CHECK(problems_of_entities("id,kind\nP1,Robot\n") == Lines{"entities.csv:2:4: `Robot` is not an entity kind of the policy; expected one of Person, Firm"});
  CHECK(problems_of_entities("id,kind\nP1,\n") == Lines{"entities.csv:2:4: the kind is empty"});
  CHECK(problems_of_entities("id,kind,founded\nP1,Person,2001-01-01\n") ==
        Lines{"entities.csv:2:11: `founded` is not an attribute of kind `Person`; leave the cell empty"});
  CHECK(problems_of_entities("id,kind,birth_date\nP1,Person,1980-02-30\n") ==
        Lines{"entities.csv:2:11: `birth_date`: `1980-02-30` is not a real date in the years 1 to 9999"});
  CHECK(problems_of_entities("id,kind\nP1,Person,x\n") == Lines{"entities.csv:2: 3 fields, but the header has 2 columns"});
  CHECK(problems_of_entities("id,kind,boss\nF1,Firm,P9\n") == Lines{"entities.csv:2:9: `boss`: there is no entity `P9` in entities.csv"});
  // A reference to an entity left out says why; the referring entity is left out in turn.
  Folder f;
  f.write("entities.csv", "id,kind,boss,birth_date\nF1,Firm,P1,\nP1,Person,,bad\nF2,Firm,F1,\n");
  f.write("events.jsonl", "{\"entity\":\"F1\",\"date\":\"2021-01-01\",\"type\":\"note\",\"case\":\"x\"}\n");
  auto p = f.read({true, 200});
  CHECK(f.problems(p) == Lines{"entities.csv:3:12: `birth_date`: expected a date `YYYY-MM-DD`, not `bad`",
                               "entities.csv:2:9: `boss`: the entity `P1` is left out: its row at entities.csv:3 has a problem",
                               "entities.csv:4:9: `boss`: the entity `F1` is left out: its row at entities.csv:2 has a problem",
                               "events.jsonl:1:11: the entity `F1` is left out: its row at entities.csv:2 has a problem"});
  CHECK(p.histories.empty());
  CHECK(p.rows_skipped == 4);
}

TEST_CASE("population: CSV syntax errors", "[population]") {
  CHECK(problems_of_entities("id,kind\n\"P1,Person\n") ==
        Lines{"entities.csv:2:1: this quoted field is not closed on its line (a field cannot span lines)"});
  CHECK(problems_of_entities("id,kind\nP\"1,Person\n") ==
        Lines{"entities.csv:2:2: a quote inside a field that does not start with a quote; quote the whole field and double the quote (`\"a \"\"b\"\"\"`)"});
  CHECK(problems_of_entities("id,kind\n\"P1\"x,Person\n") ==
        Lines{"entities.csv:2:5: a closing quote must be followed by a comma or the end of the line"});
  CHECK(problems_of_entities("id,kind\nP1,Person\n\n\nP2,Person\n\n") ==
        Lines{"entities.csv:3: 2 empty lines; empty lines are allowed only at the end of the file"});
  CHECK(problems_of_entities("id,kind\n\nP2,Person\n") == Lines{"entities.csv:2: empty line; empty lines are allowed only at the end of the file"});
  CHECK(problems_of_entities("id,kind,nickname\nP1,Person,\xC3\xA9t\xC3\n") == Lines{"entities.csv:2:13: the text is not UTF-8 here (byte 0xC3)"});
  CHECK(problems_of_entities(std::string("id,kind,nickname\nP1,Person,a\0b\n", 30)) == Lines{"entities.csv:2:12: a NUL byte; the line must be text"});
  // The column counts characters, not bytes.
  CHECK(problems_of_entities("id,kind,nickname\n\xE5\xBC\xA0\xE4\xB8\x89,Robot,\n") ==
        Lines{"entities.csv:2:4: `Robot` is not an entity kind of the policy; expected one of Person, Firm"});
}

TEST_CASE("population: a line over the limit is reported, skipped unread, and reading goes on", "[population]") {
  std::string huge(pop::kMaxLineBytes + 10, 'x');
  Folder f;
  f.write("entities.csv", "id,kind,nickname\nP1,Person," + huge + "\nP2,Person,ok\n");
  auto p = f.read({true, 200});
  CHECK(f.problems(p) == Lines{"entities.csv:2: the line is longer than 1048576 bytes and is not read"});
  REQUIRE(p.histories.size() == 1);
  CHECK(p.histories[0].entity.id == "P2");
  CHECK(p.rows_skipped == 1);
}

// ---------------------------------------------------------------------------------------------
// relations.csv

TEST_CASE("population: relations.csv errors", "[population]") {
  const std::string head = "from,relation,to,since,until\n";
  CHECK(problems_with("relations.csv", "from,relation,to\n") ==
        Lines{"relations.csv:1: the header has no `since` column (expected `from,relation,to,since[,until]`)"});
  CHECK(problems_with("relations.csv", "from,relation,to,since,until,note\n") ==
        Lines{"relations.csv:1:30: unknown column `note`; the columns are `from,relation,to,since` and optionally `until`"});
  CHECK(problems_with("relations.csv", head + "F1,owner,P1,2020-01-01,\n") ==
        Lines{"relations.csv:2:4: `owner` is not a relation of the policy; expected one of legal_rep"});
  CHECK(problems_with("relations.csv", head + "F1,legal_rep,P9,2020-01-01,\n") ==
        Lines{"relations.csv:2:14: there is no entity `P9` in entities.csv"});
  CHECK(problems_with("relations.csv", head + ",legal_rep,P1,2020-01-01,\n") ==
        Lines{"relations.csv:2:1: `from` is empty; expected the id of an entity"});
  CHECK(problems_with("relations.csv", head + "P2,legal_rep,P1,2020-01-01,\n") ==
        Lines{"relations.csv:2:1: `legal_rep` goes from `Firm` to `Person`; `P2` is of kind `Person`"});
  CHECK(problems_with("relations.csv", head + "F1,legal_rep,F1,2020-01-01,\n") ==
        Lines{"relations.csv:2:14: an entity cannot be related to itself",
              "relations.csv:2:14: `legal_rep` goes from `Firm` to `Person`; `F1` is of kind `Firm`"});
  CHECK(problems_with("relations.csv", head + "F1,legal_rep,P1,2020-13-01,\n") ==
        Lines{"relations.csv:2:17: `since`: `2020-13-01` is not a real date in the years 1 to 9999"});
  CHECK(problems_with("relations.csv", head + "F1,legal_rep,P1,,\n") ==
        Lines{"relations.csv:2:17: `since` is empty; expected a date `YYYY-MM-DD`"});
  CHECK(problems_with("relations.csv", head + "F1,legal_rep,P1,2020-01-01,2020-01-01\n") ==
        Lines{"relations.csv:2:28: `until` (2020-01-01) must be after `since` (2020-01-01); a relation holds from `since` up to the day before `until`"});
  CHECK(problems_with("relations.csv", head + "F1,legal_rep,P1,2020-01-01\n") == Lines{"relations.csv:2: 4 fields, but the header has 5 columns"});
  // The same relation between the same entities twice at once: the later-starting span is refused.
  CHECK(problems_with("relations.csv", head +
                                           "F1,legal_rep,P1,2018-01-01,\n"
                                           "F1,legal_rep,P1,2010-01-01,2012-01-01\n"
                                           "F1,legal_rep,P2,2018-01-01,\n"
                                           "F1,legal_rep,P1,2019-06-01,2019-07-01\n") ==
        Lines{"relations.csv:5: this `legal_rep` from `F1` to `P1` overlaps the one at line 2; a relation cannot hold twice at once"});
  // Spans that touch do not overlap.
  CHECK(problems_with("relations.csv", head + "F1,legal_rep,P1,2018-01-01,2019-01-01\nF1,legal_rep,P1,2019-01-01,\n").empty());
}

// ---------------------------------------------------------------------------------------------
// events.jsonl

TEST_CASE("population: events.jsonl syntax errors", "[population]") {
  auto one = [](const std::string& line) { return problems_with("events.jsonl", line + "\n"); };
  CHECK(one("[1]") == Lines{"events.jsonl:1:1: a line must be one JSON object `{…}`, not an array"});
  CHECK(one("entity") == Lines{"events.jsonl:1:1: expected `{`: each line is one JSON object"});
  CHECK(one("{\"entity\":{\"id\":\"P1\"}}") ==
        Lines{"events.jsonl:1:11: nested values are not allowed here (each field is one string, number, true or false)"});
  CHECK(one("{\"case\":[1]}") == Lines{"events.jsonl:1:9: nested values are not allowed here (each field is one string, number, true or false)"});
  CHECK(one("{} x") == Lines{"events.jsonl:1:4: unexpected text after the object (one object per line)"});
  CHECK(one("{\"a\":1,}") == Lines{"events.jsonl:1:8: expected a key in double quotes"});
  CHECK(one("{\"a\" 1}") == Lines{"events.jsonl:1:6: expected `:` after the key"});
  CHECK(one("{\"a\":1 \"b\":2}") == Lines{"events.jsonl:1:8: expected `,` or `}` after a value"});
  CHECK(one("{\"a\":tru}") == Lines{"events.jsonl:1:6: expected a value: a string in double quotes, a number, true, false or null"});
  CHECK(one("{\"a\":01}") == Lines{"events.jsonl:1:6: a JSON number cannot have a leading zero"});
  CHECK(one("{\"a\":1.}") == Lines{"events.jsonl:1:8: expected a digit after the decimal point"});
  CHECK(one("{\"a\":\"x}") == Lines{"events.jsonl:1:6: this string is not closed on its line"});
  CHECK(one("{\"a\":\"\\x\"}") ==
        Lines{"events.jsonl:1:7: unknown escape; JSON has `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`"});
  CHECK(one("{\"a\":\"\\u12G4\"}") == Lines{"events.jsonl:1:9: expected four hexadecimal digits after `\\u`"});
  CHECK(one("{\"a\":\"\\ud83d\"}") == Lines{"events.jsonl:1:7: a high surrogate must be followed by a low surrogate `\\uDC00`–`\\uDFFF`"});
  CHECK(one("{\"a\":\"\\ude00\"}") == Lines{"events.jsonl:1:7: a low surrogate `\\uDC00`–`\\uDFFF` without a high surrogate before it"});
  CHECK(one("{\"a\":\"\\u0000\"}") == Lines{"events.jsonl:1:7: a NUL character (`\\u0000`) is not allowed in a value"});
  CHECK(one("{\"a\":\"x\ty\"}") ==
        Lines{"events.jsonl:1:8: a control character inside a string must be written as an escape (`\\n`, `\\t`, `\\u0000`)"});
  CHECK(one("{\"a\":\"\xFF\"}") == Lines{"events.jsonl:1:7: the text is not UTF-8 here (byte 0xFF)"});
  CHECK(problems_with("events.jsonl", offence_json() + "\n\n" + offence_json() + "\n") ==
        Lines{"events.jsonl:2: empty line; empty lines are allowed only at the end of the file"});
}

TEST_CASE("population: events.jsonl event errors", "[population]") {
  auto one = [](const std::string& line) { return problems_with("events.jsonl", line + "\n"); };
  CHECK(one(offence_json()).empty());
  CHECK(one("{\"entity\":\"P1\",\"date\":\"2021-01-01\",\"type\":\"note\",\"case\":\"x\",\"case\":\"y\"}") ==
        Lines{"events.jsonl:1:61: the key `case` appears twice (first at column 50)"});
  CHECK(one("{\"entity\":\"P1\",\"date\":\"2021-01-01\",\"case\":\"x\"}") == Lines{"events.jsonl:1: the event has no `type`"});
  CHECK(one("{\"entity\":\"P1\",\"type\":\"note\",\"case\":\"x\"}") == Lines{"events.jsonl:1: the event has no `date`"});
  CHECK(one("{\"date\":\"2021-01-01\",\"type\":\"note\",\"case\":\"x\"}") == Lines{"events.jsonl:1: the event has no `entity`"});
  CHECK(one("{\"entity\":\"P1\",\"date\":\"2021-01-01\",\"type\":\"fine\"}") ==
        Lines{"events.jsonl:1:43: `fine` is not an event type of the policy; expected one of offence, paid, note"});
  CHECK(one("{\"entity\":\"P1\",\"date\":\"2021-01-01\",\"type\":7}") ==
        Lines{"events.jsonl:1:43: `type` is a number; expected the name of an event type in a string"});
  CHECK(one("{\"entity\":\"P9\",\"date\":\"2021-01-01\",\"type\":\"note\",\"case\":\"x\"}") ==
        Lines{"events.jsonl:1:11: there is no entity `P9` in entities.csv"});
  CHECK(one("{\"entity\":\"P1\",\"date\":\"2021-1-01\",\"type\":\"note\",\"case\":\"x\"}") ==
        Lines{"events.jsonl:1:23: `date`: expected a date `YYYY-MM-DD`, not `2021-1-01`"});
  CHECK(one("{\"entity\":\"F1\",\"date\":\"2021-01-01\",\"type\":\"paid\",\"case\":\"x\",\"amount\":\"1 CNY\"}") ==
        Lines{"events.jsonl:1:11: `paid` events happen only to Person; `F1` is of kind `Firm`"});
  CHECK(one("{\"entity\":\"P1\",\"date\":\"2021-01-01\",\"type\":\"note\",\"case\":\"x\",\"colour\":\"red\"}") ==
        Lines{"events.jsonl:1:61: `colour` is not a field of `note`; its fields are case"});
  CHECK(one(offence_json("acts", "") + "") == Lines{"events.jsonl:1: the event lacks the field `acts` of `offence`"});
  // Mistyped values say what was expected.
  CHECK(one(offence_json("serious", "\"true\"")) ==
        Lines{"events.jsonl:1:99: `serious` is a string; expected true or false (JSON booleans, not strings)"});
  CHECK(one(offence_json("acts", "2.0")) == Lines{"events.jsonl:1:111: `acts` is a number; expected a whole number, without a fraction or an exponent"});
  CHECK(one(offence_json("acts", "\"2\"")) == Lines{"events.jsonl:1:111: `acts` is a string; expected a whole number (a JSON number)"});
  CHECK(one(offence_json("share", "1e-1")) == Lines{"events.jsonl:1:121: `share` is a number; expected a decimal number written without an exponent, like `0.25`"});
  CHECK(one(offence_json("share", "\"0.25\"")).empty());
  CHECK(one(offence_json("amount", "10000")) ==
        Lines{"events.jsonl:1:74: `amount` is a number; expected an amount in CNY in a string, like \"10000.00 CNY\""});
  CHECK(one(offence_json("amount", "\"10000.00 USD\"")) == Lines{"events.jsonl:1:74: `amount`: expected an amount in CNY, not in USD"});
  CHECK(one(offence_json("amount", "\"0.00001 CNY\"")) ==
        Lines{"events.jsonl:1:74: `amount`: `0.00001 CNY` has more than 4 decimals (money is exact to 1/10000 of the currency unit)"});
  CHECK(one(offence_json("ground", "\"other\"")) ==
        Lines{"events.jsonl:1:134: `ground`: `other` is not a choice of `ground`; expected one of refuses, obstructs"});
  CHECK(one(offence_json("grace", "3")) == Lines{"events.jsonl:1:152: `grace` is a number; expected a duration in a string"});
  CHECK(one(offence_json("case", "null")) == Lines{"events.jsonl:1:60: `case` is null; every field needs a value (a text)"});
  CHECK(one(offence_json("witness", "\"P9\"")) == Lines{"events.jsonl:1:202: there is no entity `P9` in entities.csv"});
}

// ---------------------------------------------------------------------------------------------
// events/<type>.csv

TEST_CASE("population: events/<type>.csv errors", "[population]") {
  CHECK(problems_with("events/fine.csv", "entity,date\nP1,2021-01-01\nP2,2021-01-01\n") ==
        Lines{"events/fine.csv: the file name names no event type of the policy (`fine`); expected one of offence, paid, note; the file is not read"});
  {
    Folder f;
    f.write("entities.csv", kEntities).write("events/fine.csv", "entity,date\nP1,2021-01-01\nP2,2021-01-01\n");
    auto p = f.read({true, 200});
    CHECK(p.rows_skipped == 2);
  }
  CHECK(problems_with("events/notes.txt", "") ==
        Lines{"events/notes.txt: not an event file (the folder `events` holds only files named <event type>.csv); it is not read"});
  CHECK(problems_with("events/paid.csv", "entity,date,case\n") == Lines{"events/paid.csv:1: the header lacks the field `amount` of `paid`"});
  CHECK(problems_with("events/paid.csv", "entity,case,amount\n") == Lines{"events/paid.csv:1: the header has no `date` column"});
  CHECK(problems_with("events/paid.csv", "entity,date,case,amount,note\n") ==
        Lines{"events/paid.csv:1:25: `note` is not a field of `paid`; its fields are case, amount (and the columns `entity` and `date`)"});
  CHECK(problems_with("events/paid.csv", "entity,date,case,amount,case\n") ==
        Lines{"events/paid.csv:1:25: the column `case` appears twice (first at column 13)"});
  const std::string head = "entity,date,case,amount\n";
  CHECK(problems_with("events/paid.csv", head + "P1,2021-01-01,,1 CNY\n") ==
        Lines{"events/paid.csv:2:15: `case` is empty; every field of an event needs a value (a text)"});
  CHECK(problems_with("events/paid.csv", head + "P1,,A,1 CNY\n") == Lines{"events/paid.csv:2:4: `date` is empty; expected a date `YYYY-MM-DD`"});
  CHECK(problems_with("events/paid.csv", head + "P1,2021-01-01,A,1\n") ==
        Lines{"events/paid.csv:2:17: `amount`: expected an amount and a currency like `10000.00 CNY` (one space, a three-letter upper-case code), not `1`"});
  CHECK(problems_with("events/paid.csv", head + "F1,2021-01-01,A,1 CNY\n") ==
        Lines{"events/paid.csv:2:1: `paid` events happen only to Person; `F1` is of kind `Firm`"});
  CHECK(problems_with("events/offence.csv",
                      "entity,date,case,amount,serious,acts,share,ground,grace,noticed,witness\n"
                      "P1,2021-01-01,A,1 CNY,yes,1.5,x,none,2 weeks,2021-02-30,P9\n") ==
        Lines{"events/offence.csv:2:23: `serious`: expected `true` or `false`, not `yes`",
              "events/offence.csv:2:27: `acts`: expected a whole number (digits with an optional leading `-`), not `1.5`",
              "events/offence.csv:2:31: `share`: expected a decimal number like `12.5` (digits, an optional `.` and digits, an optional leading `-`), not `x`",
              "events/offence.csv:2:33: `ground`: `none` is not a choice of `ground`; expected one of refuses, obstructs",
              "events/offence.csv:2:38: `grace`: expected a duration like `15 days`, `3 working days`, `6 months` or `2 years`, not `2 weeks`",
              "events/offence.csv:2:46: `noticed`: `2021-02-30` is not a real date in the years 1 to 9999",
              "events/offence.csv:2:57: there is no entity `P9` in entities.csv"});
}

// ---------------------------------------------------------------------------------------------
// Stopping, skipping, counting

TEST_CASE("population: by default a population with problems is rejected, skip_bad keeps the good rows", "[population]") {
  Folder f;
  f.write("entities.csv", kEntities + std::string("P3,Robot,,,,\n"))
      .write("events.jsonl", offence_json() + "\n" + offence_json("acts", "\"x\"") + "\n" +
                                 "{\"entity\":\"P3\",\"date\":\"2021-01-01\",\"type\":\"note\",\"case\":\"x\"}\n");
  auto strict = f.read();
  CHECK_FALSE(strict.ok());
  CHECK(strict.histories.empty());
  CHECK(strict.index.empty());
  CHECK(f.problems(strict) ==
        Lines{"entities.csv:5:4: `Robot` is not an entity kind of the policy; expected one of Person, Firm",
              "events.jsonl:2:111: `acts` is a string; expected a whole number (a JSON number)",
              "events.jsonl:3:11: the entity `P3` is left out: its row at entities.csv:5 has a problem"});
  CHECK(strict.rows_skipped == 3);
  auto lenient = f.read({true, 200});
  CHECK(f.problems(lenient) == f.problems(strict));
  CHECK(lenient.rows_skipped == 3);
  REQUIRE(lenient.histories.size() == 3);
  CHECK(history(lenient, "P1").events.size() == 1);
  CHECK(lenient.index.count("P3") == 0);
}

TEST_CASE("population: problems beyond max_problems are counted, not stored", "[population]") {
  Folder f;
  std::string rows = "id,kind\n";
  for (int i = 0; i < 10; ++i) rows += "E" + std::to_string(i) + ",Robot\n";
  f.write("entities.csv", rows);
  auto p = f.read({false, 3});
  CHECK(p.problems.size() == 3);
  CHECK(p.more_problems == 7);
  CHECK(p.rows_skipped == 10);
  std::string text = pop::report(p);
  CHECK(text.find("entities.csv:4:4: `Robot`") != std::string::npos);
  CHECK(text.substr(text.size() - std::string("and 7 more problems\n").size()) == "and 7 more problems\n");
}

// ---------------------------------------------------------------------------------------------
// Robustness

TEST_CASE("population: 300 random corruptions of good files never crash and every problem has a line", "[population]") {
  const std::string entities = std::string(kEntities) + "\"P,4\",Person,1999-12-31,\"a \"\"b\"\"\",,\n";
  const std::string relations = "from,relation,to,since,until\nF1,legal_rep,P1,2015-01-01,2020-06-01\nF1,legal_rep,P2,2020-06-01,\n";
  const std::string events = offence_json() + "\n" + "{\"entity\":\"P1\",\"date\":\"2020-01-01\",\"type\":\"note\",\"case\":\"caf\\u00e9\"}\n" +
                             "{\"entity\":\"P2\",\"date\":\"2020-01-02\",\"type\":\"paid\",\"case\":\"x\",\"amount\":\"1.5 EUR\"}\n";
  const std::string paid = "entity,date,amount,case\nP1,2021-03-04,12.5 USD,\"P,A\"\nP2,2019-12-31,1 CNY,P-B\n";
  std::mt19937 rng(20240611);
  const char inserts[] = {'"', '{', '}', '[', ']', ',', '\0', '\n', '\r', '\\', ':', '\xFF', '\xC3'};
  auto mutate = [&](std::string s) {
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits && !s.empty(); ++k) {
      std::size_t at = rng() % s.size();
      switch (rng() % 4) {
        case 0: s[at] = static_cast<char>(s[at] ^ (1u << (rng() % 8))); break;      // bit flip
        case 1: s.resize(at); break;                                                  // truncation
        case 2: s.insert(at, 1, inserts[rng() % sizeof(inserts)]); break;            // an inserted special byte
        case 3: s.erase(at, 1 + rng() % 5); break;                                    // deletion
      }
    }
    return s;
  };
  {  // unmutated, the files are good: the problems below come from the mutations
    Folder f;
    f.write("entities.csv", entities).write("relations.csv", relations).write("events.jsonl", events).write("events/paid.csv", paid);
    auto p = f.read();
    INFO(pop::report(p));
    REQUIRE(p.ok());
    REQUIRE(p.histories.size() == 4);
  }
  int with_problems = 0;
  for (int i = 0; i < 300; ++i) {
    Folder f;
    int which = i % 4;
    f.write("entities.csv", which == 0 ? mutate(entities) : entities)
        .write("relations.csv", which == 1 ? mutate(relations) : relations)
        .write("events.jsonl", which == 2 ? mutate(events) : events)
        .write("events/paid.csv", which == 3 ? mutate(paid) : paid);
    auto p = f.read({i % 2 == 0, 200});
    INFO("case " << i << "\n" << pop::report(p));
    for (const auto& problem : p.problems) {
      CHECK(problem.line >= 1);
      CHECK_FALSE(problem.reason.empty());
    }
    if (!p.ok()) ++with_problems;
    // Whatever was kept is consistent: the index points at the right history, events are sorted.
    for (const auto& [id, at] : p.index) CHECK(p.histories.at(at).entity.id == id);
    for (const auto& h : p.histories)
      for (std::size_t e = 1; e < h.events.size(); ++e) CHECK(h.events[e - 1].date <= h.events[e].date);
  }
  CHECK(with_problems > 150);  // the mutations do break the files
}

// ---------------------------------------------------------------------------------------------
// The bundled example population for the SPC policy

TEST_CASE("population: the SPC example reads without problems and means what it says", "[population]") {
  fs::path root = fs::path(CREDLEX_SOURCE_DIR);
  auto l = testing::lower_path((root / "policies/spc/judgment_defaulters_2017.clx").string());
  const ir::Policy& spc = l->policy;
  auto p = pop::read(spc, root / "tests/data/population/spc");
  INFO(pop::report(p));
  REQUIRE(p.ok());
  REQUIRE(p.histories.size() == 6);
  CHECK(history(p, "C1").relations.size() == 1);
  CHECK(history(p, "P4").events.size() == 3);

  std::vector<ir::Timeline> timelines;
  for (const auto& h : p.histories) timelines.push_back(ir::run(spc, h));
  ir::apply_reach(spc, p.histories, timelines);
  auto timeline = [&](const std::string& id) -> const ir::Timeline& { return timelines.at(p.index.at(id)); };
  for (const auto& t : timelines) CHECK(t.ok());
  const std::int32_t list = spc.list_index("judgment_defaulters");
  const std::int32_t restrict = spc.measure_index("restrict_high_consumption");
  auto listing = [&](const std::string& id) {
    const auto& t = timeline(id);
    REQUIRE(t.listings.size() == 1);
    CHECK(t.listings[0].list == list);
    return t.listings[0];
  };
  // P1, ground (1): listed without a period, removed after full performance.
  auto l1 = listing("P1");
  CHECK(l1.start == day("2020-01-10"));
  CHECK(l1.ended_by == ir::End::Removal);
  CHECK(l1.end == std::optional<ir::Day>(day("2022-06-01")));
  // P2, ground (2): two years.
  auto l2 = listing("P2");
  CHECK(l2.start == day("2020-03-02"));
  CHECK(l2.ended_by == ir::End::Period);
  CHECK(l2.end == std::optional<ir::Day>(day("2022-03-02")));
  // C1, an enterprise: listed, and the consumption restriction reaches its legal representative P3.
  CHECK(listing("C1").start == day("2021-04-12"));
  CHECK(timeline("P3").listings.empty());
  bool reached = false;
  for (const auto& m : timeline("P3").measures)
    if (m.measure == restrict && m.source == ir::MeasureInterval::Source::Reach && m.reached_from == "C1") reached = true;
  CHECK(reached);
  // M1, a minor: never listed.
  CHECK(timeline("M1").listings.empty());
  // P4, ground (6): early deletion applied for and granted.
  auto l4 = listing("P4");
  CHECK(l4.ended_by == ir::End::Restoration);
  REQUIRE(timeline("P4").decisions.size() == 1);
  CHECK(timeline("P4").decisions[0].granted);
}
