#include "population.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "credlex/civil_date.h"

namespace credlex::bench {

namespace {

// SplitMix64: small, fast and the same on every machine.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int pick(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }  // 0 .. n-1
  int between(int lo, int hi) { return lo + pick(hi - lo + 1); }
  bool chance(int percent) { return pick(100) < percent; }
  template <std::size_t N>
  int weighted(const std::array<int, N>& w) {  // index by weight
    int total = 0;
    for (int x : w) total += x;
    int r = pick(total);
    for (std::size_t k = 0; k < N; ++k)
      if ((r -= w[k]) < 0) return static_cast<int>(k);
    return 0;
  }
};

std::int32_t day(int y, int m, int d) { return clx_days_from_civil(y, m, d); }

const char* const kCourts[] = {"京0105", "沪0115", "粤0304", "浙0106", "苏0508", "川0107", "鄂0102", "鲁0202",
                               "豫0105", "闽0203", "湘0104", "陕0113", "渝0112", "津0116", "冀0102", "辽0202"};

// Debts: mostly tens of thousands of yuan, a long tail to tens of millions (1/10000 units).
std::int64_t debt(Rng& r) {
  static const std::array<std::int64_t, 6> base = {5000, 20000, 80000, 300000, 1500000, 20000000};
  int band = r.weighted(std::array<int, 6>{25, 30, 22, 13, 8, 2});
  std::int64_t lo = band == 0 ? 1000 : base[static_cast<std::size_t>(band - 1)], hi = base[static_cast<std::size_t>(band)];
  std::int64_t yuan = lo + static_cast<std::int64_t>(r.next() % static_cast<std::uint64_t>(hi - lo));
  return yuan * 10000 + (r.chance(30) ? r.pick(100) * 100 : 0);
}

struct Builder {
  Population& pop;
  Rng& r;
  std::vector<Event> out;
  Event step(std::int32_t date, Ev type, const Event& c) {
    Event e;
    e.date = date;
    e.type = type;
    e.case_at = c.case_at;
    e.case_len = c.case_len;
    return e;
  }
  void add(const Event& e) { out.push_back(e); }
  void add(std::int32_t date, Ev type, const Event& c, int choices) {  // an event with a random choice
    Event e = step(date, type, c);
    e.choice = static_cast<std::uint8_t>(r.pick(choices));
    add(e);
  }

  // One enforcement case from the notice on `start`: the court's steps in date order.
  void enforcement_case(std::int32_t start, bool person) {
    Event c;
    int y = 0, m = 0, d = 0;
    clx_civil_from_days(start, &y, &m, &d);
    std::string number(1, '(');
    number += std::to_string(y) + ")" + kCourts[r.pick(16)] + "执" + std::to_string(r.between(1, 29999)) + "号";
    c.case_at = static_cast<std::uint32_t>(pop.cases.size());
    c.case_len = static_cast<std::int32_t>(number.size());
    pop.cases += number;
    const std::int64_t amount = debt(r);

    Event notice = step(start, Notice, c);
    notice.deadline = start + std::array<int, 4>{3, 7, 10, 15}[static_cast<std::size_t>(r.weighted(std::array<int, 4>{10, 20, 60, 10}))];
    notice.amount = amount;
    add(notice);
    std::int32_t t = notice.deadline;

    // The debtor may apply pressure in the meantime: the creditor applies for a restriction, the
    // court orders it (some too early: on or before the deadline).
    if (r.chance(40)) add(step(notice.deadline + r.between(-4, 40), RestrictionApplied, c));
    if (r.chance(45)) add(step(notice.deadline + r.between(-2, 90), OrderIssued, c));

    // The finding of non-performance (Art 1), and the listing it brings.
    bool found = r.chance(85);
    Ground ground = AbleButRefuses;
    std::int32_t listed = 0;
    if (found) {
      t += r.between(15, 120);
      Event j = step(t, Judgment, c);
      ground = static_cast<Ground>(r.weighted(std::array<int, 6>{55, 5, 10, 20, 5, 5}));
      j.choice = ground;
      j.amount = amount;
      if (r.chance(3)) j.flags |= FullGuarantee;
      if (r.chance(8)) j.seized = r.chance(40) ? amount : amount / r.between(2, 10);
      if (r.chance(3)) j.flags |= LaterInOrder;
      if (r.chance(85)) j.flags |= AbleToPerform;
      if (ground == Obstructs && r.chance(30)) j.flags |= ViolenceSerious;
      j.acts = static_cast<std::uint8_t>(r.weighted(std::array<int, 4>{0, 80, 15, 5}));
      if (r.chance(70)) j.flags |= CreditorApplied;
      if (amount >= 1000000 * 10000LL) j.flags |= LargeDebt;
      add(j);
      if (r.chance(80)) {
        listed = t;
        add(step(t, DefaulterListed, c));
      }
      if (r.chance(12)) add(step(t + r.between(0, 60), ExitOrdered, c));
    }

    // Payments by instalments; some reach 100%.
    int payments = r.weighted(std::array<int, 6>{15, 20, 20, 15, 15, 15});
    bool full = r.chance(35);
    std::int32_t share = 0;
    for (int k = 0; k < payments; ++k) {
      t += r.between(10, 150);
      Event p = step(t, Performed, c);
      share = (k == payments - 1 && full) ? 10000 : std::min(9900, share + r.between(300, 3000));
      p.share = share;
      p.amount = amount / 10000 * r.between(300, 3000) / 100 * 100 + 10000;
      add(p);
    }
    if (share == 10000 && listed && r.chance(60)) add(step(t + r.between(0, 10), DefaulterDelisted, c));

    // At most one other way the case goes on.
    switch (r.weighted(std::array<int, 9>{50, 5, 5, 18, 5, 2, 6, 6, 3})) {
      case 1: add(step(t += r.between(20, 200), Settlement, c)); break;
      case 2: {
        add(step(t += r.between(20, 200), CreditorDeletion, c));
        if (found && r.chance(30)) {  // the creditor applies again (Art 10 para 4)
          Event again = out[out.size() - 1];
          for (const auto& e : out)
            if (e.type == Judgment && e.case_at == c.case_at) again = e;
          again.date = t += r.between(60, 300);
          add(again);
        }
        break;
      }
      case 3: {  // this round terminated, then searches of the online system (Art 10 para 1 item 4)
        add(step(t += r.between(30, 200), RoundTerminated, c));
        for (int k = r.between(1, 3); k > 0; --k) {
          Event s = step(t += r.between(30, 120), AssetSearch, c);
          if (r.chance(15)) s.flags |= AssetsFound;
          if (r.chance(10)) s.flags |= LeadsProvided;
          add(s);
        }
        break;
      }
      case 4: add(t += r.between(30, 300), EnforcementEnded, c, 4); break;
      case 5: add(step(t += r.between(5, 60), Correction, c)); break;
      case 6: add(step(t += r.between(100, 600), ExtensionDecided, c)); break;
      case 7: {
        if (r.chance(50)) add(step(t += r.between(10, 100), MisconductCorrected, c));
        add(step(t += r.between(5, 60), EarlyDeletionApplied, c));
        break;
      }
      case 8: add(t += r.between(20, 200), OrderLifted, c, 2); break;
      default: break;
    }
    if (listed && share != 10000 && r.chance(30)) add(step(listed + 730 + r.between(0, 30), DefaulterDelisted, c));
    (void)person;
  }
};

void entity(Population& pop, std::uint64_t seed, std::int64_t k, std::vector<Event>& out) {
  Rng r{seed * 0x2545F4914F6CDD1Dull + static_cast<std::uint64_t>(k)};
  r.next();
  bool person = r.chance(84);  // most judgment debtors are natural persons
  pop.person.push_back(person);
  // Adults mostly; a few born late enough to be minors at a finding (Art 4).
  std::int32_t birth = person ? (r.chance(98) ? day(1950, 1, 1) + r.pick(52 * 365) : day(2002, 1, 1) + r.pick(6 * 365)) : 0;
  pop.birth.push_back(birth);
  Builder b{pop, r, {}};
  int cases = 1 + r.weighted(std::array<int, 4>{45, 30, 17, 8});
  for (int c = 0; c < cases; ++c) b.enforcement_case(day(2016, 1, 1) + r.pick(3100), person);
  std::stable_sort(b.out.begin(), b.out.end(), [](const Event& a, const Event& e) { return a.date < e.date; });
  out = std::move(b.out);
}

}  // namespace

const char* event_name(Ev e) {
  static const char* const names[] = {
      "enforcement_notice_served", "judgment_unperformed", "obligation_performed", "settlement_performed",
      "creditor_requested_deletion", "enforcement_round_terminated", "asset_search_done", "enforcement_ended",
      "correction_granted", "extension_decided", "misconduct_corrected", "early_deletion_applied",
      "exit_restriction_ordered", "restriction_applied", "consumption_order_issued", "defaulter_listed",
      "defaulter_delisted", "order_lifted"};
  return names[e];
}

bool in_policy(Ev e, Rules r) {
  if (e == Notice || e == Performed) return true;
  if (e == OrderLifted) return r == Rules::Consumption;
  return (e < RestrictionApplied) == (r == Rules::Defaulters);
}

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

Layout::Layout(const ir::Policy& p, Rules rules) : p_(p) {
  person_ = p.kind_index("NaturalPerson");
  enterprise_ = p.kind_index("Enterprise");
  if (person_ < 0 || enterprise_ < 0) throw std::runtime_error("the policy has no NaturalPerson or Enterprise");
  static const std::pair<const char*, Field> names[] = {
      {"case", Case}, {"deadline", Deadline}, {"amount", Amount}, {"ground", Ground_}, {"full_guarantee", FullGuarantee_},
      {"seized_assets", Seized}, {"later_in_order", LaterInOrder_}, {"able_to_perform", Able},
      {"violence_or_threats_serious", Violence}, {"acts", Acts}, {"creditor_applied", CreditorApplied_},
      {"large_debt", LargeDebt_}, {"performed_share", Share}, {"assets_found", AssetsFound_}, {"leads_provided", Leads},
      {"reason", Reason}};
  for (int e = 0; e < kEvents; ++e) {
    types_[e] = -1;
    if (!in_policy(static_cast<Ev>(e), rules)) continue;
    types_[e] = p.event_index(event_name(static_cast<Ev>(e)));
    if (types_[e] < 0) throw std::runtime_error(std::string("the policy has no event ") + event_name(static_cast<Ev>(e)));
    for (const auto& f : p.events[static_cast<std::size_t>(types_[e])].fields) {
      const auto* hit = std::find_if(std::begin(names), std::end(names), [&](const auto& n) { return f.name == n.first; });
      if (hit == std::end(names)) throw std::runtime_error("unknown field " + f.name);
      fields_[e].push_back(e == OrderLifted && hit->second == Reason ? Lift : hit->second);
      enums_[e].push_back(f.index);
    }
  }
}

namespace {

ir::Value field_value(const Population& pop, const Event& e, Layout::Field f, std::int32_t enum_index) {
  using V = ir::Value;
  switch (f) {
    case Layout::Case: return V::of_text(std::string(pop.case_of(e)));
    case Layout::Deadline: return V::date(e.deadline);
    case Layout::Amount: return V::money(e.amount, "CNY");
    case Layout::Seized: return V::money(e.seized, "CNY");
    case Layout::Ground_: case Layout::Reason: case Layout::Lift: return V::choice(enum_index, e.choice);
    case Layout::FullGuarantee_: return V::boolean(e.has(FullGuarantee));
    case Layout::LaterInOrder_: return V::boolean(e.has(LaterInOrder));
    case Layout::Able: return V::boolean(e.has(AbleToPerform));
    case Layout::Violence: return V::boolean(e.has(ViolenceSerious));
    case Layout::CreditorApplied_: return V::boolean(e.has(CreditorApplied));
    case Layout::LargeDebt_: return V::boolean(e.has(LargeDebt));
    case Layout::AssetsFound_: return V::boolean(e.has(AssetsFound));
    case Layout::Leads: return V::boolean(e.has(LeadsProvided));
    case Layout::Acts: return V::integer(e.acts);
    case Layout::Share: return V::decimal(e.share, 4);
  }
  return V{};
}

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
    default: c.kind = CLX_BOOL, c.i = field_value(pop, e, f, enum_index).i; break;
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
    const Event& e = pop.events[static_cast<std::size_t>(i)];
    ir::Event ev;
    ev.date = e.date;
    ev.type = layout.type(e.type);
    const auto& fields = layout.fields(e.type);
    for (std::size_t s = 0; s < fields.size(); ++s) ev.fields.push_back(field_value(pop, e, fields[s], layout.enum_of(e.type, s)));
    h.events.push_back(std::move(ev));
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
