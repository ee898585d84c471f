#include "population.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "credlex/civil_date.h"

namespace credlex::bench {

namespace {

void entity(Population& pop, std::uint64_t seed, std::int64_t k, std::vector<Event>& out) {
  generate::spc::Debtor d;
  generate::spc::debtor(seed, k, generate::spc::bench_span(), d, pop.cases);
  pop.person.push_back(d.person);
  pop.birth.push_back(d.birth);
  out = std::move(d.events);
}

std::int32_t day(int y, int m, int d) { return clx_days_from_civil(y, m, d); }

}  // namespace

Population generate(std::uint64_t seed, std::int64_t entities, Rules rules) {
  Population pop;
  pop.rules = rules;
  pop.offsets.push_back(0);
  pop.events.reserve(static_cast<std::size_t>(entities) * 10);
  std::vector<Event> one;
  for (std::int64_t k = 0; k < entities; ++k) {
    entity(pop, seed, k, one);
    for (const auto& e : one)
      if (in_policy(e.type, rules)) pop.events.push_back(e);
    pop.offsets.push_back(static_cast<std::int64_t>(pop.events.size()));
  }
  return pop;
}

Population one_entity(std::uint64_t seed, Rules rules, int events) {
  // A natural person with the cases of entities 0, 1, 2, ... of the seed's population, each
  // entity's cases moved after the previous ones, until the history has `events` events.
  Population scratch, pop;
  pop.rules = rules;
  std::vector<Event> out, one;
  for (std::int64_t k = 0; static_cast<int>(out.size()) < events; ++k) {
    entity(scratch, seed, k, one);
    std::int32_t shift = out.empty() ? 0 : out.back().date + 30 - day(2016, 1, 1);
    for (auto e : one)
      if (in_policy(e.type, rules) && static_cast<int>(out.size()) < events) {
        e.date += shift;
        if (e.type == Notice) e.deadline += shift;
        out.push_back(e);
      }
  }
  pop.cases = std::move(scratch.cases);
  pop.person = {1};
  pop.birth = {day(1975, 3, 14)};
  pop.offsets = {0, static_cast<std::int64_t>(out.size())};
  pop.events = std::move(out);
  return pop;
}

namespace {

clx_value cell(const Population& pop, const Event& e, Layout::Field f, std::int32_t enum_index) {
  clx_value c{};
  auto money = [&](std::int64_t units) {
    c.kind = CLX_MONEY;
    c.i = units;
    c.currency[0] = 'C', c.currency[1] = 'N', c.currency[2] = 'Y';
  };
  switch (f) {
    case Layout::Case: c.kind = CLX_TEXT, c.text = pop.cases.data() + e.case_at, c.len = e.case_len; break;
    case Layout::Deadline: c.kind = CLX_DATE, c.i = e.deadline; break;
    case Layout::Amount: money(e.amount); break;
    case Layout::Seized: money(e.seized); break;
    case Layout::Ground_: case Layout::Reason: case Layout::Lift: c.kind = CLX_CHOICE, c.index = enum_index, c.i = e.choice; break;
    case Layout::Acts: c.kind = CLX_INT, c.i = e.acts; break;
    case Layout::Share: c.kind = CLX_DECIMAL, c.i = e.share, c.scale = 4; break;
    case Layout::Period: c.kind = CLX_DURATION, c.i = e.months, c.unit = CLX_MONTHS; break;
    default: c.kind = CLX_BOOL, c.i = generate::spc::field_value(pop.cases, e, f, enum_index).i; break;
  }
  return c;
}

}  // namespace

ir::History to_history(const Layout& layout, const Population& pop, std::int64_t k) {
  ir::History h;
  h.entity.id = std::to_string(k);
  bool person = pop.person[static_cast<std::size_t>(k)];
  h.entity.kind = person ? layout.person_kind() : layout.enterprise_kind();
  if (person) h.entity.attributes.push_back(ir::Value::date(pop.birth[static_cast<std::size_t>(k)]));
  for (std::int64_t i = pop.offsets[static_cast<std::size_t>(k)]; i < pop.offsets[static_cast<std::size_t>(k) + 1]; ++i) {
    h.events.push_back(generate::spc::to_event(layout, pop.cases, pop.events[static_cast<std::size_t>(i)]));
  }
  return h;
}

Batch::Batch(const Layout& layout, const Population& pop) {
  const auto& p = layout.policy();
  std::size_t n = static_cast<std::size_t>(pop.size()), events = pop.events.size();
  kinds_.resize(n);
  attribute_counts_.resize(n);
  births_.resize(n);
  attributes_.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    bool person = pop.person[k];
    kinds_[k] = person ? layout.person_kind() : layout.enterprise_kind();
    attribute_counts_[k] = person ? 1 : 0;
    births_[k].kind = CLX_DATE;
    births_[k].i = pop.birth[k];
    attributes_[k] = &births_[k];
  }
  offsets_ = pop.offsets;
  dates_.resize(events);
  types_.resize(events);
  rows_.resize(events);
  cells_.resize(p.events.size());
  for (std::size_t t = 0; t < p.events.size(); ++t) cells_[t].resize(p.events[t].fields.size());
  for (std::size_t i = 0; i < events; ++i) {
    const Event& e = pop.events[i];
    std::int32_t t = layout.type(e.type);
    dates_[i] = e.date;
    types_[i] = t;
    auto& cols = cells_[static_cast<std::size_t>(t)];
    rows_[i] = cols.empty() ? 0 : static_cast<std::int32_t>(cols[0].size());
    const auto& fields = layout.fields(e.type);
    for (std::size_t s = 0; s < fields.size(); ++s) cols[s].push_back(cell(pop, e, fields[s], layout.enum_of(e.type, s)));
  }
  slots_.resize(cells_.size());
  for (std::size_t t = 0; t < cells_.size(); ++t)
    for (auto& col : cells_[t]) {
      slots_[t].push_back(col.data());
      bytes_ += col.capacity() * sizeof(clx_value);
    }
  for (auto& s : slots_) columns_.push_back(s.data());
  bytes_ += n * (2 * sizeof(std::int32_t) + sizeof(clx_value) + sizeof(void*) + sizeof(std::int64_t)) + events * 3 * sizeof(std::int32_t);
}

clx_batch Batch::block(std::int64_t first, std::int32_t count) const {
  auto f = static_cast<std::size_t>(first);
  return clx_batch{count, kinds_.data() + f, attribute_counts_.data() + f, attributes_.data() + f, offsets_.data() + f,
                   dates_.data(), types_.data(), rows_.data(), columns_.data()};
}

clx_history Batch::history(std::int64_t k) const {
  auto f = static_cast<std::size_t>(k);
  std::int64_t from = offsets_[f];
  return clx_history{kinds_[f], attribute_counts_[f], attributes_[f], static_cast<std::int32_t>(offsets_[f + 1] - from),
                     dates_.data() + from, types_.data() + from, rows_.data() + from, columns_.data()};
}

}  // namespace credlex::bench
