#include "compiler/differential/shrink.h"

#include <vector>

#include "credlex/civil_date.h"

namespace credlex::differential {
namespace {

// The simpler values to try for a value of type `f`, simplest first. `date` is the event's date
// (for date fields), or a fixed day for attributes.
std::vector<ir::Value> simpler(const ir::Policy& p, const ir::FieldType& f, ir::Day date) {
  switch (f.kind) {
    case ir::ValueKind::Bool: return {ir::Value::boolean(false)};
    case ir::ValueKind::Int: return {ir::Value::integer(0), ir::Value::integer(1)};
    case ir::ValueKind::Decimal: return {ir::Value::decimal(0, 0), ir::Value::decimal(1, 0)};
    case ir::ValueKind::Money: {
      std::string currency = f.currency.empty() ? "CNY" : f.currency;
      return {ir::Value::money(0, currency), ir::Value::money(ir::kMoneyUnitsPerWhole, currency)};
    }
    case ir::ValueKind::Text: return {ir::Value::of_text("A")};
    case ir::ValueKind::Date: return {ir::Value::date(date)};
    case ir::ValueKind::Duration: return {ir::Value::duration(0, ir::Unit::Days)};
    case ir::ValueKind::Choice: return {ir::Value::choice(f.index, 0)};
    case ir::ValueKind::Level:
      if (p.scale.empty()) return {};
      return {ir::Value::level(1, p.scale.front())};
    default: return {};
  }
}

class Shrinker {
 public:
  Shrinker(const ir::Policy& p, ir::History h, const StillDiffers& differs, int max_runs)
      : p_(p), h_(std::move(h)), differs_(differs), max_runs_(max_runs) {}

  ir::History run(int* runs) {
    bool changed = true;
    while (changed && runs_ < max_runs_) {
      changed = prefix();
      changed |= drop_events();
      changed |= unknown_attributes();
      changed |= simpler_values();
      changed |= closer_dates();
    }
    if (runs) *runs = runs_;
    return std::move(h_);
  }

 private:
  // Keeps `c` when the difference persists on it.
  bool attempt(ir::History c) {
    if (runs_ >= max_runs_) return false;
    ++runs_;
    if (!differs_(c)) return false;
    h_ = std::move(c);
    return true;
  }

  bool prefix() {
    for (std::size_t n = 0; n < h_.events.size(); ++n) {
      ir::History c = h_;
      c.events.resize(n);
      if (attempt(std::move(c))) return true;
    }
    return false;
  }

  bool drop_events() {
    bool changed = false;
    for (std::size_t k = h_.events.size(); k-- > 0;) {
      ir::History c = h_;
      c.events.erase(c.events.begin() + static_cast<std::ptrdiff_t>(k));
      changed |= attempt(std::move(c));
    }
    return changed;
  }

  bool unknown_attributes() {
    bool changed = false;
    for (std::size_t a = 0; a < h_.entity.attributes.size(); ++a) {
      if (!h_.entity.attributes[a]) continue;
      ir::History c = h_;
      c.entity.attributes[a].reset();
      changed |= attempt(std::move(c));
    }
    return changed;
  }

  // Tries the simpler values for one slot; `get` reaches the slot in a copy of the history.
  template <typename Slot>
  bool simplify(const ir::FieldType& f, ir::Day date, Slot get) {
    for (const ir::Value& v : simpler(p_, f, date)) {
      const std::optional<ir::Value>& now = get(h_);
      if (!now || *now == v) return false;  // unknown stays unknown; already the simplest left
      ir::History c = h_;
      get(c) = v;
      if (attempt(std::move(c))) return true;
    }
    return false;
  }

  bool simpler_values() {
    bool changed = false;
    const auto& attributes = p_.kinds.at(static_cast<std::size_t>(h_.entity.kind)).attributes;
    for (std::size_t a = 0; a < h_.entity.attributes.size() && a < attributes.size(); ++a)
      changed |= simplify(attributes[a], clx_days_from_civil(2020, 1, 1),
                          [a](ir::History& x) -> std::optional<ir::Value>& { return x.entity.attributes[a]; });
    for (std::size_t k = 0; k < h_.events.size(); ++k) {
      const auto& fields = p_.events.at(static_cast<std::size_t>(h_.events[k].type)).fields;
      for (std::size_t s = 0; s < h_.events[k].fields.size() && s < fields.size(); ++s)
        changed |= simplify(fields[s], h_.events[k].date,
                            [k, s](ir::History& x) -> std::optional<ir::Value>& { return x.events[k].fields[s]; });
    }
    return changed;
  }

  bool closer_dates() {
    bool changed = false;
    for (std::size_t k = 1; k < h_.events.size(); ++k) {
      ir::Day gap = h_.events[k].date - h_.events[k - 1].date;
      for (ir::Day step : {gap, gap - 1, gap / 2}) {
        if (step <= 0) continue;
        ir::History c = h_;
        for (std::size_t j = k; j < c.events.size(); ++j) c.events[j].date -= step;
        if (attempt(std::move(c))) {
          changed = true;
          break;
        }
      }
    }
    return changed;
  }

  const ir::Policy& p_;
  ir::History h_;
  const StillDiffers& differs_;
  int max_runs_ = 0;
  int runs_ = 0;
};

}  // namespace

ir::History shrink(const ir::Policy& policy, ir::History history, const StillDiffers& still_differs, int max_runs, int* runs) {
  return Shrinker(policy, std::move(history), still_differs, max_runs).run(runs);
}

}  // namespace credlex::differential
