// The semantic phase, on small programs held in memory (sema::LoadOptions::read_file): names
// across used files, types, legal bases, refinements, the limits, dependency cycles, tests.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/diag/render.h"
#include "compiler/sema/model.h"

using namespace credlex;

namespace {

// A national basic list with the framework limits, and a local policy that refines it. Both
// check cleanly (the first test case says so); the other cases append to the local policy.
const char* kNational = R"(policy nat "National" basic list
document law "Law" status verified
entity NaturalPerson { birth_date: date }
entity Enterprise {
  relation legal_representative -> NaturalPerson
  relation relative -> NaturalPerson
}
seriousness minor < general < serious
enum ground { refuses, obstructs }
param standard_period = 2 years
measure restrict "Restrict" {
  basis law art 1
  category consumption
  severity 3
  applies to NaturalPerson, Enterprise
  reaches legal_representative
  for 2 years
}
measure publish "Publish" {
  basis law
  category disclosure
  severity 1
  applies to NaturalPerson
  while listed
}
measure publish_until "Publish until restored" {
  basis law
  category disclosure
  severity 1
  applies to NaturalPerson
  until restored
}
limits framework {
  basis law
  severity <= seriousness + 1
  duration of measure <= 5 years
  duration of listing <= 5 years
  reach only legal_representative
}
)";

const char* kLocal = R"(policy local "Local"
use "nat.clx" as nat
document rule "Rule" status verified
event unpaid for NaturalPerson, Enterprise {
  amount: money(CNY)
  why: nat.ground
  overdue: duration
  seriousness serious
}
event paid
event minor_thing { seriousness minor }
event mixed_thing { seriousness if true then minor else serious }
list defaulters "Defaulters" of NaturalPerson, Enterprise {
  basis rule art 1
  include on unpaid e when e.amount > 1000 CNY and e.why == nat.refuses for nat.standard_period
  remove on paid when cause.amount > 1 CNY
}
list minor_list of NaturalPerson { basis rule include on minor_thing for 1 year }
list mixed_list of NaturalPerson { basis rule include on mixed_thing for 1 year }
measure local_restrict refines nat.restrict {
  basis rule art 2
  category consumption
  severity 3
  applies to members of defaulters
  for 1 year
}
test "basic" {
  p: NaturalPerson { birth_date: 1980-01-01 }
  2020-01-01 p unpaid { amount: 5000 CNY, why: nat.refuses, overdue: 3 days }
  expect 2020-01-02 p in defaulters
  expect 2020-01-02 p under local_restrict
}
)";

struct Checked {
  diag::SourceManager sm;
  diag::Sink sink;
  std::unique_ptr<sema::Model> model;
  std::vector<std::string> reads;  // every path read, in order

  std::string slice(diag::SourceRange r) const {
    if (!r.valid()) return "<nowhere>";
    return std::string(sm.file(r.file).text().substr(r.begin, r.end - r.begin));
  }
  std::string path(diag::SourceRange r) const { return r.valid() ? sm.file(r.file).path() : "<nowhere>"; }
  std::string rendered() const {
    std::string out;
    for (const auto& d : sink.diagnostics()) out += diag::render_text(d, sm);
    return out;
  }
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& d : sink.diagnostics()) out.emplace_back(d.code);
    return out;
  }
  std::size_t count(std::string_view code) const {
    std::size_t n = 0;
    for (const auto& d : sink.diagnostics()) n += d.code == code;
    return n;
  }
  // The diagnostic of `code` whose range covers exactly `text` (the first such).
  const diag::Diagnostic* at(std::string_view code, std::string_view text) const {
    for (const auto& d : sink.diagnostics())
      if (d.code == code && slice(d.range) == text) return &d;
    return nullptr;
  }
};

using Files = std::map<std::string, std::string>;

std::unique_ptr<Checked> check(const Files& files, const std::string& root = "root.clx") {
  auto c = std::make_unique<Checked>();
  sema::LoadOptions options;
  auto* reads = &c->reads;
  options.read_file = [files, reads](const std::string& path, std::string& text, std::string& error) {
    reads->push_back(path);
    auto it = files.find(path);
    if (it == files.end()) {
      error = "No such file or directory";
      return false;
    }
    text = it->second;
    return true;
  };
  auto program = sema::load(root, c->sm, c->sink, options);
  if (program.syntax_ok()) c->model = std::make_unique<sema::Model>(sema::check(std::move(program), c->sm, c->sink));
  c->sink.sort();
  return c;
}

// The local policy with `extra` appended, using the national file.
std::unique_ptr<Checked> local(const std::string& extra) {
  return check({{"nat.clx", kNational}, {"root.clx", std::string(kLocal) + extra + "\n"}});
}

// The message holds every one of `parts` (names, numbers, the words that matter), so that the
// tests do not depend on the exact wording, which docs/diagnostics.md may still polish.
void check_message(const std::string& message, std::initializer_list<std::string_view> parts) {
  for (auto part : parts) {
    INFO("message: " << message);
    CHECK(message.find(part) != std::string::npos);
  }
}

#define REQUIRE_DIAG(c, code, text)                                   \
  do {                                                                \
    INFO("expected " << code << " at `" << text << "` in:\n" << (c)->rendered()); \
    REQUIRE((c)->at(code, text) != nullptr);                          \
  } while (0)

}  // namespace

TEST_CASE("the base programs check cleanly, and the model holds their facts", "[sema]") {
  auto c = local("");
  INFO(c->rendered());
  REQUIRE(c->sink.diagnostics().empty());
  REQUIRE(c->model);
  const auto& program = c->model->program;
  REQUIRE(program.modules.size() == 2);
  CHECK(program.root == program.modules[0].get());
  CHECK(program.modules[0]->path == "root.clx");
  CHECK(program.modules[1]->path == "nat.clx");
  CHECK(program.root->uses.at("nat") == program.modules[1].get());
  CHECK(c->reads == std::vector<std::string>{"root.clx", "nat.clx"});
  // The scale in force for the root comes from the used file.
  CHECK(c->model->seriousness_scale == std::vector<std::string>{"minor", "general", "serious"});
  // The facts of the refining measure.
  const sema::MeasureFacts* facts = nullptr;
  for (const auto& [decl, f] : c->model->measures)
    if (decl->name.text == "local_restrict") facts = &f;
  REQUIRE(facts);
  REQUIRE(facts->refined);
  CHECK(facts->refined->name == "restrict");
  CHECK(facts->refined->module == program.modules[1].get());
  CHECK(facts->target_kinds == std::vector<std::string>{"Enterprise", "NaturalPerson"});
  CHECK(facts->trigger_events == std::vector<std::string>{"local.unpaid"});
  CHECK(facts->seriousness == std::vector<std::string>{"serious"});
  // Every expression of the root is typed; the include condition is a yes/no value.
  const auto& list = std::get<syntax::ListDecl>(program.root->ast.declarations[5]);
  const auto& cond = *list.rules[0].conditions[0].expr;
  REQUIRE(c->model->types.count(&cond));
  CHECK(c->model->types.at(&cond).kind == sema::TypeKind::Bool);
  CHECK(c->model->types.at(cond.operands[0].get()).kind == sema::TypeKind::Bool);
  const auto& amount = *cond.operands[0]->operands[0];
  CHECK(c->model->types.at(&amount).kind == sema::TypeKind::Money);
  CHECK(c->model->types.at(&amount).currency == "CNY");
  CHECK(sema::dump(*c->model).find("local_restrict") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Names

TEST_CASE("names across used files", "[sema][names]") {
  SECTION("a qualified name that does not exist in the used file") {
    auto c = local("measure m1 refines nat.nothing { basis rule category c severity 1 applies to NaturalPerson while listed }");
    REQUIRE_DIAG(c, "E0301", "nat.nothing");
    check_message(c->at("E0301", "nat.nothing")->message, {"measure", "`nat.nothing`"});
  }
  SECTION("an alias that is not used") {
    auto c = local("measure m1 refines foo.restrict { basis rule category c severity 1 applies to NaturalPerson while listed }");
    REQUIRE_DIAG(c, "E0305", "foo.restrict");
    check_message(c->at("E0305", "foo.restrict")->message, {"`foo`"});
  }
  SECTION("a name of the wrong kind") {
    auto c = local("measure m1 refines nat.law { basis rule category c severity 1 applies to NaturalPerson while listed }");
    REQUIRE_DIAG(c, "E0306", "nat.law");
    check_message(c->at("E0306", "nat.law")->message, {"`nat.law`", "document", "measure"});
  }
  SECTION("a used file's declarations need the alias, except kinds of entity") {
    auto c = local("measure m1 refines restrict { basis rule category c severity 1 applies to NaturalPerson while listed }");
    REQUIRE_DIAG(c, "E0301", "restrict");
    CHECK(c->count("E0301") == 1);  // NaturalPerson is found in the used file without its alias
  }
  SECTION("an unknown kind of entity") {
    auto c = local("event e2 for Robot");
    REQUIRE_DIAG(c, "E0301", "Robot");
    check_message(c->at("E0301", "Robot")->message, {"kind of entity", "`Robot`"});
  }
  SECTION("a parameter and a choice of a used file, in expressions") {
    auto c = local("param p2 = nat.standard_period + 1 year\nparam p3 = nat.refuses\nparam p4 = nat.nothing");
    INFO(c->rendered());
    CHECK(c->codes() == std::vector<std::string>{"E0301"});
    REQUIRE_DIAG(c, "E0301", "nat.nothing");
    check_message(c->at("E0301", "nat.nothing")->message, {"`nat.nothing`"});
  }
  SECTION("a list of another file named with the wrong alias") {
    auto c = local("list q of NaturalPerson { basis rule include on unpaid when listed(nat.defaulters) for 1 year }");
    REQUIRE_DIAG(c, "E0301", "nat.defaulters");
  }
  SECTION("unknown names and names that are not values") {
    auto c = local("param q1 = nothing_here\nparam q2 = nat\nparam q3 = defaulters");
    REQUIRE_DIAG(c, "E0301", "nothing_here");
    check_message(c->at("E0301", "nothing_here")->message, {"`nothing_here`"});
    REQUIRE_DIAG(c, "E0306", "nat");
    check_message(c->at("E0306", "nat")->message, {"`nat`", "used file", "value"});
    REQUIRE_DIAG(c, "E0306", "defaulters");
    check_message(c->at("E0306", "defaulters")->message, {"`defaulters`", "list", "value"});
  }
  SECTION("a choice named with its enum") {
    auto c = local("enum colour { red, green }\nparam c1 = colour.red\nparam c2 = colour.blue");
    CHECK(c->codes() == std::vector<std::string>{"E0314"});
    REQUIRE_DIAG(c, "E0314", "blue");
  }
  SECTION("a name declared twice") {
    auto c = local("list defaulters of NaturalPerson { basis rule include on paid for 1 year }");
    REQUIRE_DIAG(c, "E0302", "defaulters");
    const auto* d = c->at("E0302", "defaulters");
    REQUIRE(d->notes.size() == 1);
    CHECK(c->slice(d->notes[0].range) == "defaulters");
    CHECK(d->notes[0].range.begin < d->range.begin);  // the note points at the first declaration
  }
}

TEST_CASE("loading: paths relative to the using file, each file once", "[sema][load]") {
  Files files{{"local/root.clx", "policy r \"R\"\nuse \"../national/nat.clx\" as nat\nuse \"b.clx\" as b\n"},
              {"local/b.clx", "policy b \"B\"\nuse \"../national/nat.clx\" as n\n"},
              {"national/nat.clx", kNational}};
  auto c = check(files, "local/root.clx");
  INFO(c->rendered());
  CHECK(c->sink.diagnostics().empty());
  CHECK(c->reads == std::vector<std::string>{"local/root.clx", "national/nat.clx", "local/b.clx"});
  REQUIRE(c->model);
  CHECK(c->model->program.modules.size() == 3);
  const auto& modules = c->model->program.modules;
  CHECK(modules[0]->uses.at("nat") == modules[1].get());
  CHECK(modules[0]->uses.at("b") == modules[2].get());
  CHECK(modules[2]->uses.at("n") == modules[1].get());  // the same module, not a second copy
}

TEST_CASE("loading: a missing used file, a duplicate alias", "[sema][load]") {
  auto c = check({{"root.clx", "policy r \"R\"\nuse \"gone.clx\" as g\n"}});
  REQUIRE_DIAG(c, "E0303", "\"gone.clx\"");
  check_message(c->at("E0303", "\"gone.clx\"")->message, {"`gone.clx`", "No such file or directory"});
  auto d = check({{"root.clx", "policy r \"R\"\nuse \"nat.clx\" as n\nuse \"nat.clx\" as n\n"}, {"nat.clx", kNational}});
  CHECK(d->codes() == std::vector<std::string>{"E0302"});
  CHECK(std::count(d->reads.begin(), d->reads.end(), "nat.clx") == 1);
  auto m = check({}, "nothing.clx");
  CHECK(m->codes() == std::vector<std::string>{"E0101"});
  CHECK_FALSE(m->sink.diagnostics()[0].range.valid());
}

TEST_CASE("loading: a use cycle names its circle", "[sema][load]") {
  Files files{{"root.clx", "policy r \"R\"\nuse \"a.clx\" as a\n"},
              {"a.clx", "policy a \"A\"\nuse \"b.clx\" as b\n"},
              {"b.clx", "policy b \"B\"\nuse \"root.clx\" as r\n"}};
  auto c = check(files);
  REQUIRE(c->codes() == std::vector<std::string>{"E0304"});
  const auto& d = c->sink.diagnostics()[0];
  check_message(d.message, {"`root.clx` uses `a.clx` uses `b.clx` uses `root.clx`"});
  CHECK(c->path(d.range) == "b.clx");
  CHECK(c->slice(d.range) == "\"root.clx\"");
  auto self = check({{"root.clx", "policy r \"R\"\nuse \"root.clx\" as me\n"}});
  REQUIRE(self->codes() == std::vector<std::string>{"E0304"});
  check_message(self->sink.diagnostics()[0].message, {"`root.clx` uses `root.clx`"});
}

// ---------------------------------------------------------------------------------------------
// Types

TEST_CASE("durations in days and in months are not compared", "[sema][types]") {
  auto c = local(
      "param d1 = 30 days < 1 month\n"
      "param d2 = 1 month < 2 years\n"
      "param d3 = 3 working days < 5 days\n"
      "param d4 = 10 days == 10 days\n"
      "param d5 = 1 month + 3 days\n"
      "param d6 = 2 working days + 1 working day < 5 working days\n"
      "list l3 of NaturalPerson { basis rule include on unpaid e when e.overdue > 3 months for 1 year }");
  INFO(c->rendered());
  REQUIRE_DIAG(c, "E0404", "30 days < 1 month");
  check_message(c->at("E0404", "30 days < 1 month")->message, {"a duration in days", "a duration in months or years"});
  REQUIRE_DIAG(c, "E0404", "3 working days < 5 days");
  REQUIRE_DIAG(c, "E0404", "1 month + 3 days");
  CHECK(c->count("E0404") == 3);  // `duration` fields (of no fixed unit) compare with any
  CHECK(c->sink.error_count() == 3);
}

TEST_CASE("money of different currencies does not mix", "[sema][types]") {
  auto c = local(
      "param m1 = 1 CNY + 1 USD\n"
      "param m2 = 2 CNY * 3 < 10 CNY\n"
      "param m3 = 2 CNY / 1 CNY > 1.5\n"
      "param m4 = 1 CNY + 1\n"
      "list l3 of NaturalPerson { basis rule include on unpaid e when e.amount > 5 USD for 1 year }");
  INFO(c->rendered());
  REQUIRE_DIAG(c, "E0403", "1 CNY + 1 USD");
  check_message(c->at("E0403", "1 CNY + 1 USD")->message, {"CNY", "USD"});
  REQUIRE_DIAG(c, "E0403", "e.amount > 5 USD");
  REQUIRE_DIAG(c, "E0402", "1 CNY + 1");
  CHECK(c->sink.error_count() == 3);
}

TEST_CASE("other type rules", "[sema][types]") {
  auto c = local(
      "param t1 = \"a\" < \"b\"\n"
      "param t2 = 1 and true\n"
      "param t3 = if 1 then 2 else 3\n"
      "param t4 = if true then 2 else \"x\"\n"
      "param t5: int = \"x\"\n"
      "param t6 = 0 days\n"  // a waiting period may be zero; a period of punishment may not
      "list lz of NaturalPerson { basis rule include on paid for 0 days }\n"
      "param t7 = foo(1)\n"
      "list t8 of NaturalPerson { basis rule include on unpaid when listed(defaulters, defaulters) for 1 year }\n");
  INFO(c->rendered());
  REQUIRE_DIAG(c, "E0405", "\"a\" < \"b\"");
  REQUIRE_DIAG(c, "E0402", "1 and true");
  REQUIRE_DIAG(c, "E0401", "1");
  REQUIRE_DIAG(c, "E0401", "\"x\"");
  REQUIRE_DIAG(c, "E0410", "0 days");
  CHECK(c->count("E0410") == 1);
  REQUIRE_DIAG(c, "E0310", "foo");
  REQUIRE_DIAG(c, "E0311", "listed(defaulters, defaulters)");
  check_message(c->at("E0311", "listed(defaulters, defaulters)")->message, {"`listed`", "one list", "2"});
}

// ---------------------------------------------------------------------------------------------
// Legal basis and the basic list

TEST_CASE("lists, measures, restorations, grades and limits need a legal basis", "[sema][basis]") {
  auto c = local(
      "list l6 of NaturalPerson { include on unpaid for 1 year }\n"
      "measure m8 refines nat.restrict { category c severity 3 applies to members of l6 for 1 year }\n"
      "restoration defaulters { eligible after 1 year }\n"
      "grade g2 of NaturalPerson { levels A }\n"
      "limits lim { severity <= 3 }\n"
      "param p6 = 1\n"
      "list l7 of NaturalPerson { basis nope art 0 include on unpaid for 1 year }");
  INFO(c->rendered());
  REQUIRE_DIAG(c, "E0501", "l6");
  check_message(c->at("E0501", "l6")->message, {"list `l6`"});
  REQUIRE_DIAG(c, "E0501", "m8");
  check_message(c->at("E0501", "m8")->message, {"measure `m8`"});
  REQUIRE_DIAG(c, "E0501", "defaulters");
  REQUIRE_DIAG(c, "E0501", "g2");
  REQUIRE_DIAG(c, "E0501", "lim");
  CHECK(c->count("E0501") == 5);  // a param needs none
  REQUIRE_DIAG(c, "E0301", "nope");
  check_message(c->at("E0301", "nope")->message, {"document", "`nope`"});
  REQUIRE_DIAG(c, "E0401", "nope art 0");
}

TEST_CASE("measures come from the basic list", "[sema][basis]") {
  auto c = local(
      "measure own { basis rule category c severity 1 applies to NaturalPerson while listed }\n"
      "measure again refines local_restrict { basis rule category c severity 1 applies to NaturalPerson for 1 year }");
  INFO(c->rendered());
  REQUIRE_DIAG(c, "E0502", "own");
  REQUIRE_DIAG(c, "E0503", "local_restrict");
  check_message(c->at("E0503", "local_restrict")->message, {"`local_restrict`", "`again`"});
}

TEST_CASE("a measure must say its severity, category, target and duration", "[sema][basis]") {
  auto c = local("measure bare refines nat.publish { basis rule }\nmeasure heavy refines nat.publish { basis rule category disclosure severity 6 applies to NaturalPerson while listed }");
  INFO(c->rendered());
  CHECK(c->count("E0507") == 4);
  REQUIRE_DIAG(c, "E0406", "severity 6");
}

// ---------------------------------------------------------------------------------------------
// Refinements

TEST_CASE("a refinement may only narrow the measure it refines", "[sema][refine]") {
  SECTION("narrower in every way: no error") {
    auto c = local("measure ok1 refines nat.restrict { basis rule category consumption severity 2 applies to members of minor_list for 6 months }");
    INFO(c->rendered());
    CHECK(c->sink.diagnostics().empty());
  }
  SECTION("heavier") {
    auto c = local("measure m2 refines nat.publish { basis rule category disclosure severity 2 applies to NaturalPerson while listed }");
    REQUIRE(c->codes() == std::vector<std::string>{"E0504"});
    CHECK(c->slice(c->sink.diagnostics()[0].range) == "severity 2");
    check_message(c->sink.diagnostics()[0].message, {"`m2`", "`nat.publish`", "severity is 2"});
  }
  SECTION("other kinds of entity") {
    auto c = local("measure m2 refines nat.publish { basis rule category disclosure severity 1 applies to Enterprise while listed }");
    REQUIRE(c->codes() == std::vector<std::string>{"E0504"});
    CHECK(c->slice(c->sink.diagnostics()[0].range) == "applies to Enterprise");
    check_message(c->sink.diagnostics()[0].message, {"`m2`", "`Enterprise`"});
  }
  SECTION("members of a list of two kinds, narrowed by a kind test to the base's one kind (Company Law Art 178)") {
    auto narrowed = local(
        "measure m7 refines nat.publish { basis rule category disclosure severity 1 applies to members of defaulters "
        "when self is NaturalPerson and cause.amount > 1 CNY while listed }");
    INFO(narrowed->rendered());
    CHECK(narrowed->sink.diagnostics().empty());
    auto wide = local(
        "measure m8 refines nat.publish { basis rule category disclosure severity 1 applies to members of defaulters "
        "when cause.amount > 1 CNY while listed }");
    REQUIRE(wide->codes() == std::vector<std::string>{"E0504"});
    check_message(wide->sink.diagnostics()[0].message, {"`m8`", "`Enterprise`"});
    auto unless = local(
        "measure m9 refines nat.publish { basis rule category disclosure severity 1 applies to members of defaulters "
        "unless self is NaturalPerson while listed }");
    CHECK(unless->codes() == std::vector<std::string>{"E0504"});
  }
  SECTION("longer") {
    auto c = local("measure m3 refines nat.restrict { basis rule category consumption severity 3 applies to members of defaulters for 3 years }");
    REQUIRE(c->codes() == std::vector<std::string>{"E0504"});
    CHECK(c->slice(c->sink.diagnostics()[0].range) == "for 3 years");
    check_message(c->sink.diagnostics()[0].message, {"`m3`", "`nat.restrict`", "3 years", "2 years"});
    auto equal = local("measure m4 refines nat.restrict { basis rule category consumption severity 3 applies to members of defaulters for 24 months }");
    CHECK(equal->sink.diagnostics().empty());
  }
  SECTION("another category, or a fixed period where the base ends with the listing") {
    auto c = local("measure m5 refines nat.publish { basis rule category exit severity 1 applies to NaturalPerson for 1 year }");
    INFO(c->rendered());
    CHECK(c->codes() == std::vector<std::string>{"E0504", "E0504"});
    REQUIRE(c->at("E0504", "exit"));
    REQUIRE(c->at("E0504", "for 1 year"));
  }
  SECTION("while listed where the base lasts a fixed time: only when every listing ends within it (G33)") {
    // defaulters: `for nat.standard_period`, 2 years, the base's period.
    auto within = local("measure m5 refines nat.restrict { basis rule category consumption severity 3 applies to members of defaulters while listed }");
    INFO(within->rendered());
    CHECK(within->sink.diagnostics().empty());
    auto longer = local("list long_list of NaturalPerson { basis rule include on minor_thing for 25 months }\n"
                        "measure m5 refines nat.restrict { basis rule category consumption severity 2 applies to members of long_list while listed }");
    REQUIRE(longer->codes() == std::vector<std::string>{"E0504"});
    CHECK(longer->slice(longer->sink.diagnostics()[0].range) == "while listed");
    check_message(longer->sink.diagnostics()[0].message, {"`m5`", "while listed", "2 years"});
    auto extended = local("list ext_list of NaturalPerson { basis rule include on minor_thing for 1 year extend by 6 months .. 18 months on minor_thing }\n"
                          "measure m5 refines nat.restrict { basis rule category consumption severity 2 applies to members of ext_list while listed }");
    CHECK(extended->codes() == std::vector<std::string>{"E0504"});  // 1 year + up to 18 months
    auto open = local("list open_list of NaturalPerson { basis rule include on minor_thing until removed remove on paid }\n"
                      "measure m5 refines nat.restrict { basis rule category consumption severity 2 applies to members of open_list while listed }");
    CHECK(open->codes() == std::vector<std::string>{"E0504"});
    auto restored = local("measure m5 refines nat.restrict { basis rule category consumption severity 3 applies to members of defaulters until restored }");
    REQUIRE(restored->codes() == std::vector<std::string>{"E0504"});
    CHECK(restored->slice(restored->sink.diagnostics()[0].range) == "until restored");
  }
  SECTION("until restored where the base lasts while listed") {
    auto c = local("measure m6 refines nat.publish { basis rule category disclosure severity 1 applies to NaturalPerson until restored }");
    REQUIRE(c->codes() == std::vector<std::string>{"E0504"});
    CHECK(c->slice(c->sink.diagnostics()[0].range) == "until restored");
  }
  SECTION("reaching further") {
    // (Natural persons have no legal representative either: that is E0319, reported as well.)
    auto c = local("measure m7 refines nat.publish { basis rule category disclosure severity 1 applies to NaturalPerson reaches legal_representative while listed }");
    REQUIRE(c->codes() == std::vector<std::string>{"E0319", "E0504"});
    REQUIRE(c->at("E0504", "legal_representative"));
    check_message(c->at("E0504", "legal_representative")->message, {"`m7`", "`legal_representative`"});
  }
}

// ---------------------------------------------------------------------------------------------
// Proportionality limits

TEST_CASE("the severity limit against the seriousness of the conduct", "[sema][limits]") {
  // The limit is `severity <= seriousness + 1`; minor = 1, general = 2, serious = 3.
  SECTION("every conduct leading to the measure is too light: an error") {
    auto c = local("measure m6 refines nat.restrict { basis rule category consumption severity 3 applies to members of minor_list for 1 year }");
    REQUIRE(c->codes() == std::vector<std::string>{"E0701"});
    const auto& d = c->sink.diagnostics()[0];
    CHECK(c->slice(d.range) == "severity 3");
    check_message(d.message, {"`m6`", "severity 3", "any conduct"});
    REQUIRE(d.notes.size() == 1);
    CHECK(c->path(d.notes[0].range) == "nat.clx");
    CHECK(c->slice(d.notes[0].range) == "severity <= seriousness + 1");
    check_message(d.notes[0].message, {"`minor`", "severity 2"});
  }
  SECTION("some conduct is too light: a warning") {
    auto c = local("measure m7 refines nat.restrict { basis rule category consumption severity 3 applies to members of mixed_list for 1 year }");
    REQUIRE(c->codes() == std::vector<std::string>{"W0704"});
    CHECK_FALSE(c->sink.has_errors());
  }
  SECTION("at the limit: nothing") {
    auto c = local("measure m9 refines nat.restrict { basis rule category consumption severity 2 applies to members of minor_list for 1 year }");
    CHECK(c->sink.diagnostics().empty());
  }
}

TEST_CASE("reach limits", "[sema][limits]") {
  SECTION("reach only") {
    auto c = check({{"nat.clx", std::string(kNational) + R"(
measure reach_rel "R" { basis law category c severity 1 applies to Enterprise reaches relative, legal_representative while listed }
)"}},
                   "nat.clx");
    REQUIRE(c->codes() == std::vector<std::string>{"E0703"});
    const auto& d = c->sink.diagnostics()[0];
    CHECK(c->slice(d.range) == "relative");
    check_message(d.message, {"`reach_rel`", "`relative`"});
    REQUIRE(d.notes.size() == 1);
    CHECK(c->slice(d.notes[0].range) == "reach only legal_representative");
  }
  SECTION("reach none") {
    auto c = local("limits strict { basis rule reach none }\nmeasure m8 refines nat.restrict { basis rule category consumption severity 3 applies to members of defaulters reaches legal_representative for 1 year }");
    REQUIRE(c->codes() == std::vector<std::string>{"E0703"});
    check_message(c->sink.diagnostics()[0].notes.at(0).message, {"no reach"});
  }
  SECTION("an unknown relation") {
    auto c = local("measure m9 refines nat.restrict { basis rule category consumption severity 3 applies to members of defaulters reaches cousin for 1 year }");
    REQUIRE_DIAG(c, "E0308", "cousin");
  }
}

// ---------------------------------------------------------------------------------------------
// Measures for life (G12)

namespace {

// The national file with a measure for life on `law art 9`, and, when `permitted`, the limit
// `measures for life only under law art 9` beside `duration of measure <= 5 years`.
std::string national_with_life(bool permitted) {
  std::string s = std::string(kNational) + R"(
measure ban_for_life "Ban for life" {
  basis law art 9
  category market_access
  severity 3
  applies to NaturalPerson, Enterprise
  for life
}
)";
  if (permitted) s += "limits lifetime { basis law measures for life only under law art 9 }\n";
  return s;
}

std::unique_ptr<Checked> life_local(const std::string& extra, bool permitted = true) {
  return check({{"nat.clx", national_with_life(permitted)}, {"root.clx", std::string(kLocal) + extra + "\n"}});
}

}  // namespace

TEST_CASE("a measure for life is permitted only on the articles the limits name", "[sema][limits][life]") {
  SECTION("on a permitted article: no error, and the 5-year bound does not apply") {
    auto c = life_local("");
    INFO(c->rendered());
    CHECK(c->sink.diagnostics().empty());
  }
  SECTION("with only the duration bound in force: E0702, can last for life") {
    auto c = life_local("", false);
    REQUIRE(c->codes() == std::vector<std::string>{"E0702"});
    const auto& d = c->sink.diagnostics()[0];
    CHECK(c->slice(d.range) == "for life");
    check_message(d.message, {"`ban_for_life`", "can last for life", "longer than 5 years", "punishment may not last longer"});
    CHECK(c->slice(d.notes.at(0).range) == "duration of measure <= 5 years");
  }
  SECTION("a refinement for life on another basis: E0709, naming the articles and the principle") {
    auto c = life_local("measure mine refines nat.ban_for_life { basis rule art 3 category market_access severity 3 applies to members of defaulters for life }");
    REQUIRE(c->codes() == std::vector<std::string>{"E0709"});
    const auto& d = c->sink.diagnostics()[0];
    CHECK(c->slice(d.range) == "for life");
    check_message(d.message, {"`mine`", "lasts for life", "law art 9", "limits `lifetime` of nat", "punishment for life only where a law imposes it"});
    REQUIRE(d.notes.size() == 2);
    CHECK(c->slice(d.notes[0].range) == "basis rule art 3");
    CHECK(c->slice(d.notes[1].range) == "measures for life only under law art 9");
    CHECK_FALSE(d.hint.empty());
  }
  SECTION("a citation covers what it names: art 9 para 2 is under art 9; the whole law, or art 8, is not") {
    auto para = life_local("measure m1 refines nat.ban_for_life { basis nat.law art 9 para 2 category market_access severity 3 applies to members of defaulters for life }");
    INFO(para->rendered());
    CHECK(para->sink.diagnostics().empty());
    auto whole = life_local("measure m2 refines nat.ban_for_life { basis nat.law category market_access severity 3 applies to members of defaulters for life }");
    CHECK(whole->codes() == std::vector<std::string>{"E0709"});
    auto other = life_local("measure m3 refines nat.ban_for_life { basis nat.law art 8 category market_access severity 3 applies to members of defaulters for life }");
    CHECK(other->codes() == std::vector<std::string>{"E0709"});
  }
  SECTION("another declaration with the same title is the same law; another title is not") {
    auto same = life_local("document law_again \"Law\" status verified\n"
                           "measure m4 refines nat.ban_for_life { basis law_again art 9 category market_access severity 3 applies to members of defaulters for life }");
    INFO(same->rendered());
    CHECK(same->sink.diagnostics().empty());
    auto other = life_local("document other_law \"Other law\" status verified\n"
                            "measure m5 refines nat.ban_for_life { basis other_law art 9 category market_access severity 3 applies to members of defaulters for life }");
    CHECK(other->codes() == std::vector<std::string>{"E0709"});
  }
}

TEST_CASE("refinements and `for life`: narrowing is allowed, widening is not", "[sema][refine][life]") {
  SECTION("a lifetime measure narrowed to a fixed period, to while listed, to until restored") {
    for (const char* d : {"for 5 years", "while listed", "until restored"}) {
      auto c = life_local(std::string("measure m refines nat.ban_for_life { basis rule category market_access severity 3 applies to members of defaulters ") + d + " }");
      INFO(d << "\n" << c->rendered());
      CHECK(c->sink.diagnostics().empty());
    }
  }
  SECTION("a fixed period widened to life") {
    auto c = life_local("measure m refines nat.restrict { basis nat.law art 9 category consumption severity 3 applies to members of defaulters for life }");
    REQUIRE(c->codes() == std::vector<std::string>{"E0504"});
    CHECK(c->slice(c->sink.diagnostics()[0].range) == "for life");
    check_message(c->sink.diagnostics()[0].message, {"`m`", "`nat.restrict`", "lasts for life", "fixed time"});
  }
  SECTION("while listed, or until restored, widened to life") {
    auto listed = life_local("measure m refines nat.publish { basis nat.law art 9 category disclosure severity 1 applies to NaturalPerson for life }");
    REQUIRE(listed->codes() == std::vector<std::string>{"E0504"});
    check_message(listed->sink.diagnostics()[0].message, {"lasts for life", "outlasts the listing"});
    auto restored = life_local("measure m refines nat.publish_until { basis nat.law art 9 category disclosure severity 1 applies to NaturalPerson for life }");
    REQUIRE(restored->codes() == std::vector<std::string>{"E0504"});
    check_message(restored->sink.diagnostics()[0].message, {"lasts for life", "restoration"});
  }
}

TEST_CASE("duration limits: calendar units against calendar units, days only when certain", "[sema][limits]") {
  auto measure = [](const std::string& name, const std::string& duration) {
    // Refines nat.publish_until (until restored) with a fixed time: never broader than its base.
    return local("measure " + name + " refines nat.publish_until { basis rule category disclosure severity 1 applies to members of minor_list " + duration + " }");
  };
  SECTION("6 years against 5 years") {
    auto c = measure("m3", "for 6 years");
    REQUIRE(c->codes() == std::vector<std::string>{"E0702"});
    CHECK(c->slice(c->sink.diagnostics()[0].range) == "for 6 years");
    check_message(c->sink.diagnostics()[0].message, {"`m3`", "6 years", "5 years"});
    CHECK(c->slice(c->sink.diagnostics()[0].notes.at(0).range) == "duration of measure <= 5 years");
  }
  SECTION("60 months is 5 years: equal, no error") { CHECK(measure("m4", "for 60 months")->sink.diagnostics().empty()); }
  SECTION("61 months") {
    auto c = measure("m5", "for 61 months");
    REQUIRE(c->codes() == std::vector<std::string>{"E0702"});
    check_message(c->sink.diagnostics()[0].message, {"`m5`", "61 months", "5 years"});
  }
  SECTION("1825 days may be 5 years: no error") { CHECK(measure("m6", "for 1825 days")->sink.diagnostics().empty()); }
  SECTION("1831 days is longer than any 5 years") {
    CHECK(measure("m7", "for 1831 days")->codes() == std::vector<std::string>{"E0702"});
  }
  SECTION("the longest end of a range") {
    CHECK(measure("m8", "for 1 year .. 6 years")->codes() == std::vector<std::string>{"E0702"});
  }
  SECTION("through a parameter, and its longest version") {
    auto c = local(
        "param long = 1 year\nparam long = 6 years from 2020-01-01\n"
        "measure m9 refines nat.publish_until { basis rule category disclosure severity 1 applies to members of minor_list for long }");
    INFO(c->rendered());
    CHECK(c->codes() == std::vector<std::string>{"E0702"});
  }
  SECTION("a very long period is longer than the limit too") {
    // 1000001 days is more than 2700 years: whatever the calendar, longer than 5 years.
    auto c = measure("m10", "for 1000001 days");
    INFO(c->rendered());
    CHECK(c->codes() == std::vector<std::string>{"E0702"});
    auto y = measure("m11", "for 999999999 years");
    INFO(y->rendered());
    CHECK(y->codes() == std::vector<std::string>{"E0702"});
  }
  SECTION("a listing: its period plus its longest extension") {
    auto c = local(
        "list l2 of NaturalPerson { basis rule include on paid for 4 years extend by 2 years on unpaid }\n"
        "list l3 of NaturalPerson { basis rule include on paid for 3 years extend by 2 years on unpaid }");
    INFO(c->rendered());
    REQUIRE(c->codes() == std::vector<std::string>{"E0702"});
    check_message(c->sink.diagnostics()[0].message, {"`l2`", "6 years", "5 years"});
    CHECK(c->slice(c->sink.diagnostics()[0].range) == "include on paid for 4 years");
  }
}

// ---------------------------------------------------------------------------------------------
// No. 49 item (7): a way off every list (E0710), the rank of the documents creating it (W0711)

namespace {
// The local policy with the clause `lists need removal conditions` and `extra`.
std::unique_ptr<Checked> way_off(const std::string& extra) {
  return local("limits item7 { basis rule lists need removal conditions basis rule art 7 }\n" + extra);
}
}  // namespace

TEST_CASE("lists need removal conditions", "[sema][limits][item7]") {
  SECTION("no way off: an error on the list, with the rule and the limit in notes") {
    auto c = way_off("list endless of NaturalPerson { basis rule include on unpaid until removed }");
    INFO(c->rendered());
    REQUIRE(c->codes() == std::vector<std::string>{"E0710"});
    const auto& d = c->sink.diagnostics()[0];
    CHECK(c->slice(d.range) == "endless");
    check_message(d.message, {"`endless`", "for ever", "`remove`", "restoration", "limits `item7` of local",
                              "how an entity gets off it", "basis: rule art 7"});
    REQUIRE(d.notes.size() == 2);
    CHECK(c->slice(d.notes[0].range) == "include on unpaid until removed");
    CHECK(c->slice(d.notes[1].range) == "lists need removal conditions basis rule art 7");
    CHECK_FALSE(d.hint.empty());
  }
  SECTION("one way onto the list with a period and one without: an error") {
    auto c = way_off("list half of NaturalPerson { basis rule include on unpaid for 1 year include on paid until removed }");
    REQUIRE(c->codes() == std::vector<std::string>{"E0710"});
    CHECK(c->sink.diagnostics()[0].notes.size() == 2);  // only the rule without a period
  }
  SECTION("a fixed period on every way onto the list: fine") {
    auto c = way_off("list fixed of NaturalPerson { basis rule include on unpaid for 1 year include on paid for 2 years }");
    INFO(c->rendered());
    CHECK(c->sink.diagnostics().empty());
  }
  SECTION("a remove rule, even one whose condition can never hold: fine") {
    auto c = way_off("list removable of NaturalPerson { basis rule include on unpaid until removed remove on paid when false }");
    INFO(c->rendered());
    CHECK(c->sink.diagnostics().empty());
  }
  SECTION("a restoration that can be granted is the only way off: fine") {
    auto c = way_off(
        "list restorable of NaturalPerson { basis rule include on unpaid until removed }\n"
        "restoration restorable { basis rule eligible after 1 year on paid decide within 5 days }");
    INFO(c->rendered());
    CHECK(c->sink.diagnostics().empty());
  }
  SECTION("a restoration that can never be granted is no way off") {
    auto c = way_off(
        "list refused of NaturalPerson { basis rule include on unpaid until removed }\n"
        "restoration refused { basis rule on paid decide within 5 days never when true }");
    INFO(c->rendered());
    REQUIRE(c->codes() == std::vector<std::string>{"E0710"});
    const auto& notes = c->sink.diagnostics()[0].notes;
    REQUIRE(notes.size() == 3);
    CHECK(c->slice(notes[1].range) == "refused");
    check_message(notes[1].message, {"cannot end a listing", "no `eligible` rule"});
    auto undecided = way_off(
        "list undecided of NaturalPerson { basis rule include on unpaid until removed }\n"
        "restoration undecided { basis rule eligible after 1 year }");
    REQUIRE(undecided->codes() == std::vector<std::string>{"E0710"});
    check_message(undecided->sink.diagnostics()[0].notes.at(1).message, {"no `on … decide` rule"});
  }
  SECTION("without the clause, a list with no way off passes") {
    auto c = local("list endless of NaturalPerson { basis rule include on unpaid until removed }");
    INFO(c->rendered());
    CHECK(c->sink.diagnostics().empty());
  }
  SECTION("a restoration in a file that uses the list counts when that file is checked") {
    std::string nat = std::string(kNational) +
                      "limits item7 { basis law lists need removal conditions }\n"
                      "event listed_event\n"
                      "list endless of NaturalPerson { basis law include on listed_event until removed }\n";
    std::string root = "policy r\nuse \"nat.clx\" as nat\ndocument rule \"Rule\"\nevent applied\n"
                       "restoration nat.endless { basis rule eligible after 1 year on applied decide within 5 days }\n";
    auto with_user = check({{"nat.clx", nat}, {"root.clx", root}});
    INFO(with_user->rendered());
    CHECK(with_user->count("E0710") == 0);
    auto alone = check({{"nat.clx", nat}}, "nat.clx");
    CHECK(alone->codes() == std::vector<std::string>{"E0710"});
  }
}

namespace {
// A policy whose only list is `list`, under the national file and `limits` (the lists of kLocal
// rest on a document of no stated rank, and would be warned of too).
std::unique_ptr<Checked> own_list(const std::string& limits, const std::string& list) {
  return check({{"nat.clx", kNational},
                {"root.clx", "policy local\nuse \"nat.clx\" as nat\ndocument rule \"Rule\"\n"
                             "document notice \"Notice\" rank normative_document\ndocument statute \"Statute\" rank law\n"
                             "event unpaid\n" + limits + "\n" + list + "\n"}});
}
}  // namespace

TEST_CASE("lists only created by rank", "[sema][limits][item7]") {
  auto ranked = [](const std::string& list_basis) {
    return own_list("limits item7 { basis rule lists only created by rank law, departmental_rule basis rule art 7 }",
                    "list l of NaturalPerson { basis " + list_basis + " include on unpaid for 1 year }");
  };
  SECTION("a list created by a notice only: a warning, not an error") {
    auto c = ranked("notice art 1");
    INFO(c->rendered());
    REQUIRE(c->codes() == std::vector<std::string>{"W0711"});
    CHECK_FALSE(c->sink.has_errors());
    const auto& d = c->sink.diagnostics()[0];
    CHECK(c->slice(d.range) == "l");
    check_message(d.message, {"`l`", "law or departmental rule", "limits `item7` of local", "basis: rule art 7"});
    REQUIRE(d.notes.size() == 2);
    CHECK(c->slice(d.notes[0].range) == "basis notice art 1");
    check_message(d.notes[0].message, {"`notice` is a normative document"});
    CHECK(c->slice(d.notes[1].range) == "lists only created by rank law, departmental_rule basis rule art 7");
  }
  SECTION("a document of no stated rank is not of a sufficient rank") {
    auto c = ranked("rule art 1");
    REQUIRE(c->codes() == std::vector<std::string>{"W0711"});
    check_message(c->sink.diagnostics()[0].notes.at(0).message, {"`rule` is of no stated rank"});
  }
  SECTION("one document of a sufficient rank among several suffices") {
    auto c = ranked("notice art 1, statute art 2");
    INFO(c->rendered());
    CHECK(c->sink.diagnostics().empty());
  }
  SECTION("the ranks a rule's own basis cites do not create the list") {
    auto c = own_list("limits item7 { basis rule lists only created by rank law }",
                      "list l of NaturalPerson { basis rule include on unpaid for 1 year basis statute art 2 }");
    INFO(c->rendered());
    CHECK(c->codes() == std::vector<std::string>{"W0711"});
  }
  SECTION("a rank the language does not know") {
    auto c = own_list("limits item7 { basis rule lists only created by rank statute }", "");
    CHECK(c->codes() == std::vector<std::string>{"E0320"});
  }
  SECTION("without the clause, nothing") {
    auto c = own_list("", "list l of NaturalPerson { basis notice include on unpaid for 1 year }");
    INFO(c->rendered());
    CHECK(c->sink.diagnostics().empty());
  }
}

// No. 49 item (7): lists applied only in one locality rest on local regulations; national lists
// may not. `local` marks such a list, `local lists only created by rank …` judges it.
TEST_CASE("local lists only created by rank", "[sema][limits][item7]") {
  const std::string both =
      "limits item7 { basis rule\n"
      "  lists only created by rank law, departmental_rule basis rule art 7\n"
      "  local lists only created by rank law, departmental_rule, local_regulation basis rule art 7 }\n"
      "document city_regulation \"A city's regulation\" rank local_regulation\n";
  auto list = [](const std::string& local, const std::string& basis) {
    return "list l \"L\"" + local + " of NaturalPerson { basis " + basis + " include on unpaid for 1 year }";
  };
  SECTION("a local list on a local regulation: fine") {
    auto c = own_list(both, list(" local", "city_regulation art 1"));
    INFO(c->rendered());
    CHECK(c->sink.diagnostics().empty());
  }
  SECTION("a list that is not local may not rest on a local regulation") {
    auto c = own_list(both, list("", "city_regulation art 1"));
    REQUIRE(c->codes() == std::vector<std::string>{"W0711"});
    check_message(c->sink.diagnostics()[0].message, {"`l`", "law or departmental rule", "a list must be created"});
  }
  SECTION("a local list on a notice: judged by the clause for local lists, named in the message") {
    auto c = own_list(both, list(" local", "notice art 1"));
    REQUIRE(c->codes() == std::vector<std::string>{"W0711"});
    check_message(c->sink.diagnostics()[0].message,
                  {"law, departmental rule or local regulation", "a list applied in one locality must be created"});
    CHECK(c->slice(c->sink.diagnostics()[0].notes.at(1).range) ==
          "local lists only created by rank law, departmental_rule, local_regulation basis rule art 7");
  }
  SECTION("without a clause for local lists, the general one judges them too") {
    auto c = own_list("limits item7 { basis rule lists only created by rank law basis rule art 7 }\n"
                      "document city_regulation \"A city's regulation\" rank local_regulation\n",
                      list(" local", "city_regulation art 1"));
    REQUIRE(c->codes() == std::vector<std::string>{"W0711"});
  }
  SECTION("a word other than `local` after the title") {
    auto c = own_list("", list(" regional", "notice"));
    REQUIRE_DIAG(c, "E0201", "regional");
  }
}

// ---------------------------------------------------------------------------------------------
// Dependency cycles

TEST_CASE("dependency cycles name their members in order", "[sema][cycles]") {
  SECTION("three lists") {
    auto c = local(
        "list ca of NaturalPerson { basis rule include on paid when listed(cb) for 1 year }\n"
        "list cb of NaturalPerson { basis rule include on paid when listed(cc) for 1 year }\n"
        "list cc of NaturalPerson { basis rule include on paid when listed(ca) for 1 year }");
    REQUIRE(c->codes() == std::vector<std::string>{"E0601"});
    const auto& d = c->sink.diagnostics()[0];
    check_message(d.message, {"list `ca` → list `cb` → list `cc` → list `ca`"});
    CHECK(c->slice(d.range) == "ca");
    REQUIRE(d.notes.size() == 2);
    check_message(d.notes[0].message, {"list `cb`"});
    CHECK(c->slice(d.notes[1].range) == "cc");
  }
  SECTION("a list may look at itself") {
    auto c = local("list selfish of NaturalPerson { basis rule include on paid unless listed(selfish) for 1 year }");
    CHECK(c->sink.diagnostics().empty());
  }
  SECTION("a parameter defined by itself") {
    auto c = local("param s = s + 1");
    REQUIRE(c->codes() == std::vector<std::string>{"E0601"});
    check_message(c->sink.diagnostics()[0].message, {"parameter `s` → parameter `s`"});
  }
  SECTION("the circle starts at the member declared first, not the first in alphabetical order") {
    auto c = local("param zeta = alpha + 1\nparam alpha = zeta + 1");
    REQUIRE(c->codes() == std::vector<std::string>{"E0601"});
    const auto& d = c->sink.diagnostics()[0];
    check_message(d.message, {"parameter `zeta` → parameter `alpha` → parameter `zeta`"});
    CHECK(c->slice(d.range) == "zeta");
  }
  SECTION("two lists in a circle, with a grade looking at one of them") {
    // Parameters cannot look at lists (they belong to no entity), so circles run through lists.
    auto c = local(
        "grade gg of NaturalPerson { basis rule levels A, B level A when listed(gl) otherwise B }\n"
        "list gl of NaturalPerson { basis rule include on paid when listed(gl2) for 1 year }\n"
        "list gl2 of NaturalPerson { basis rule include on paid when listed(gl) for 1 year }");
    INFO(c->rendered());
    REQUIRE(c->codes() == std::vector<std::string>{"E0601"});
    check_message(c->sink.diagnostics()[0].message, {"list `gl` → list `gl2` → list `gl`"});
  }
}

// ---------------------------------------------------------------------------------------------
// Where `cause`, `self` and `seriousness` are known

TEST_CASE("cause is known only for entities already on a list", "[sema][cause]") {
  auto c = local(
      "list l5 of NaturalPerson { basis rule include on unpaid when cause.amount > 1 CNY for 1 year extend by 1 year on paid when cause.amount > 2 CNY }\n"
      "param pc = cause\n"
      "grade g of NaturalPerson { basis rule levels A, B level A when cause.amount > 1 CNY otherwise B }\n"
      "restoration defaulters { basis rule eligible after 1 year when cause.amount < 5000 CNY }\n"
      "measure mc refines nat.restrict { basis rule category consumption severity 3 applies to members of defaulters when cause.amount > 10 CNY for 1 year }\n"
      "measure mk refines nat.restrict { basis rule category consumption severity 3 applies to NaturalPerson when cause.amount > 10 CNY for 1 year }");
  INFO(c->rendered());
  CHECK(c->codes() == std::vector<std::string>{"E0309", "E0309", "E0309", "E0309"});
  check_message(c->sink.diagnostics()[0].message, {"`cause`"});
  auto lines = [&] {
    std::vector<std::uint32_t> out;
    for (const auto& d : c->sink.diagnostics()) out.push_back(c->sm.file(d.range.file).line_column(d.range.begin).line);
    return out;
  }();
  std::uint32_t base = c->sm.file(c->model->program.root->ast.file).line_count() - 6;  // the first appended line
  CHECK(lines == std::vector<std::uint32_t>{base, base + 1, base + 2, base + 5});
}

TEST_CASE("self and seriousness", "[sema][cause]") {
  auto c = local(
      "param ps = self\n"
      "param pz = seriousness\n"
      "list l8 of NaturalPerson { basis rule include on paid when self.birth_date < 2000-01-01 for 1 year }");
  INFO(c->rendered());
  CHECK(c->codes() == std::vector<std::string>{"E0312", "E0315"});
}

TEST_CASE("kind tests narrow self", "[sema][is]") {
  SECTION("`self is K and …` knows self is a K on the right") {
    auto c = local("list k1 of NaturalPerson, Enterprise { basis rule include on unpaid when self is NaturalPerson and self.birth_date < 2000-01-01 for 1 year }");
    INFO(c->rendered());
    CHECK(c->sink.diagnostics().empty());
  }
  SECTION("without the test, an attribute of only one of the kinds is refused") {
    auto c = local("list k2 of NaturalPerson, Enterprise { basis rule include on unpaid when self.birth_date < 2000-01-01 for 1 year }");
    REQUIRE(c->codes() == std::vector<std::string>{"E0307"});
    check_message(c->sink.diagnostics()[0].message, {"`Enterprise`", "`birth_date`"});
  }
  SECTION("a kind the entity can never be") {
    auto c = local("list k4 of NaturalPerson { basis rule include on unpaid when self is Enterprise for 1 year }");
    REQUIRE(c->codes() == std::vector<std::string>{"E0411"});
    CHECK(c->slice(c->sink.diagnostics()[0].range) == "Enterprise");
  }
  SECTION("an unknown kind is one error, not one more for every use of self after it") {
    auto c = local("list k3 of NaturalPerson, Enterprise { basis rule include on unpaid when self is Robot and self.birth_date < 2000-01-01 for 1 year }");
    INFO(c->rendered());
    CHECK(c->codes() == std::vector<std::string>{"E0301"});
    REQUIRE_DIAG(c, "E0301", "Robot");
  }
}

// ---------------------------------------------------------------------------------------------
// Test blocks

TEST_CASE("test blocks are checked against the declarations", "[sema][tests]") {
  auto c = local(R"(test "t2" {
  p: NaturalPerson
  p: Enterprise
  e: Enterprise
  e relative p from 2020-01-01 until 2020-01-01
  e cousin p from 2020-01-01
  e legal_representative e from 2020-01-01
  2020-01-01 q unpaid { amount: 1 CNY, why: nat.refuses, overdue: 1 day }
  2020-01-01 p unpaid { amount: 1 CNY, why: nat.refuses }
  2020-01-01 p unpaid { amount: 1 CNY, why: nat.refuses, overdue: 1 day, colour: 1 }
  2020-01-01 p unpaid { amount: true, why: nat.refuses, overdue: 1 day }
  expect 2020-01-01 p in nothing
  expect 2020-01-01 p grade nat.restrict A
  expect 2020-01-01 z under local_restrict
}
event kid_event for Enterprise
test "t3" { k: NaturalPerson { height: 3 }  2020-01-01 k kid_event })");
  INFO(c->rendered());
  REQUIRE_DIAG(c, "E0302", "p");
  REQUIRE_DIAG(c, "E0410", "2020-01-01");
  REQUIRE_DIAG(c, "E0307", "cousin");
  REQUIRE_DIAG(c, "E0401", "e");  // legal_representative leads to a NaturalPerson, not an Enterprise
  REQUIRE_DIAG(c, "E0301", "q");
  check_message(c->at("E0301", "q")->message, {"entity in this test", "`q`"});
  REQUIRE_DIAG(c, "E0313", "{ amount: 1 CNY, why: nat.refuses }");
  check_message(c->at("E0313", "{ amount: 1 CNY, why: nat.refuses }")->message, {"`unpaid`", "`overdue`"});
  REQUIRE_DIAG(c, "E0307", "colour");
  REQUIRE_DIAG(c, "E0401", "true");
  REQUIRE_DIAG(c, "E0301", "nothing");
  REQUIRE_DIAG(c, "E0306", "nat.restrict");
  REQUIRE_DIAG(c, "E0301", "z");
  REQUIRE_DIAG(c, "E0409", "kid_event");
  check_message(c->at("E0409", "kid_event")->message, {"`kid_event`", "`k`", "NaturalPerson"});
  REQUIRE_DIAG(c, "E0307", "height");
  CHECK(c->sink.error_count() == 13);
}

TEST_CASE("check_tests = false skips test blocks", "[sema][tests]") {
  auto c = std::make_unique<Checked>();
  Files files{{"nat.clx", kNational}, {"root.clx", std::string(kLocal) + "test \"bad\" { 2020-01-01 nobody paid }\n"}};
  sema::LoadOptions options;
  options.read_file = [&](const std::string& path, std::string& text, std::string& error) {
    auto it = files.find(path);
    if (it == files.end()) return false;
    text = it->second;
    return true;
  };
  sema::CheckOptions no_tests;
  no_tests.check_tests = false;
  auto program = sema::load("root.clx", c->sm, c->sink, options);
  REQUIRE(program.syntax_ok());
  sema::check(std::move(program), c->sm, c->sink, no_tests);
  CHECK(c->sink.diagnostics().empty());
}

// Parameters are typed after the parameters they are defined through, with an explicit stack:
// no chain, in any order, and no circle, however long, may exhaust the stack.
TEST_CASE("long chains and circles of parameters", "[sema][params]") {
  const int n = 20000;
  std::string forward, backward, circle;
  for (int i = 0; i < n; ++i) forward += "param f" + std::to_string(i) + " = f" + std::to_string(i + 1) + " + 1\n";
  forward += "param f" + std::to_string(n) + " = 1\n";
  backward += "param b" + std::to_string(n) + " = 1\n";
  for (int i = n - 1; i >= 0; --i) backward += "param b" + std::to_string(i) + " = b" + std::to_string(i + 1) + " + 1\n";
  for (int i = 0; i < n; ++i) circle += "param c" + std::to_string(i) + " = c" + std::to_string((i + 1) % n) + " + 1\n";
  CHECK(check({{"root.clx", "policy r \"R\"\n" + forward}})->sink.diagnostics().empty());
  CHECK(check({{"root.clx", "policy r \"R\"\n" + backward}})->sink.diagnostics().empty());
  auto c = check({{"root.clx", "policy r \"R\"\n" + circle}});
  CHECK(c->codes() == std::vector<std::string>{"E0601"});
}

// G17 (No. 49: measures follow the field of the conduct). The fields of a national measure are
// stated on the basic list; a local refinement has them unless it narrows them.
TEST_CASE("measures follow the field of the conduct (improper linkage)", "[sema][limits][linkage]") {
  const std::string nat = R"(policy nat "National" basic list
document law "L" status verified rank law
entity Person
limits { basis law  measures follow the field of the conduct basis law art 1 }
measure train_ban { basis law art 2  category travel  for conduct in rail_transport, taxation  severity 2
  authority "A"  applies to Person  while listed }
measure publish { basis law art 3  category disclosure  severity 1  authority "A"  applies to Person  while listed }
)";
  auto local = [&](const std::string& body) {
    return check({{"nat.clx", nat}, {"root.clx", "policy root \"R\"\nuse \"nat.clx\" as nat\ndocument rules \"R\" status verified rank law\n" + body}});
  };
  const std::string events = R"(event red_light for Person { field road_traffic }
event fare_evaded for Person { field rail_transport }
event fare_paid for Person
event appeal_won for Person
list cyclists of Person { basis rules art 1  include on red_light for 1 year }
list passengers of Person { basis rules art 2  include on fare_evaded for 180 days }
)";

  SECTION("a refinement reached by conduct of another field: E0713 where the conduct comes in, naming both fields") {
    auto c = local(events + "measure m refines nat.train_ban { basis rules art 3  category travel  severity 2  authority \"B\"\n"
                            "  applies to members of cyclists  while listed }\n");
    REQUIRE(c->codes() == std::vector<std::string>{"E0713"});
    const auto& d = c->sink.diagnostics()[0];
    CHECK(c->slice(d.range) == "applies to members of cyclists");
    check_message(d.message, {"`m`", "`rail_transport` or `taxation`", "conduct in `road_traffic`", "`red_light` through list `cyclists`",
                              "no improper linkage", "law art 1"});
    REQUIRE(d.notes.size() == 3);
    CHECK(c->slice(d.notes[0].range) == "road_traffic");
    CHECK(c->path(d.notes[1].range) == "nat.clx");
    CHECK(c->slice(d.notes[1].range) == "for conduct in rail_transport, taxation");
    CHECK(c->slice(d.notes[2].range) == "measures follow the field of the conduct basis law art 1");
    CHECK_FALSE(d.hint.empty());
  }
  SECTION("conduct of the measure's field passes; events under `not` or in `unless` do not lead to it") {
    auto c = local(events + "measure m refines nat.train_ban { basis rules art 3  category travel  severity 2  authority \"B\"\n"
                            "  applies to members of passengers when not exists(fare_paid) unless exists(appeal_won)  while listed }\n");
    INFO(c->rendered());
    CHECK(c->sink.diagnostics().empty());
  }
  SECTION("a condition of `applies to` brings its events in; one without a field is E0714, said once") {
    auto c = local(events + "measure m refines nat.train_ban { basis rules art 3  category travel  severity 2  authority \"B\"\n"
                            "  applies to Person when exists(fare_paid)  while listed }\n"
                            "measure n refines nat.train_ban { basis rules art 3  category travel  severity 2  authority \"B\"\n"
                            "  applies to Person when exists(fare_paid)  while listed }\n");
    REQUIRE(c->codes() == std::vector<std::string>{"E0714"});
    const auto& d = c->sink.diagnostics()[0];
    CHECK(c->slice(d.range) == "fare_paid");
    check_message(d.message, {"event `fare_paid` leads to measure `m`", "states no field of conduct"});
  }
  SECTION("a refinement may narrow the fields, not widen them (E0504); publication is not a link to another field") {
    auto c = local(events + "measure m refines nat.train_ban { basis rules art 3  category travel  for conduct in rail_transport, road_traffic\n"
                            "  severity 2  authority \"B\"  applies to members of passengers  while listed }\n"
                            "measure p refines nat.publish { basis rules art 4  category disclosure  severity 1  authority \"B\"\n"
                            "  applies to members of cyclists  while listed }\n");
    REQUIRE(c->codes() == std::vector<std::string>{"E0504"});
    CHECK(c->slice(c->sink.diagnostics()[0].range) == "road_traffic");
    check_message(c->sink.diagnostics()[0].message, {"is for conduct in `road_traffic`, which `nat.train_ban` is not"});
  }
  SECTION("a local measure's fields: `for conduct in` after `for` is not a duration, and `field: text` stays a data field") {
    auto c = local(R"(event red_light for Person { field: text  field road_traffic }
list cyclists of Person { basis rules art 1  include on red_light for 1 year }
measure m refines nat.train_ban { basis rules art 3  category travel  for conduct in rail_transport  severity 2  authority "B"
  applies to members of cyclists when exists(red_light r where r.field == "x")  while listed }
)");
    INFO(c->rendered());
    CHECK(c->codes() == std::vector<std::string>{"E0713"});
  }
}

// A deadline's extension is read on the event that extends it: the application's name is not
// known there, and the diagnostic says why.
TEST_CASE("the application's name in an extension of the deadline: E0301 with the reason", "[sema][restoration]") {
  auto c = check({{"root.clx", R"(policy p "P" basic list
document law "L" status verified rank law
entity Person
event listed_event for Person { case: text }
event applied for Person { case: text }
event extended for Person { case: text }
list l of Person { basis law art 1  include on listed_event for 1 year }
restoration l { basis law art 2  eligible after 0 days
  on applied a decide within 10 working days extend by 10 working days on extended x when x.case == a.case }
)"}});
  REQUIRE(c->codes() == std::vector<std::string>{"E0301"});
  const auto& d = c->sink.diagnostics()[0];
  CHECK(c->slice(d.range) == "a");
  CHECK(d.hint.find("`a` names the application") != std::string::npos);
  CHECK(d.hint.find("on extended y when y.case == cause.case") != std::string::npos);
}

// G13: what a document authorises is stated once, on the document, and holds wherever the law is
// cited: from a used file, or from another declaration with the same title.
TEST_CASE("a measure rests on a part of its basis that authorises its category", "[sema][limits][authorisation]") {
  const std::string nat = R"(policy nat "National" basic list
document law "The Law" status verified rank law
  art 5 authorises exit
  art 7 para 2 authorises travel
entity Person
limits { basis law  measures only as their basis authorises basis law art 1 }
)";
  auto local = [&](const std::string& body) {
    return check({{"nat.clx", nat}, {"root.clx", "policy root \"R\" basic list\nuse \"nat.clx\" as nat\n" + body}});
  };
  SECTION("a citation within an authorising part passes, through the used file's declaration") {
    auto c = local("measure m { basis nat.law art 5 para 3  category exit  severity 2  authority \"A\"  applies to Person  while listed }\n");
    INFO(c->rendered());
    CHECK(c->sink.diagnostics().empty());
  }
  SECTION("a category near one the cited part authorises: E0715 names both, either may be misspelt") {
    auto c = local("measure m { basis nat.law art 5  category exti  severity 2  authority \"A\"  applies to Person  while listed }\n");
    REQUIRE(c->codes() == std::vector<std::string>{"E0715"});
    CHECK(c->sink.diagnostics()[0].hint.find("the cited parts authorise `exit`, near `exti`: if one of the two is misspelt") == 0);
  }
  SECTION("a declaration of the same law in this file has the authorisations of the other") {
    auto c = local("document own_copy \"The Law\" status verified rank law\n"
                   "measure m { basis own_copy art 7 para 2 item 1  category travel  severity 2  authority \"A\"  applies to Person  while listed }\n");
    INFO(c->rendered());
    CHECK(c->sink.diagnostics().empty());
  }
  SECTION("a part that authorises other categories, a wider part, or a document that says nothing: E0715 with what each says") {
    auto c = local("document notice \"A notice\" status verified rank normative_document\n"
                   "measure m { basis nat.law art 5, nat.law art 7, notice art 1  category travel  severity 2  authority \"A\"\n"
                   "  applies to Person  while listed }\n");
    REQUIRE(c->codes() == std::vector<std::string>{"E0715"});
    const auto& d = c->sink.diagnostics()[0];
    CHECK(c->slice(d.range) == "travel");
    check_message(d.message, {"`m`", "category `travel`", "no part of its basis authorises", "punishment needs a basis in law that authorises it"});
    REQUIRE(d.notes.size() == 2);
    CHECK(d.notes[0].message == "its basis: `nat.law art 5` authorises exit; `nat.law art 7` states no authorisation; `notice art 1` states no authorisation");
    CHECK(c->path(d.notes[1].range) == "nat.clx");
    CHECK_FALSE(d.hint.empty());
  }
}

// "Did you mean": a misspelt name, field, choice, relation, level or function gets the nearest
// declared one as its hint, spelled as it must be written (with its file's alias when it is
// declared in a used file); a name near nothing gets no such hint.
TEST_CASE("misspelt names: the hint names the nearest declared one", "[sema][suggest]") {
  auto c = check({{"used.clx", R"(policy used "U"
document law "L" status verified rank law
entity Person { birth_date: date  relation guardian -> Person }
event finding for Person { case: text }
param age_of_majority: duration = 18 years basis law art 9
condition adult(p: Person) = p.birth_date < 2000-01-01 basis law art 9
)"}, {"root.clx", R"(policy p "P"
use "used.clx" as u
document law "L" status verified rank law
enum ground { refuses, obstructs }
event decided for u.Person { ground: ground }
param listing_period: duration = 2 years basis law art 1
list defaulters of u.Person {
  basis law art 1
  include on findng when true for 1 year
  include on decided e when e.ground == ground.refuse and e.ground == obstruct for listing_perod
  include on u.findin when self.birth_dat < 2000-01-01 for 1 year
  include on decided e when e.grond == refuses and zzzz for 1 year
  include on decided when listd(defaulters) for 1 year
  include on finding when adult(self) and u.adlt(self) for 1 year
  include on decided when age_of_majority > 1 year and u.age_of_majorty > 1 year for 1 year
}
measure m {
  basis law art 2
  category c
  severity 1
  authority "A"
  applies to members of defaulter
  reaches guardan
  while listed
}
test "t" {
  x: u.Persn
  2020-01-01 x decided { grund: refuses }
}
)"}});
  std::map<std::string, std::string> hints;  // the misspelt text → the hint
  for (const auto& d : c->sink.diagnostics()) hints[std::string(c->slice(d.range))] = d.hint;
  INFO(c->rendered());
  CHECK(hints.at("findng") == "did you mean `u.finding`?");
  CHECK(hints.at("finding") == "did you mean `u.finding`? (declared in the used file `u`)");
  CHECK(hints.at("adult").find("did you mean `u.adult`? (declared in the used file `u`) The functions are") == 0);
  CHECK(hints.at("adlt").find("did you mean `u.adult`? The used file `u` has no named condition") == 0);
  CHECK(hints.at("age_of_majority") == "did you mean `u.age_of_majority`? (declared in the used file `u`)");
  CHECK(hints.at("u.age_of_majorty") == "did you mean `u.age_of_majority`?");
  CHECK(hints.at("refuse") == "did you mean `refuses`?");
  CHECK(hints.at("obstruct") == "did you mean `obstructs`?");
  CHECK(hints.at("listing_perod") == "did you mean `listing_period`?");
  CHECK(hints.at("u.findin") == "did you mean `u.finding`?");
  CHECK(hints.at("birth_dat") == "did you mean `birth_date`?");
  CHECK(hints.at("grond") == "did you mean `ground`?");
  CHECK(hints.at("zzzz").empty());
  CHECK(hints.at("listd").find("did you mean `listed`?") == 0);
  CHECK(hints.at("defaulter") == "did you mean `defaulters`?");
  CHECK(hints.at("guardan") == "did you mean `guardian`?");
  CHECK(hints.at("u.Persn") == "did you mean `u.Person`?");
  CHECK(hints.at("grund") == "did you mean `ground`?");
  // The unknown relation is not also reported as one the limits forbid; there are no limits here,
  // and no W0712 follows an unknown period.
  auto codes = c->codes();
  CHECK(std::count(codes.begin(), codes.end(), "W0712") == 0);
}

TEST_CASE("misspelt names across two used files, and nothing more after a file that cannot be read", "[sema][suggest]") {
  auto c = check({{"a.clx", R"(policy a "A"
entity Person
event fining for Person
)"}, {"b.clx", R"(policy b "B"
document law "L" status verified rank law
entity Person
event finding for Person
condition adult(p: Person) = true basis law art 1
)"}, {"root.clx", R"(policy p "P"
use "a.clx" as a
use "b.clx" as b
use "missing.clx" as x
document law "L" status verified rank law
list l of Person {
  basis law art 1
  include on a.finding when a.adult(self) for 1 year
  include on b.finding when x.foo and x.cond(self) for 1 year
}
)"}});
  std::map<std::string, std::string> hints;
  for (const auto& d : c->sink.diagnostics()) hints[std::string(c->slice(d.range))] = d.hint;
  INFO(c->rendered());
  // Only the alias is wrong: the exact name in the other file wins over a near one in the named file.
  CHECK(hints.at("a.finding") == "did you mean `b.finding`? (declared in the used file `b`)");
  CHECK(hints.at("adult").find("did you mean `b.adult`? (declared in the used file `b`)") == 0);
  // `missing.clx` cannot be read (E0303): `x.foo` and `x.cond(self)` add nothing.
  auto codes = c->codes();
  CHECK(std::count(codes.begin(), codes.end(), "E0303") == 1);
  CHECK(std::count(codes.begin(), codes.end(), "E0301") == 1);  // a.finding
  CHECK(std::count(codes.begin(), codes.end(), "E0310") == 1);  // a.adult
}

// G29: the law lets each province fix a figure within a national range (SPC 2013 Interpretation
// Art 3 para 2: CNY 5,000 to 20,000). The national file declares the range; a file that uses it
// sets its own figure within it.
TEST_CASE("a parameter set by a file that uses it, within the range the used file gives", "[sema][params]") {
  auto national = [](const std::string& range) {
    return "policy nat \"National\"\ndocument law \"Law\" status verified\n"
           "param threshold: money(CNY) = 20000 CNY from 2013-01-23 " + range + " basis law art 3\n"
           "param period: duration = 3 years within 1 year .. 3 years basis law art 4\n";
  };
  auto province = [&](const std::string& range, const std::string& sets) {
    return check({{"nat.clx", national(range)},
                  {"root.clx", "policy prov \"Province\"\nuse \"nat.clx\" as nat\ndocument notice \"Notice\" status recalled\n" + sets + "\n"}});
  };
  const std::string kRange = "within 5000 CNY .. 20000 CNY";
  SECTION("within the range, from a date, and a period in other units: clean") {
    auto c = province(kRange, "param nat.threshold = 10000 CNY from 2014-01-01 basis notice art 2\n"
                              "param nat.threshold = 5000 CNY from 2016-01-01 basis notice art 5\n"
                              "param nat.period = 18 months basis notice art 3");
    INFO(c->rendered());
    CHECK(c->codes().empty());
  }
  SECTION("outside the range: the value, the range and where it is declared") {
    auto c = province(kRange, "param nat.threshold = 25000 CNY from 2014-01-01 basis notice\nparam nat.period = 4 years");
    REQUIRE_DIAG(c, "E0417", "25000 CNY");
    check_message(c->at("E0417", "25000 CNY")->message, {"25000 CNY", "5000 CNY .. 20000 CNY", "`nat.threshold`"});
    REQUIRE(c->at("E0417", "25000 CNY")->notes.size() == 1);
    CHECK(c->slice(c->at("E0417", "25000 CNY")->notes[0].range) == "5000 CNY .. 20000 CNY");
    REQUIRE_DIAG(c, "E0417", "4 years");  // 48 months, more than 3 years
  }
  SECTION("the declared value itself must lie within its range") {
    auto c = province("within 5000 CNY .. 10000 CNY", "");
    REQUIRE_DIAG(c, "E0417", "20000 CNY");
  }
  SECTION("a parameter whose file gives no range cannot be set") {
    auto c = province("", "param nat.threshold = 10000 CNY basis notice");
    REQUIRE_DIAG(c, "E0416", "nat.threshold");
    check_message(c->at("E0416", "nat.threshold")->message, {"`nat.threshold`", "`nat`", "within LOW .. HIGH"});
  }
  SECTION("a range must be complete, comparable and run forwards") {
    REQUIRE_DIAG(province("within 5000 CNY", ""), "E0419", "5000 CNY");
    REQUIRE_DIAG(province("within 5000 .. 20000 CNY", ""), "E0418", "5000 .. 20000 CNY");
    REQUIRE_DIAG(province("within 5000 USD .. 20000 USD", ""), "E0418", "20000 CNY");  // the value, in CNY
    auto backwards = province("within 20000 CNY .. 5000 CNY", "");
    REQUIRE_DIAG(backwards, "E0421", "20000 CNY .. 5000 CNY");
    check_message(backwards->at("E0421", "20000 CNY .. 5000 CNY")->message, {"20000 CNY", "5000 CNY"});
    // months and days have no fixed ratio
    auto c = check({{"root.clx", "policy p \"P\"\nparam d = 30 days within 1 month .. 2 months\n"}});
    REQUIRE_DIAG(c, "E0418", "30 days");
  }
  SECTION("a value of another type, another name, twice on one date, or with a range of its own") {
    auto c = province(kRange, "param nat.threshold = 3 years from 2014-01-01\n"
                              "param nat.thresh = 10000 CNY\n"
                              "param nat.period = 2 years from 2015-01-01\nparam nat.period = 1 year from 2015-01-01\n"
                              "param nat.period = 2 years from 2016-01-01 within 1 year .. 5 years");
    REQUIRE_DIAG(c, "E0401", "3 years");
    REQUIRE_DIAG(c, "E0301", "nat.thresh");
    const diag::Diagnostic* twice = c->at("E0420", "param nat.period = 1 year from 2015-01-01");
    REQUIRE(twice != nullptr);
    check_message(twice->message, {"`nat.period`", "2015-01-01", "`prov`"});
    REQUIRE_DIAG(c, "E0422", "1 year .. 5 years");
  }
  SECTION("a set value is held to every version it replaces, until the next set value") {
    auto two = [](const std::string& later, const std::string& sets) {
      return check({{"nat.clx", "policy nat \"National\"\ndocument law \"Law\" status verified\n"
                                "param t: money(CNY) = 20000 CNY from 2013-01-23 within 5000 CNY .. 20000 CNY basis law\n"
                                "param t: money(CNY) = 10000 CNY from 2020-01-01 " + later + " basis law\n"},
                    {"root.clx", "policy prov \"Province\"\nuse \"nat.clx\" as nat\ndocument notice \"Notice\"\n" + sets + "\n"}});
    };
    // the national range narrows in 2020: a 2014 figure of 15,000 may not run on past it
    auto narrowed = two("within 5000 CNY .. 10000 CNY", "param nat.t = 15000 CNY from 2014-01-01 basis notice");
    REQUIRE_DIAG(narrowed, "E0417", "15000 CNY");
    CHECK(narrowed->count("E0417") == 1);
    // unless the province sets a new figure from then
    auto renewed = two("within 5000 CNY .. 10000 CNY", "param nat.t = 15000 CNY from 2014-01-01 basis notice\n"
                                                         "param nat.t = 8000 CNY from 2020-01-01 basis notice");
    INFO(renewed->rendered());
    CHECK(renewed->codes().empty());
    // the national version of 2020 leaves no room: the figure of 2014 cannot run on past it
    auto closed = two("", "param nat.t = 15000 CNY from 2014-01-01 basis notice");
    REQUIRE_DIAG(closed, "E0416", "nat.t");
    CHECK(closed->at("E0416", "nat.t")->notes.size() == 1);
  }
  SECTION("two files set one parameter: an error naming the first") {
    auto c = check({{"nat.clx", national(kRange)},
                    {"a.clx", "policy prov_a \"A\"\nuse \"nat.clx\" as nat\nparam nat.threshold = 10000 CNY from 2014-01-01\n"},
                    {"b.clx", "policy prov_b \"B\"\nuse \"nat.clx\" as nat\nparam nat.threshold = 12000 CNY from 2015-01-01\n"},
                    {"root.clx", "policy both \"Both\"\nuse \"a.clx\" as a\nuse \"b.clx\" as b\n"}});
    const diag::Diagnostic* twice = c->at("E0420", "param nat.threshold = 12000 CNY from 2015-01-01");
    REQUIRE(twice != nullptr);
    check_message(twice->message, {"`nat.threshold`", "2014-01-01", "`prov_a`"});
    CHECK(c->count("E0420") == 1);
  }
}
