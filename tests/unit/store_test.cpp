// The store (simulator/store): ingesting a folder into the cache and reading it back gives, for
// every folder — good, generated, malformed, randomly corrupted — exactly what the reference reader
// population::read gives: the same histories field for field, the same problems word for word, the
// same rows skipped. The engine's batch holds the same values (and, with LLVM, runs to the same
// timelines as the interpreter); a damaged cache is refused by open() with a reason, never read.
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
#include "every_field_policy.h"
#include "lowered.h"
#include "simulator/population/population.h"
#include "simulator/population/json_line.h"
#include "simulator/store/json_fast.h"
#include "simulator/store/store.h"
#ifdef CREDLEX_HAVE_LLVM
#include "compiler/codegen/codegen.h"
#include "compiler/codegen/timelines.h"
#endif

using namespace credlex;
namespace fs = std::filesystem;
namespace pop = credlex::population;

namespace {

const ir::Policy& policy() { return testing::every_field_policy(); }

// A fresh population folder and, next to it, where its cache goes; both removed afterwards.
struct Folder {
  fs::path dir, cache;
  Folder() {
    static int counter = 0;
    std::random_device rd;
    dir = fs::temp_directory_path() / ("credlex-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + std::to_string(rd()));
    fs::create_directories(dir);
    cache = dir.string() + ".clxstore";
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::remove(cache, ec);
  }
  Folder& write(const std::string& name, const std::string& text) {
    fs::path p = dir / name;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    REQUIRE(out.good());
    return *this;
  }
  // Nothing of an ingest is left next to the cache but the cache itself.
  bool leftovers() const {
    for (const auto& entry : fs::directory_iterator(dir.parent_path()))
      if (entry.path().filename().string().rfind(cache.filename().string() + ".ingest", 0) == 0) return true;
    return false;
  }
};

std::vector<std::string> texts(const std::vector<pop::Problem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(pop::to_string(p));
  return out;
}

std::string show(const std::optional<ir::Value>& v) { return v ? ir::to_string(policy(), *v) + "/" + std::to_string(static_cast<int>(v->kind)) : "(none)"; }

// Field for field; on a difference, which one.
std::string difference(const ir::History& a, const ir::History& b) {
  if (a.entity.id != b.entity.id) return "id " + a.entity.id + " vs " + b.entity.id;
  if (a.entity.kind != b.entity.kind) return a.entity.id + ": kind";
  if (a.entity.attributes != b.entity.attributes) return a.entity.id + ": attributes";
  if (a.events.size() != b.events.size()) return a.entity.id + ": event count";
  for (std::size_t k = 0; k < a.events.size(); ++k) {
    const auto &x = a.events[k], &y = b.events[k];
    if (x.date != y.date || x.type != y.type || x.fields.size() != y.fields.size()) return a.entity.id + ": event " + std::to_string(k);
    for (std::size_t s = 0; s < x.fields.size(); ++s)
      if (x.fields[s] != y.fields[s]) return a.entity.id + ": event " + std::to_string(k) + " field " + std::to_string(s) + ": " + show(x.fields[s]) + " vs " + show(y.fields[s]);
  }
  if (a.relations.size() != b.relations.size()) return a.entity.id + ": relation count";
  for (std::size_t k = 0; k < a.relations.size(); ++k) {
    const auto &x = a.relations[k], &y = b.relations[k];
    if (x.relation != y.relation || x.other != y.other || x.since != y.since || x.until != y.until) return a.entity.id + ": relation " + std::to_string(k);
  }
  return "";
}

// A batch cell against the value it stands for (the meaning of clx_value per kind, abi.h).
bool same_cell(const clx_value& c, const std::optional<ir::Value>& v) {
  if (!v) return c.kind == CLX_ABSENT;
  if (c.kind != static_cast<std::uint8_t>(v->kind)) return false;
  switch (v->kind) {
    case ir::ValueKind::Text:
    case ir::ValueKind::Entity: return std::string(c.text ? c.text : "", static_cast<std::size_t>(c.len)) == v->text;
    case ir::ValueKind::Money: return c.i == v->i && std::string(c.currency) == v->text;
    case ir::ValueKind::Decimal: return c.i == v->i && c.scale == v->scale;
    case ir::ValueKind::Choice: return c.i == v->i && c.index == v->index;
    case ir::ValueKind::Duration: return c.i == v->i && c.unit == static_cast<std::uint8_t>(v->unit);
    default: return c.i == v->i;
  }
}

// The batch of [first, last) against the histories of the same entities.
void check_batch(const store::Store& s, std::int64_t first, std::int64_t last, const std::vector<ir::History>& hs, store::Batch& batch) {
  s.batch(first, last, batch);
  const clx_batch& b = batch.view();
  REQUIRE(b.entity_count == last - first);
  for (std::int64_t e = 0; e < b.entity_count; ++e) {
    const ir::History& h = hs[static_cast<std::size_t>(first + e)];
    CHECK(b.entity_kinds[e] == h.entity.kind);
    REQUIRE(b.attribute_counts[e] == static_cast<std::int32_t>(h.entity.attributes.size()));
    for (std::size_t a = 0; a < h.entity.attributes.size(); ++a) CHECK(same_cell(b.attributes[e][a], h.entity.attributes[a]));
    REQUIRE(b.event_offsets[e + 1] - b.event_offsets[e] == static_cast<std::int64_t>(h.events.size()));
    for (std::size_t k = 0; k < h.events.size(); ++k) {
      std::int64_t at = b.event_offsets[e] + static_cast<std::int64_t>(k);
      const ir::Event& ev = h.events[k];
      CHECK(b.dates[at] == ev.date);
      REQUIRE(b.types[at] == ev.type);
      for (std::size_t f = 0; f < ev.fields.size(); ++f) CHECK(same_cell(b.columns[ev.type][f][b.rows[at]], ev.fields[f]));
    }
  }
}

// Ingest and read, in one mode, and hold the store to the reference reader.
void compare(const ir::Policy& p, const Folder& f, bool skip_bad, std::size_t budget = 256u << 20) {
  pop::ReadOptions ro;
  ro.skip_bad = skip_bad;
  ro.origins = true;
  pop::Population expected = pop::read(p, f.dir, ro);
  store::IngestOptions io;
  io.skip_bad = skip_bad;
  io.memory_budget = budget;
  store::IngestReport report = store::ingest(p, f.dir, f.cache, io);
  INFO(pop::report(expected));
  CHECK(texts(report.problems) == texts(expected.problems));
  CHECK(report.more_problems == expected.more_problems);
  CHECK(report.rows_skipped == expected.rows_skipped);
  CHECK(report.ok() == expected.ok());
  CHECK_FALSE(f.leftovers());
  if (!skip_bad && !expected.ok()) {
    CHECK_FALSE(fs::exists(f.cache));
    return;
  }
  std::string error;
  auto s = store::Store::open(f.cache, p, error);
  INFO(error);
  REQUIRE(s);
  CHECK(store::fresh(p, f.dir, f.cache));
  REQUIRE(s->entity_count() == static_cast<std::int64_t>(expected.histories.size()));
  CHECK(report.entities == s->entity_count());
  CHECK(report.events == s->event_count());
  CHECK(s->rows_skipped() == expected.rows_skipped);
  std::vector<ir::History> got;
  s->histories(0, s->entity_count(), got);
  REQUIRE(got.size() == expected.histories.size());
  std::int64_t events = 0, relations = 0;
  for (std::size_t e = 0; e < got.size(); ++e) {
    CHECK(difference(expected.histories[e], got[e]) == "");
    CHECK(s->id(static_cast<std::int64_t>(e)) == expected.histories[e].entity.id);
    CHECK(s->event_begin(static_cast<std::int64_t>(e)) == events);
    for (std::size_t k = 0; k < got[e].events.size(); ++k)
      CHECK(s->origin(static_cast<std::int64_t>(e), static_cast<std::int32_t>(k)) == expected.origins[e][k]);
    events += static_cast<std::int64_t>(got[e].events.size());
    relations += static_cast<std::int64_t>(got[e].relations.size());
  }
  CHECK(events == s->event_count());
  CHECK(static_cast<std::int64_t>(s->relations().size()) == relations);
  for (const auto& r : s->relations()) CHECK(got[static_cast<std::size_t>(r.from)].entity.kind >= 0);
  store::Batch batch;
  check_batch(*s, 0, s->entity_count(), got, batch);
  if (s->entity_count() > 2) check_batch(*s, 1, s->entity_count() - 1, got, batch);  // reused, rebased
}

void compare_both(const ir::Policy& p, const Folder& f) {
  compare(p, f, false);
  compare(p, f, true);
}

const char* kEntities =
    "id,kind,birth_date,nickname,founded,boss\n"
    "P1,Person,1980-05-01,Ann,,\n"
    "P2,Person,,,,\n"
    "F1,Firm,,,2001-02-03,P1\n";

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

const char* kRelations = "from,relation,to,since,until\nF1,legal_rep,P1,2015-01-01,2020-06-01\nF1,legal_rep,P2,2020-06-01,\n";
const char* kPaid = "entity,date,amount,case\nP1,2021-03-04,12.5 USD,P-A\nP1,2019-12-31,1 CNY,P-B\n";

void good_folder(Folder& f, const std::string& extra_events = "") {
  f.write("entities.csv", kEntities)
      .write("relations.csv", kRelations)
      .write("events.jsonl", offence_json() + "\n" + "{\"entity\":\"P1\",\"date\":\"2020-01-01\",\"type\":\"note\",\"case\":\"N1\"}\n" +
                                 "{\"entity\":\"P1\",\"date\":\"2021-03-04\",\"type\":\"note\",\"case\":\"caf\\u00e9 \\\"x\\\"\"}\n" +
                                 "{ \"entity\" : \"F1\" , \"date\":\"2019-05-05\",\"type\":\"note\",\"case\":\"\"}  \n" + extra_events)
      .write("events/paid.csv", kPaid)
      .write("events/note.csv", "date,entity,case\n2021-03-04,P1,N3\n");
}

}  // namespace

TEST_CASE("store: a good folder reads back exactly as population::read gives it", "[store]") {
  Folder f;
  good_folder(f);
  compare_both(policy(), f);
  std::string error;
  auto s = store::Store::open(f.cache, policy(), error);
  REQUIRE(s);
  CHECK(s->entity_count() == 3);
  CHECK(s->event_count() == 7);
  CHECK(s->origin(0, 0) == (f.dir / "events" / "paid.csv").string() + ":3");
}

TEST_CASE("store: malformed folders give the reference reader's problems, in both modes", "[store]") {
  // One bad thing each, in every file the format has.
  std::vector<std::pair<std::string, std::string>> cases = {
      {"events.jsonl", "{\"entity\":\"P1\",\"date\":\"2021-01-01\",\"type\":\"note\",\"case\":\"x\"\n"},       // bad JSON
      {"events.jsonl", "[1]\n"},
      {"events.jsonl", "{} x\n"},
      {"events.jsonl", "{\"a\":01}\n"},
      {"events.jsonl", "{\"a\":1.}\n"},
      {"events.jsonl", "{\"a\":tru}\n"},
      {"events.jsonl", "{\"a\":\"\\ud83d\"}\n"},
      {"events.jsonl", "{\"a\":\"\\u0000\"}\n"},
      {"events.jsonl", "{\"a\":\"x\ty\"}\n"},
      {"events.jsonl", "{\"a\":\"\xFF\"}\n"},
      {"events.jsonl", "{\"entity\":{\"id\":\"P1\"}}\n"},
      {"events.jsonl", offence_json("date", "\"2021-02-29\"") + "\n"},                                      // bad date
      {"events.jsonl", "{\"entity\":\"P1\",\"date\":\"2021-01-01\",\"type\":\"fine\"}\n"},                  // unknown type
      {"events.jsonl", offence_json("entity", "\"P9\"") + "\n"},                                            // unknown entity
      {"events.jsonl", offence_json("amount", "\"12 USD\"") + "\n"},                                        // bad money
      {"events.jsonl", offence_json("amount", "\"12\"") + "\n"},
      {"events.jsonl", offence_json("acts", "") + "\n"},                                                    // missing field
      {"events.jsonl", offence_json("acts", "1e3") + "\n"},
      {"events.jsonl", offence_json("acts", "-0") + "\n"},
      {"events.jsonl", offence_json("share", "1.5e2") + "\n"},
      {"events.jsonl", offence_json("serious", "\"true\"") + "\n"},
      {"events.jsonl", offence_json("case", "null") + "\n"},
      {"events.jsonl", offence_json("witness", "\"\"") + "\n"},
      {"events.jsonl", "{\"entity\":\"P1\",\"date\":\"2021-01-01\",\"type\":\"note\",\"case\":\"x\",\"case\":\"y\"}\n"},
      {"events.jsonl", "{\"entity\":\"F1\",\"date\":\"2021-01-01\",\"type\":\"paid\",\"case\":\"x\",\"amount\":\"1 CNY\"}\n"},
      {"events.jsonl", offence_json() + "\n\n" + offence_json() + "\n"},
      {"events/paid.csv", "entity,date,amount,case\nP1,2021-13-01,1 CNY,x\nP9,2021-01-01,1 CNY,x\nP1,2021-01-01,,x\n"},
      {"events/paid.csv", "entity,date,case\nP1,2021-01-01,x\n"},
      {"events/fine.csv", "entity,date\nP1,2021-01-01\n"},
      {"events/notes.txt", "x\n"},
      {"relations.csv", "from,relation,to,since,until\nF1,legal_rep,P9,2020-01-01,\n"},                  // dangling relation
      {"relations.csv", "from,relation,to,since,until\nF1,owner,P1,2020-01-01,\n"},
      {"relations.csv", "from,relation,to,since,until\nP2,legal_rep,P1,2020-01-01,\n"},
      {"relations.csv", "from,relation,to,since,until\nF1,legal_rep,P1,2020-01-01,\nF1,legal_rep,P1,2020-06-01,2021-01-01\n"},
      {"entities.csv", "id,kind\nP1,Person\nP1,Person\n"},                                                  // duplicate id
      {"entities.csv", "id,kind\nP1,Robot\nP2,Person\n"},                                                   // unknown kind
      {"entities.csv", "id,kind,boss\nF1,Firm,P9\nP1,Person,\n"},
      {"entities.csv", "id,kind,height\nP1,Person,3\n"},
      {"entities.csv", "id,kind\n\"P1,Person\n"},
  };
  for (const auto& [file, text] : cases) {
    INFO(file << ": " << text);
    Folder f;
    good_folder(f);
    if (file == "events.jsonl") f.write(file, offence_json() + "\n" + text + offence_json("case", "\"after\"") + "\n");
    else if (file == "entities.csv") f.write(file, text).write("relations.csv", "from,relation,to,since\n").write("events.jsonl", "").write("events/paid.csv", "entity,date,amount,case\nP1,2021-01-01,1 CNY,x\n");
    else f.write(file, text);
    compare_both(policy(), f);
  }
  // A missing folder, a missing entities.csv.
  Folder f;
  f.write("events.jsonl", offence_json() + "\n");
  compare_both(policy(), f);
  fs::remove_all(f.dir);
  compare_both(policy(), f);
}

TEST_CASE("store: problems beyond max_problems are counted the same way", "[store]") {
  Folder f;
  std::string events;
  for (int k = 0; k < 30; ++k) events += offence_json("date", "\"bad\"") + "\n";
  good_folder(f, events);
  pop::ReadOptions ro;
  ro.max_problems = 5;
  auto expected = pop::read(policy(), f.dir, ro);
  store::IngestOptions io;
  io.max_problems = 5;
  auto report = store::ingest(policy(), f.dir, f.cache, io);
  CHECK(texts(report.problems) == texts(expected.problems));
  CHECK(report.more_problems == expected.more_problems);
  CHECK(report.more_problems == 25);
  CHECK_FALSE(fs::exists(f.cache));
}

TEST_CASE("store: a generated population, spread over many buckets, reads back exactly", "[store]") {
  std::mt19937 rng(20261128);
  Folder f;
  const int people = 400, firms = 100;
  std::string entities = "id,kind,birth_date,nickname,founded,boss\n";
  for (int k = 0; k < people; ++k) entities += "P" + std::to_string(k) + ",Person,19" + std::to_string(50 + k % 50) + "-01-0" + std::to_string(1 + k % 9) + ",n" + std::to_string(k) + ",,\n";
  for (int k = 0; k < firms; ++k) entities += "F" + std::to_string(k) + ",Firm,,,2001-02-03,P" + std::to_string(k) + "\n";
  std::string relations = "from,relation,to,since,until\n";
  for (int k = 0; k < firms; ++k) relations += "F" + std::to_string(k) + ",legal_rep,P" + std::to_string((k * 7) % people) + ",2015-01-0" + std::to_string(1 + k % 9) + ",\n";
  auto date = [&] { return "20" + std::to_string(10 + rng() % 15) + "-0" + std::to_string(1 + rng() % 9) + "-1" + std::to_string(rng() % 10); };
  std::string jsonl, paid = "entity,date,amount,case\n", notes = "case,entity,date\n";
  for (int k = 0; k < 6000; ++k) {
    std::string who = rng() % 5 ? "P" + std::to_string(rng() % people) : "F" + std::to_string(rng() % firms);
    switch (rng() % 4) {
      case 0: {
        std::string j = offence_json("entity", "\"" + who + "\"");
        jsonl += j.replace(j.find("2021-03-04"), 10, date()) + "\n";
        break;
      }
      case 1: jsonl += "{\"entity\":\"" + who + "\",\"date\":\"" + date() + "\",\"type\":\"note\",\"case\":\"c" + std::to_string(k) + "\"}\n"; break;
      case 2:
        if (who[0] == 'P') paid += who + "," + date() + "," + std::to_string(rng() % 100000) + "." + std::to_string(rng() % 100) + " EUR,\"c,\"\"" + std::to_string(k) + "\"\n";
        break;
      case 3: notes += "n" + std::to_string(k) + "," + who + "," + date() + "\n"; break;
    }
  }
  f.write("entities.csv", entities).write("relations.csv", relations).write("events.jsonl", jsonl).write("events/paid.csv", paid).write("events/note.csv", notes);
  compare(policy(), f, false, 64u << 10);  // a 64 KiB budget: many buckets
  compare(policy(), f, false);             // one bucket
}

TEST_CASE("store: random corruptions give the same problems and the same kept rows", "[store]") {
  const std::string entities = std::string(kEntities) + "\"P,4\",Person,1999-12-31,\"a \"\"b\"\"\",,\n";
  const std::string events = offence_json() + "\n" + "{\"entity\":\"P1\",\"date\":\"2020-01-01\",\"type\":\"note\",\"case\":\"caf\\u00e9\"}\n" +
                             "{\"entity\":\"P2\",\"date\":\"2020-01-02\",\"type\":\"paid\",\"case\":\"x\",\"amount\":\"1.5 EUR\"}\n";
  std::mt19937 rng(20261128);
  const char inserts[] = {'"', '{', '}', '[', ']', ',', '\0', '\n', '\r', '\\', ':', '\xFF', '\xC3', '0', 'e', '.', ' ', '\t'};
  auto mutate = [&](std::string s) {
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits && !s.empty(); ++k) {
      std::size_t at = rng() % s.size();
      switch (rng() % 4) {
        case 0: s[at] = static_cast<char>(s[at] ^ (1u << (rng() % 8))); break;
        case 1: s.resize(at); break;
        case 2: s.insert(at, 1, inserts[rng() % sizeof(inserts)]); break;
        case 3: s.erase(at, 1 + rng() % 5); break;
      }
    }
    return s;
  };
  for (int i = 0; i < 200; ++i) {
    Folder f;
    int which = i % 4;
    f.write("entities.csv", which == 0 ? mutate(entities) : entities)
        .write("relations.csv", which == 1 ? mutate(kRelations) : kRelations)
        .write("events.jsonl", which >= 2 ? mutate(events) : events)
        .write("events/paid.csv", which == 3 ? mutate(kPaid) : kPaid);
    INFO("case " << i);
    compare(policy(), f, i % 2 == 0);
  }
}

TEST_CASE("store: the SPC example, fresh() and the engine's batch", "[store]") {
  fs::path root = fs::path(CREDLEX_SOURCE_DIR);
  auto l = testing::lower_path((root / "policies/spc/judgment_defaulters_2017.clx").string());
  const ir::Policy& spc = l->policy;
  Folder f;
  for (const auto& entry : fs::recursive_directory_iterator(root / "tests/data/population/spc")) {
    fs::path to = f.dir / fs::relative(entry.path(), root / "tests/data/population/spc");
    if (entry.is_directory()) fs::create_directories(to);
    else fs::copy_file(entry.path(), to);
  }
  compare_both(spc, f);
  REQUIRE(store::fresh(spc, f.dir, f.cache));
  CHECK_FALSE(store::fresh(policy(), f.dir, f.cache));  // another schema
  std::string error;
  CHECK_FALSE(store::Store::open(f.cache, policy(), error));
  CHECK(error.find("another policy schema") != std::string::npos);
  auto s = store::Store::open(f.cache, spc, error);
  REQUIRE(s);
  std::vector<ir::History> hs;
  s->histories(0, s->entity_count(), hs);
  REQUIRE(hs.size() == 6);
#ifdef CREDLEX_HAVE_LLVM
  auto jit = codegen::Jit::create(error);
  REQUIRE(jit);
  auto compiled = jit->compile_policy(spc, codegen::Tier::Fast, error);
  INFO(error);
  REQUIRE(compiled);
  store::Batch batch;
  for (auto [first, last] : {std::pair<std::int64_t, std::int64_t>{0, 6}, {2, 5}}) {
    s->batch(first, last, batch);
    std::vector<clx_timeline> out(static_cast<std::size_t>(last - first));
    REQUIRE(compiled->run_batch(&batch.view(), nullptr, out.data()) == CLX_OK);
    int items = 0;
    for (std::int64_t e = first; e < last; ++e) {
      const ir::History& h = hs[static_cast<std::size_t>(e)];
      auto& t = out[static_cast<std::size_t>(e - first)];
      CHECK_FALSE(codegen::first_difference(spc, ir::run(spc, h), codegen::to_timeline(spc, h, t)));
      items += t.listing_count + t.measure_count;
      compiled->free_timeline(&t);
    }
    CHECK(items > 0);
  }
#endif
  // A changed input file makes the cache stale.
  { std::ofstream(f.dir / "events.jsonl", std::ios::app) << ""; }
  fs::last_write_time(f.dir / "events.jsonl", fs::last_write_time(f.dir / "events.jsonl") + std::chrono::seconds(5));
  CHECK_FALSE(store::fresh(spc, f.dir, f.cache));
  f.write("events/extra.csv", "entity,date\n");
  CHECK_FALSE(store::fresh(spc, f.dir, f.cache));
}

TEST_CASE("store: a damaged or truncated cache is refused by open() with a reason", "[store]") {
  Folder f;
  good_folder(f);
  REQUIRE(store::ingest(policy(), f.dir, f.cache).ok());
  std::string bytes;
  {
    std::ifstream in(f.cache, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    bytes = s.str();
  }
  auto open_with = [&](const std::string& content) {
    { std::ofstream(f.cache, std::ios::binary | std::ios::trunc) << content; }
    std::string error;
    auto s = store::Store::open(f.cache, policy(), error);
    if (s) {  // a damage open() cannot see (a payload byte) still reads without crashing
      std::vector<ir::History> hs;
      s->histories(0, s->entity_count(), hs);
      store::Batch b;
      s->batch(0, s->entity_count(), b);
    }
    return s ? std::string() : error;
  };
  CHECK(open_with(bytes) == "");
  for (std::size_t cut : {std::size_t{0}, std::size_t{7}, std::size_t{100}, bytes.size() / 2, bytes.size() - 8}) {
    INFO("cut at " << cut);
    CHECK(open_with(bytes.substr(0, cut)).find("cannot be used") != std::string::npos);
  }
  std::string magic = bytes;
  magic[0] = 'X';
  CHECK(open_with(magic).find("wrong magic") != std::string::npos);
  std::string version = bytes;
  version[8] = 99;
  CHECK(open_with(version).find("format version 99") != std::string::npos);
  std::mt19937 rng(7);
  for (int k = 0; k < 300; ++k) {  // random byte damage: refused or readable, never a crash
    std::string d = bytes;
    for (int n = 0; n < 4; ++n) d[rng() % d.size()] = static_cast<char>(rng());
    open_with(d);
  }
  std::string error;
  CHECK_FALSE(store::Store::open(f.dir / "missing", policy(), error));
  CHECK(error.find("cannot open the cache") != std::string::npos);
}

TEST_CASE("store: simdjson tokenizes good lines exactly as the reference parser, and hands it every doubtful one", "[store]") {
  namespace json = pop::json;
  auto same = [](const std::vector<json::Member>& a, const std::vector<json::Member>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
      if (a[k].key != b[k].key || a[k].key_offset != b[k].key_offset || a[k].type != b[k].type || a[k].value != b[k].value ||
          a[k].value_offset != b[k].value_offset)
        return false;
    return true;
  };
  store::JsonLines lines;
  std::vector<json::Member> fast, reference;
  json::Error fast_error, reference_error;
  const std::vector<std::string> good = {
      offence_json(), "{}", " { } ", "{\"a\":\"caf\\u00e9 \\\"q\\\" \\\\ \\/\",\"b\":-0.5e-3,\"c\":true,\"d\":false,\"e\":null}",
      "  {  \"a\"  :  1  ,  \"a\" : \"dup\"  }  ", "{\"\xE4\xB8\xAD\":\"(2019)\xE4\xBA\xAC\"}", "{\"a\":0,\"b\":-12,\"c\":1E+2}"};
  for (const auto& line : good) {
    INFO(line);
    REQUIRE(json::parse_object(line, reference, reference_error));
    REQUIRE(lines.parse(line, fast, fast_error));
    CHECK(same(fast, reference));
  }
  CHECK(lines.fallbacks() == 0);
  const std::vector<std::string> doubtful = {"{\"a\":01}", "{\"a\":1.}", "{\"a\":tru}", "{\"a\":\"\\u0000\"}", "{\"a\":\"x\ty\"}",
                                             "{} x", "{\"a\":1} x", "[1]", "{\"a\":[1]}", "{\"a\":{}}", "{\"a\":1,}", "{\"a\":nul}",
                                             "{\"a\":\"\\ud83d\"}", "{\"a\":-}", "{\"a\":1e}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "x"};
  for (const auto& line : doubtful) {
    INFO(line);
    bool ok_reference = json::parse_object(line, reference, reference_error);
    bool ok_fast = lines.parse(line, fast, fast_error);
    CHECK(ok_fast == ok_reference);
    CHECK(fast_error.offset == reference_error.offset);
    CHECK(fast_error.reason == reference_error.reason);
  }
  CHECK(lines.fallbacks() == static_cast<std::int64_t>(doubtful.size()));
}
