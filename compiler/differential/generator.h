// Random valid histories for any policy, for differential testing of the backends: an entity of a
// kind the policy knows, with attributes of their declared types (some unknown), and up to 12
// events of the types that kind allows, with fields of their declared types. Dates are
// adversarial: month ends, leap days, the same day twice, long gaps; amounts that overflow sums.
// Seeded: the same seed gives the same histories on every machine (std::mt19937_64 and the
// library's uniform_int_distribution: libstdc++'s, which the build uses).
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <string>

#include "compiler/ir/interpret.h"

namespace credlex::differential {

class Generator {
 public:
  Generator(const ir::Policy& p, std::uint64_t seed) : p_(p), rng_(seed) {}

  ir::History history() {
    ir::History h;
    h.entity.id = "E";
    h.entity.kind = pick(static_cast<int>(p_.kinds.size()));
    for (const auto& a : p_.kinds[static_cast<std::size_t>(h.entity.kind)].attributes)
      h.entity.attributes.push_back(chance(10) ? std::nullopt : std::optional<ir::Value>(value(a)));
    std::vector<std::int32_t> allowed;
    for (std::size_t t = 0; t < p_.events.size(); ++t) {
      const auto& k = p_.events[t].kinds;
      if (k.empty() || std::find(k.begin(), k.end(), h.entity.kind) != k.end()) allowed.push_back(static_cast<std::int32_t>(t));
    }
    int n = allowed.empty() ? 0 : pick(13);
    ir::Day d = anchor();
    for (int i = 0; i < n; ++i) {
      if (i > 0) d = next_day(d);
      ir::Event e;
      e.date = d;
      e.type = allowed[static_cast<std::size_t>(pick(static_cast<int>(allowed.size())))];
      for (const auto& f : p_.events[static_cast<std::size_t>(e.type)].fields) e.fields.push_back(value(f));
      h.events.push_back(std::move(e));
    }
    return h;
  }

  int pick(int n) { return n <= 0 ? 0 : std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return pick(100) < percent; }
  ir::Day after(ir::Day d) { return d + std::array<int, 8>{0, 0, 1, 15, 30, 180, 365, 800}[static_cast<std::size_t>(pick(8))]; }

 private:
  ir::Day anchor() {
    static const int dates[][3] = {{2019, 12, 31}, {2020, 1, 31}, {2020, 2, 28}, {2020, 2, 29}, {2020, 3, 1},
                                   {2021, 2, 28}, {2021, 3, 4}, {2023, 12, 31}, {2024, 2, 29}, {2024, 9, 27},
                                   {2024, 10, 1}, {2025, 6, 30}, {2016, 5, 31}, {2019, 7, 1}};
    const auto& a = dates[pick(static_cast<int>(std::size(dates)))];
    return clx_days_from_civil(a[0], a[1], a[2]) + (chance(30) ? pick(60) - 30 : 0);
  }
  ir::Day next_day(ir::Day d) {
    switch (pick(8)) {
      case 0: case 1: return d;  // the same day
      case 2: return d + 1;
      case 3: {  // the end of this or the next month
        std::int32_t y, m, day;
        clx_civil_from_days(d, &y, &m, &day);
        ir::Day end = clx_days_from_civil(y, m, clx_days_in_month(y, m));
        return end > d ? end : clx_add_months(end, 1);
      }
      case 4: return d + 28 + pick(4);
      case 5: return d + 365 + pick(2);
      case 6: return d + 700 + pick(200);  // a long gap
      default: return d + pick(120);
    }
  }
  std::string text() { return std::array<const char*, 3>{"A", "B", "case-1"}[static_cast<std::size_t>(pick(3))]; }
  std::int64_t amount() {
    switch (pick(6)) {
      case 0: return 0;
      case 1: return -pick(1000) * 10000;
      case 2: return std::int64_t{pick(1000000)} * 10000 + pick(10000);
      case 3: return INT64_MAX / 3 + pick(5);  // sums overflow
      default: return std::int64_t{pick(100000)} * 10000;
    }
  }
  ir::Value value(const ir::FieldType& f) {
    switch (f.kind) {
      case ir::ValueKind::Bool: return ir::Value::boolean(chance(50));
      case ir::ValueKind::Int: return ir::Value::integer(chance(5) ? INT64_MAX - pick(3) : pick(2000) - 100);
      case ir::ValueKind::Decimal:
        if (chance(30)) return ir::Value::integer(pick(100));
        return ir::Value::decimal(pick(200000) - 1000, pick(5));
      case ir::ValueKind::Money: {
        std::string currency = f.currency.empty() ? (chance(70) ? "CNY" : "USD") : f.currency;
        return ir::Value::money(amount(), currency);
      }
      case ir::ValueKind::Text: return ir::Value::of_text(text());
      case ir::ValueKind::Date: return ir::Value::date(anchor() + pick(2000) - 1000);
      case ir::ValueKind::Duration: return ir::Value::duration(pick(40), static_cast<ir::Unit>(pick(3)));
      case ir::ValueKind::Choice: {
        int n = static_cast<int>(p_.enums.at(static_cast<std::size_t>(f.index)).choices.size());
        return ir::Value::choice(f.index, pick(n));
      }
      case ir::ValueKind::Level: {
        int n = static_cast<int>(p_.scale.size());
        int r = pick(n);
        return ir::Value::level(r + 1, n ? p_.scale[static_cast<std::size_t>(r)] : "");
      }
      default: return ir::Value::entity();
    }
  }

  const ir::Policy& p_;
  std::mt19937_64 rng_;
};


// A history as plain lines (kind, attributes; each event with its index, date, type and fields).
std::string show(const ir::Policy& p, const ir::History& h);

}  // namespace credlex::differential
