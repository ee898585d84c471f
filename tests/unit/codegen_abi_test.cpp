// Bad input to the compiled entry points (abi.h) gives the documented status codes, with the event
// at fault, never undefined behaviour (CI runs this file under ASan and UBSan too); the batch entry
// point gives each entity the timeline a single run gives; a timeline is reusable and freed.
#include <catch2/catch.hpp>

#include <climits>
#include <fstream>
#include <sstream>

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/columns.h"
#include "compiler/codegen/timelines.h"
#include "compiler/differential/generator.h"
#include "credlex/civil_date.h"
#include "credlex/status.h"
#include "cli.h"
#include "ir_testing.h"
#include "lowered.h"

using namespace credlex;

namespace {


// The semantics examples (docs/examples) and a small policy summing money, compiled once.
struct Fixture {
  std::unique_ptr<testing::Lowered> semantics = testing::lower_path(CREDLEX_SOURCE_DIR "/docs/examples/semantics.clx");
  std::unique_ptr<testing::Lowered> money = testing::lower_files(
      "/t/money.clx", std::map<std::string, std::string>{
                          {"/t/basic.clx", testing::read_file(CREDLEX_SOURCE_DIR "/docs/examples/basic.clx")},
                          {"/t/money.clx", R"clx(policy abi_money "Sums of money" version "1" effective 2020-01-01
use "basic.clx" as national
document rule "A rule (test)" status recalled
event paid for Person, Company {
  amount: money
}
event fined for Person, Company {
  amount: money
}
list payers "Payers" of Person, Company {
  basis rule art 1
  include on fined f when sum(amount of paid) > 0 CNY for 1 year basis rule art 1
}
)clx"}});
  std::unique_ptr<codegen::Jit> jit;
  std::unique_ptr<codegen::CompiledPolicy> sem, mon;
  Fixture() {
    std::string error;
    jit = codegen::Jit::create(error);
    REQUIRE(jit);
    sem = jit->compile_policy(semantics->policy, codegen::Tier::Fast, error);
    mon = jit->compile_policy(money->policy, codegen::Tier::Optimized, error);
    INFO(error);
    REQUIRE(sem);
    REQUIRE(mon);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

ir::Day day(int y, int m, int d) { return clx_days_from_civil(y, m, d); }

ir::History person(const ir::Policy& p) {
  ir::History h;
  h.entity.id = "P";
  h.entity.kind = p.kind_index("Person");
  h.entity.attributes.resize(p.kinds.at(h.entity.kind).attributes.size());
  return h;
}

ir::Event violation(const ir::Policy& p, ir::Day d, std::int64_t acts) {
  return ir::Event{d, p.event_index("violation"), {ir::Value::integer(acts)}};
}

// The status of a compiled run on the history as given (after HistoryColumns, then `edit`).
template <typename Edit>
clx_timeline run_raw(const codegen::CompiledPolicy& c, const ir::Policy& p, const ir::History& h, Edit edit,
                     const clx_calendar* cal = nullptr) {
  codegen::HistoryColumns columns(p, h);
  clx_history raw = *columns.get();
  std::vector<std::int32_t> dates(raw.dates, raw.dates + raw.event_count), types(raw.types, raw.types + raw.event_count);
  raw.dates = dates.data();
  raw.types = types.data();
  edit(raw, dates, types);
  clx_timeline t{};
  std::int32_t status = c.run(&raw, cal, &t);
  CHECK(status == t.status);
  return t;
}

}  // namespace

TEST_CASE("compiled runs: null pointers are refused with CLX_INPUT_NULL", "[codegen][abi]") {
  auto& f = fixture();
  clx_timeline t{};
  CHECK(f.sem->run(nullptr, nullptr, &t) == CLX_INPUT_NULL);
  CHECK(t.status == CLX_INPUT_NULL);
  ir::History h = person(f.semantics->policy);
  codegen::HistoryColumns columns(f.semantics->policy, h);
  CHECK(f.sem->run(columns.get(), nullptr, nullptr) == CLX_INPUT_NULL);
  h.events.push_back(violation(f.semantics->policy, day(2021, 1, 1), 1));
  auto r = run_raw(*f.sem, f.semantics->policy, h, [](clx_history& raw, auto&, auto&) { raw.dates = nullptr; });
  CHECK(r.status == CLX_INPUT_NULL);
  f.sem->free_timeline(&r);
  r = run_raw(*f.sem, f.semantics->policy, h, [](clx_history& raw, auto&, auto&) { raw.event_count = -1; });
  CHECK(r.status == CLX_INPUT_NULL);
  f.sem->free_timeline(&r);
  f.sem->free_timeline(&t);
  f.sem->free_timeline(nullptr);  // harmless
}

TEST_CASE("compiled runs: events out of order, unknown types and impossible dates are named with their event", "[codegen][abi]") {
  auto& f = fixture();
  const ir::Policy& p = f.semantics->policy;
  ir::History h = person(p);
  for (int k = 0; k < 3; ++k) h.events.push_back(violation(p, day(2021, 1, 1 + k), 1));

  auto unsorted = run_raw(*f.sem, p, h, [](clx_history&, auto& dates, auto&) { std::swap(dates[1], dates[2]); });
  CHECK(unsorted.status == CLX_INPUT_ORDER);
  CHECK(unsorted.error_event == 2);
  CHECK(unsorted.error_date == day(2021, 1, 2));
  f.sem->free_timeline(&unsorted);

  for (std::int32_t bad : {-1, 99, INT32_MAX}) {
    auto unknown = run_raw(*f.sem, p, h, [bad](clx_history&, auto&, auto& types) { types[1] = bad; });
    CHECK(unknown.status == CLX_INPUT_TYPE);
    CHECK(unknown.error_event == 1);
    f.sem->free_timeline(&unknown);
  }
  for (std::int32_t bad : {CLX_MIN_DAY - 1, CLX_MAX_DAY + 1, INT32_MIN, INT32_MAX}) {
    auto out_of_range = run_raw(*f.sem, p, h, [bad](clx_history&, auto& dates, auto&) { dates[0] = bad; });
    CHECK(out_of_range.status == CLX_INPUT_DATE);
    CHECK(out_of_range.error_event == 0);
    f.sem->free_timeline(&out_of_range);
  }
  auto kind = run_raw(*f.sem, p, h, [](clx_history& raw, auto&, auto&) { raw.entity_kind = 7; });
  CHECK(kind.status == CLX_INPUT_KIND);
  CHECK(kind.error_event == -1);
  f.sem->free_timeline(&kind);
  auto attributes = run_raw(*f.sem, p, h, [](clx_history& raw, auto&, auto&) { raw.attribute_count = 5; });
  CHECK(attributes.status == CLX_INPUT_ATTRIBUTES);
  f.sem->free_timeline(&attributes);
}

TEST_CASE("compiled runs: a field of the wrong type or without a value is refused like the interpreter refuses it", "[codegen][abi]") {
  auto& f = fixture();
  const ir::Policy& p = f.semantics->policy;
  ir::History h = person(p);
  h.events.push_back(violation(p, day(2021, 1, 1), 1));
  h.events.push_back(violation(p, day(2021, 1, 2), 2));
  for (const auto& wrong : {ir::Value::of_text("two"), ir::Value::money(10000, "CNY")}) {
    h.events[1].fields[0] = wrong;
    ir::Timeline expected = ir::run(p, h);
    REQUIRE_FALSE(expected.ok());
    ir::Timeline actual = codegen::run(*f.sem, p, h);
    REQUIRE_FALSE(actual.ok());
    CHECK(actual.errors.front().event == 1);
    CHECK_FALSE(codegen::first_difference(p, expected, actual));
  }
  h.events[1].fields[0].reset();  // no value
  ir::Timeline actual = codegen::run(*f.sem, p, h);
  REQUIRE_FALSE(actual.ok());
  CHECK(actual.errors.front().event == 1);
  CHECK(actual.errors.front().reason == codegen::status_text(CLX_INPUT_FIELD));
}

TEST_CASE("compiled runs: sums of money that overflow stop the run at the event, as in the interpreter", "[codegen][abi]") {
  auto& f = fixture();
  const ir::Policy& p = f.money->policy;
  ir::History h = person(p);
  std::int32_t paid = p.event_index("paid"), fined = p.event_index("fined");
  h.events.push_back(ir::Event{day(2021, 1, 1), paid, {ir::Value::money(INT64_MAX / 2 + 1, "CNY")}});
  h.events.push_back(ir::Event{day(2021, 1, 2), paid, {ir::Value::money(INT64_MAX / 2 + 1, "CNY")}});
  h.events.push_back(ir::Event{day(2021, 1, 3), fined, {ir::Value::money(10000, "CNY")}});
  ir::Timeline expected = ir::run(p, h);
  REQUIRE_FALSE(expected.ok());
  ir::Timeline actual = codegen::run(*f.mon, p, h);
  REQUIRE_FALSE(actual.ok());
  CHECK(actual.errors.front().event == 2);
  CHECK(actual.errors.front().reason == codegen::status_text(CLX_E_OVERFLOW));
  CHECK_FALSE(codegen::first_difference(p, expected, actual));
  // One unit less: no overflow, and the entity is listed.
  h.events[1].fields[0] = ir::Value::money(INT64_MAX / 2 - 1, "CNY");
  actual = codegen::run(*f.mon, p, h);
  REQUIRE(actual.ok());
  CHECK(actual.listings.size() == 1);
  CHECK_FALSE(codegen::first_difference(p, ir::run(p, h), actual));
}

TEST_CASE("compiled runs: an invalid holiday calendar is refused", "[codegen][abi]") {
  auto& f = fixture();
  const ir::Policy& p = f.semantics->policy;
  ir::History h = person(p);
  std::int32_t holidays[] = {day(2021, 2, 12), day(2021, 2, 11)};  // not ascending
  clx_calendar cal{holidays, 2, nullptr, 0};
  auto t = run_raw(*f.sem, p, h, [](clx_history&, auto&, auto&) {}, &cal);
  CHECK(t.status == CLX_E_UNSORTED);
  f.sem->free_timeline(&t);
}

TEST_CASE("the batch entry point gives every entity the timeline of a single run", "[codegen][abi]") {
  auto& f = fixture();
  const ir::Policy& p = f.semantics->policy;
  differential::Generator gen(p, 2024);
  std::vector<ir::History> hs;
  for (int k = 0; k < 300; ++k) hs.push_back(gen.history());
  // One block: entity offsets into shared struct-of-arrays columns.
  std::vector<std::int64_t> offsets{0};
  std::vector<std::int32_t> kinds, attribute_counts, dates, types, rows;
  std::vector<std::vector<clx_value>> attributes(hs.size());
  std::vector<std::vector<std::vector<clx_value>>> cells(p.events.size());
  for (std::size_t t = 0; t < p.events.size(); ++t) cells[t].resize(p.events[t].fields.size());
  clx_value absent{};
  absent.kind = CLX_ABSENT;
  for (std::size_t e = 0; e < hs.size(); ++e) {
    kinds.push_back(hs[e].entity.kind);
    for (const auto& a : hs[e].entity.attributes) attributes[e].push_back(a ? codegen::to_cell(*a) : absent);
    attribute_counts.push_back(static_cast<std::int32_t>(attributes[e].size()));
    for (const auto& ev : hs[e].events) {
      dates.push_back(ev.date);
      types.push_back(ev.type);
      rows.push_back(static_cast<std::int32_t>(cells[ev.type].empty() ? 0 : cells[ev.type][0].size()));
      for (std::size_t s = 0; s < ev.fields.size(); ++s) cells[ev.type][s].push_back(ev.fields[s] ? codegen::to_cell(*ev.fields[s]) : absent);
    }
    offsets.push_back(static_cast<std::int64_t>(dates.size()));
  }
  std::vector<const clx_value*> attribute_ptrs;
  for (auto& a : attributes) attribute_ptrs.push_back(a.data());
  std::vector<std::vector<const clx_value*>> slot_ptrs(p.events.size());
  std::vector<const clx_value* const*> type_ptrs;
  for (std::size_t t = 0; t < p.events.size(); ++t) {
    for (auto& column : cells[t]) slot_ptrs[t].push_back(column.data());
    type_ptrs.push_back(slot_ptrs[t].data());
  }
  clx_batch batch{static_cast<std::int32_t>(hs.size()), kinds.data(), attribute_counts.data(), attribute_ptrs.data(),
                  offsets.data(), dates.data(), types.data(), rows.data(), type_ptrs.data()};
  std::vector<clx_timeline> out(hs.size());
  REQUIRE(f.sem->run_batch(&batch, nullptr, out.data()) == CLX_OK);
  int items = 0;
  for (std::size_t e = 0; e < hs.size(); ++e) {
    ir::Timeline single = codegen::run(*f.sem, p, hs[e]);
    ir::Timeline batched = codegen::to_timeline(p, hs[e], out[e]);
    INFO(differential::show(p, hs[e]));
    CHECK_FALSE(codegen::first_difference(p, single, batched));
    CHECK_FALSE(codegen::first_difference(p, ir::run(p, hs[e]), batched));
    items += out[e].listing_count + out[e].measure_count;
  }
  CHECK(items > 0);
  // The same timelines again, reused: counts start from zero.
  REQUIRE(f.sem->run_batch(&batch, nullptr, out.data()) == CLX_OK);
  for (std::size_t e = 0; e < hs.size(); ++e)
    CHECK_FALSE(codegen::first_difference(p, ir::run(p, hs[e]), codegen::to_timeline(p, hs[e], out[e])));
  // Bad batches.
  CHECK(f.sem->run_batch(nullptr, nullptr, out.data()) == CLX_INPUT_NULL);
  CHECK(f.sem->run_batch(&batch, nullptr, nullptr) == CLX_INPUT_NULL);
  clx_batch backwards = batch;
  std::vector<std::int64_t> bad_offsets = offsets;
  bad_offsets[1] = bad_offsets[2] + 1;
  backwards.event_offsets = bad_offsets.data();
  CHECK(f.sem->run_batch(&backwards, nullptr, out.data()) == CLX_INPUT_NULL);
  for (auto& t : out) {
    f.sem->free_timeline(&t);
    CHECK(t.listings == nullptr);
    CHECK(t.scratch == nullptr);
  }
}

TEST_CASE("the compiled policy describes itself", "[codegen][abi]") {
  auto& f = fixture();
  const clx_policy_info* info = f.sem->info();
  REQUIRE(info);
  CHECK(info->abi_version == CLX_ABI_VERSION);
  CHECK(std::string(info->name) == "semantics_examples");
  CHECK(std::string(info->version) == "1");
  REQUIRE(info->list_count == static_cast<std::int32_t>(f.semantics->policy.lists.size()));
  CHECK(std::string(info->list_names[0]) == "defaulters");
  REQUIRE(info->event_type_count == static_cast<std::int32_t>(f.semantics->policy.events.size()));
  for (std::int32_t t = 0; t < info->event_type_count; ++t) CHECK(std::string(info->event_type_names[t]) == f.semantics->policy.events[t].name);
}
