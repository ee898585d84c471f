// The three profiles behind Generator: SPC (spc.h), restoration and generic; and the relations
// every profile gives its enterprises and persons. Rates and their sources: README.md.
#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "credlex/civil_date.h"
#include "simulator/generate/generate.h"
#include "simulator/generate/rng.h"
#include "simulator/generate/spc.h"

namespace credlex::generate {

namespace {

// Salts of the independent streams of one entity (rng.h `stream`).
enum Salt : std::uint64_t { kRole = 1, kBirth, kRelations, kProfile, kFamily };

std::int32_t day(int y, int m, int d) { return clx_days_from_civil(y, m, d); }

bool person_like(const std::string& kind) { return kind.find("Person") != std::string::npos || kind == "Individual"; }

// A realistic amount in CNY (1/10000 units): mostly thousands to hundreds of thousands of yuan.
std::int64_t amount(Rng& r) {
  static const std::array<std::int64_t, 6> top = {2000, 10000, 50000, 200000, 1000000, 10000000};
  int band = r.weighted(std::array<int, 6>{20, 30, 25, 15, 8, 2});
  std::int64_t lo = band == 0 ? 200 : top[static_cast<std::size_t>(band - 1)], hi = top[static_cast<std::size_t>(band)];
  return (lo + static_cast<std::int64_t>(r.next() % static_cast<std::uint64_t>(hi - lo))) * 10000;
}

const char* const kRegions[] = {"京", "沪", "粤", "浙", "苏", "川", "鄂", "鲁", "豫", "闽", "湘", "陕", "渝", "津", "冀", "辽"};

}  // namespace

const char* to_string(Profile p) {
  switch (p) {
    case Profile::SpcDefaulters: return "spc-defaulters";
    case Profile::SpcConsumption: return "spc-consumption";
    case Profile::Restoration: return "restoration";
    case Profile::Generic: return "generic";
  }
  return "generic";
}

void default_span(Profile p, ir::Day& from, ir::Day& to) {
  switch (p) {
    case Profile::SpcDefaulters: case Profile::SpcConsumption: from = day(2016, 1, 1); break;
    case Profile::Restoration: from = day(2020, 1, 1); break;
    case Profile::Generic: from = day(2019, 1, 1); break;
  }
  to = day(2026, 1, 1);
}

// ---------------------------------------------------------------------------------------------
// The restoration profile's view of a policy: its event types and fields by name.

namespace {

struct RestorationLayout {
  std::int32_t person = -1, enterprise = -1;
  std::int32_t penalty = -1, serious_list = -1, corrected = -1, performed = -1, commitment = -1, applied = -1,
               false_found = -1, reorganisation = -1, training = -1, report = -1;
  // administrative_penalty's slots
  std::int32_t s_case = -1, s_simplified = -1, s_warning = -1, s_fine = -1, s_confiscation = -1, s_restriction = -1,
               s_term = -1, s_repeated = -1, s_sector = -1, s_minor = -1, s_minor_period = -1;
  // choices by name
  std::int64_t fine[4] = {0, 0, 0, 0};               // no, smaller, larger, huge
  std::int64_t restriction[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::int64_t sector[4] = {0, 0, 0, 0};              // not, minor, general, serious
  std::int64_t stage[3] = {0, 0, 0};                  // shielding, failed, completed
  std::int32_t fine_enum = -1, restriction_enum = -1, sector_enum = -1, stage_enum = -1;

  explicit RestorationLayout(const ir::Policy& p) {
    person = p.kind_index("NaturalPerson");
    enterprise = p.kind_index("Enterprise");
    if (person < 0 || enterprise < 0) throw std::runtime_error("no NaturalPerson or Enterprise");
    auto ev = [&](const char* name, std::initializer_list<const char*> fields) {
      std::int32_t t = p.event_index(name);
      if (t < 0) throw std::runtime_error(std::string("no event ") + name);
      const auto& e = p.events[static_cast<std::size_t>(t)];
      if (e.fields.size() != fields.size()) throw std::runtime_error(std::string("fields of ") + name);
      for (const char* f : fields)
        if (p.field_slot(t, f) < 0) throw std::runtime_error(std::string("no field ") + f);
      return t;
    };
    penalty = ev("administrative_penalty", {"case", "simplified_procedure", "warning_or_criticism", "fine_tier", "confiscation",
                                            "restriction", "penalty_term", "repeated_violation", "sector_class",
                                            "minor_publication_necessary", "minor_publication_period"});
    serious_list = ev("serious_list_entry", {"case", "list_name"});
    corrected = ev("misconduct_corrected", {"case"});
    performed = ev("obligations_performed", {"case"});
    commitment = ev("credit_commitment", {"case"});
    applied = ev("restoration_applied", {"case"});
    false_found = ev("false_application_found", {"case"});
    reorganisation = ev("reorganisation", {"stage"});
    training = ev("restoration_training_completed", {"case"});
    report = ev("credit_report_submitted", {"case"});
    s_case = p.field_slot(penalty, "case");
    s_simplified = p.field_slot(penalty, "simplified_procedure");
    s_warning = p.field_slot(penalty, "warning_or_criticism");
    s_fine = p.field_slot(penalty, "fine_tier");
    s_confiscation = p.field_slot(penalty, "confiscation");
    s_restriction = p.field_slot(penalty, "restriction");
    s_term = p.field_slot(penalty, "penalty_term");
    s_repeated = p.field_slot(penalty, "repeated_violation");
    s_sector = p.field_slot(penalty, "sector_class");
    s_minor = p.field_slot(penalty, "minor_publication_necessary");
    s_minor_period = p.field_slot(penalty, "minor_publication_period");
    const auto& pf = p.events[static_cast<std::size_t>(penalty)].fields;
    fine_enum = pf[static_cast<std::size_t>(s_fine)].index;
    restriction_enum = pf[static_cast<std::size_t>(s_restriction)].index;
    sector_enum = pf[static_cast<std::size_t>(s_sector)].index;
    stage_enum = p.events[static_cast<std::size_t>(reorganisation)].fields[0].index;
    auto choice = [&](std::int32_t en, const char* name) {
      if (en < 0) throw std::runtime_error("not a choice");
      const auto& cs = p.enums[static_cast<std::size_t>(en)].choices;
      auto it = std::find(cs.begin(), cs.end(), name);
      if (it == cs.end()) throw std::runtime_error(std::string("no choice ") + name);
      return static_cast<std::int64_t>(it - cs.begin());
    };
    const char* fines[] = {"no_fine", "smaller_fine", "larger_fine", "huge_fine"};
    for (int i = 0; i < 4; ++i) fine[i] = choice(fine_enum, fines[i]);
    const char* rs[] = {"no_restriction", "licence_suspended", "qualification_lowered", "licence_revoked",
                        "production_restricted", "suspension_ordered", "closure_ordered", "employment_restricted"};
    for (int i = 0; i < 8; ++i) restriction[i] = choice(restriction_enum, rs[i]);
    const char* ss[] = {"not_classified", "classified_minor", "classified_general", "classified_serious"};
    for (int i = 0; i < 4; ++i) sector[i] = choice(sector_enum, ss[i]);
    const char* st[] = {"shielding_applied", "plan_failed", "plan_completed"};
    for (int i = 0; i < 3; ++i) stage[i] = choice(stage_enum, st[i]);
    for (auto [slot, kind] : {std::pair{s_case, ir::ValueKind::Text}, {s_simplified, ir::ValueKind::Bool},
                              {s_warning, ir::ValueKind::Bool}, {s_confiscation, ir::ValueKind::Bool},
                              {s_term, ir::ValueKind::Duration}, {s_repeated, ir::ValueKind::Bool},
                              {s_minor, ir::ValueKind::Bool}, {s_minor_period, ir::ValueKind::Duration}})
      if (pf[static_cast<std::size_t>(slot)].kind != kind) throw std::runtime_error("field type");
    if (p.kinds[static_cast<std::size_t>(person)].attributes.size() != 1 ||
        !p.kinds[static_cast<std::size_t>(enterprise)].attributes.empty())
      throw std::runtime_error("kinds");
  }
};

}  // namespace

Profile profile_for(const ir::Policy& policy) {
  auto fits = [&](auto make) {
    try {
      make();
      return true;
    } catch (const std::exception&) {
      return false;
    }
  };
  if (policy.event_index("judgment_unperformed") >= 0 &&
      fits([&] { spc::Layout l(policy, spc::Rules::Defaulters); }))
    return Profile::SpcDefaulters;
  if (policy.event_index("consumption_order_issued") >= 0 &&
      fits([&] { spc::Layout l(policy, spc::Rules::Consumption); }))
    return Profile::SpcConsumption;
  if (policy.event_index("administrative_penalty") >= 0 && fits([&] { RestorationLayout l(policy); }))
    return Profile::Restoration;
  return Profile::Generic;
}

// ---------------------------------------------------------------------------------------------

struct Generator::Impl {
  const ir::Policy& p;
  Profile profile;
  std::uint64_t seed;
  ir::Day from, to;
  std::vector<bool> person_kinds;        // by kind
  std::vector<std::int32_t> persons, others;  // kinds
  std::vector<std::string> prefixes;     // id prefix by kind
  std::optional<spc::Layout> spc_layout;
  std::optional<RestorationLayout> rest;
  spc::Debtor debtor;
  std::string cases;
  // generic: event types each kind may have; triggers (list include/extend events) and the others
  std::vector<std::vector<std::int32_t>> triggers, follow_ups;

  Impl(const ir::Policy& policy, Profile pr, std::uint64_t s, ir::Day f, ir::Day t) : p(policy), profile(pr), seed(s), from(f), to(t) {
    for (std::size_t k = 0; k < p.kinds.size(); ++k) {
      bool person = person_like(p.kinds[k].name);
      person_kinds.push_back(person);
      (person ? persons : others).push_back(static_cast<std::int32_t>(k));
      std::string prefix = person ? "P" : p.kinds[k].name == "Enterprise" ? "E" : std::string(1, p.kinds[k].name.empty() ? 'X' : p.kinds[k].name[0]);
      if (prefix[0] >= 'a' && prefix[0] <= 'z') prefix[0] = static_cast<char>(prefix[0] - 'a' + 'A');
      prefixes.push_back(prefix);
    }
    if (profile == Profile::SpcDefaulters) spc_layout.emplace(p, spc::Rules::Defaulters);
    if (profile == Profile::SpcConsumption) spc_layout.emplace(p, spc::Rules::Consumption);
    if (profile == Profile::Restoration) rest.emplace(p);
    if (profile == Profile::Generic) {
      std::vector<bool> trigger(p.events.size(), false);
      for (const auto& l : p.lists) {
        for (const auto& r : l.includes)
          if (r.event >= 0) trigger[static_cast<std::size_t>(r.event)] = true;
        for (const auto& r : l.extends)
          if (r.event >= 0) trigger[static_cast<std::size_t>(r.event)] = true;
      }
      triggers.resize(p.kinds.size());
      follow_ups.resize(p.kinds.size());
      for (std::size_t k = 0; k < p.kinds.size(); ++k)
        for (std::size_t e = 0; e < p.events.size(); ++e) {
          const auto& ks = p.events[e].kinds;
          if (!ks.empty() && std::find(ks.begin(), ks.end(), static_cast<std::int32_t>(k)) == ks.end()) continue;
          (trigger[e] ? triggers : follow_ups)[k].push_back(static_cast<std::int32_t>(e));
        }
      for (std::size_t k = 0; k < p.kinds.size(); ++k)
        if (triggers[k].empty()) std::swap(triggers[k], follow_ups[k]);
    }
  }

  // Share of bystanders (persons with no events of their own, who appear as legal
  // representatives, controllers or relatives), in per mille.
  int bystander_permille() const {
    switch (profile) {
      case Profile::SpcDefaulters: case Profile::SpcConsumption: return 150;
      case Profile::Restoration: return 100;
      case Profile::Generic: return persons.empty() ? 0 : 100;
    }
    return 0;
  }
  bool bystander(std::int64_t k) const {
    if (persons.empty()) return false;
    return stream(seed, k, kRole).permille(bystander_permille());
  }

  // The kind of entity k (cheap: only its first draws).
  std::int32_t kind_of(std::int64_t k) const {
    if (bystander(k)) return persons[0];
    switch (profile) {
      case Profile::SpcDefaulters: case Profile::SpcConsumption:
        return spc::debtor_is_person(seed, k) ? spc_layout->person_kind() : spc_layout->enterprise_kind();
      case Profile::Restoration: {
        Rng r = stream(seed, k, kProfile);
        return r.chance(22) ? rest->person : rest->enterprise;
      }
      case Profile::Generic: {
        Rng r = stream(seed, k, kProfile);
        if (!persons.empty() && !others.empty()) {
          bool person = r.chance(60);
          const auto& pool = person ? persons : others;
          return pool[static_cast<std::size_t>(r.pick(static_cast<int>(pool.size())))];
        }
        return static_cast<std::int32_t>(r.pick(static_cast<int>(p.kinds.size())));
      }
    }
    return 0;
  }
  std::string id(std::int64_t k, std::int32_t kind) const { return prefixes[static_cast<std::size_t>(kind)] + std::to_string(k); }

  ir::Day birth(Rng& r) const { return from - 365 * r.between(20, 70) - r.pick(365); }

  // A person before k, from the last 200 entities, bystanders first; -1 when there is none.
  std::int64_t earlier_person(std::int64_t k, Rng& r, std::int32_t kind, std::int64_t not_this = -1) const {
    if (k == 0) return -1;
    std::int64_t start = k - 1 - r.pick(static_cast<int>(std::min<std::int64_t>(k, 60)));
    std::int64_t stop = std::max<std::int64_t>(0, k - 200);
    for (int pass = 0; pass < 2; ++pass)
      for (std::int64_t j = start; j >= stop; --j) {
        if (j == not_this || kind_of(j) != kind) continue;
        if (pass == 0 && !bystander(j)) continue;
        return j;
      }
    return -1;
  }

  // Relations from entity k: for an organisation, its legal representative, actual controller and
  // responsible persons; for a person, family relations (where the policy declares them).
  void relations(std::int64_t k, std::int32_t kind, ir::Day first_event, ir::History& h) {
    Rng r = stream(seed, k, kRelations);
    std::int64_t legal_rep = -1;
    for (std::size_t rel = 0; rel < p.relations.size(); ++rel) {
      const auto& R = p.relations[rel];
      if (R.from != kind || R.to < 0 || !person_kinds[static_cast<std::size_t>(R.to)]) continue;
      const std::string& n = R.name;
      bool org = !person_kinds[static_cast<std::size_t>(kind)];
      int percent = 0;
      bool family = false;
      if (org) {
        percent = n.find("legal_rep") != std::string::npos ? 100 : n.find("controller") != std::string::npos ? 85
                  : n.find("responsible") != std::string::npos ? 20 : 15;
      } else {
        family = true;
        percent = n.find("spouse") != std::string::npos ? 55 : (n.find("child") != std::string::npos || n.find("parent") != std::string::npos) ? 30 : 15;
      }
      if (!r.chance(percent)) continue;
      std::int64_t j = -1;
      if (org && n.find("controller") != std::string::npos && legal_rep >= 0 && r.chance(65) &&
          kind_of(legal_rep) == R.to)
        j = legal_rep;  // in small firms the controller is the legal representative
      else
        j = earlier_person(k, r, R.to, k);
      if (j < 0) continue;
      if (org && n.find("legal_rep") != std::string::npos) legal_rep = j;
      // Since the firm was founded (1 to 15 years before its first event), or the marriage.
      ir::Day since = std::min(first_event, to - 1) - (family ? r.between(200, 9000) : 365 * r.between(1, 15) + r.pick(365));
      ir::RelationSpan span{static_cast<std::int32_t>(rel), id(j, R.to), since, std::nullopt};
      // Some change hands (a new legal representative; a divorce) before the export.
      if (r.chance(family ? 5 : 12) && since + 400 < to) {
        ir::Day change = since + 365 + r.pick(static_cast<int>(to - since - 365));
        span.until = change;
        h.relations.push_back(span);
        if (!family) {
          std::int64_t next = earlier_person(k, r, R.to, j);
          if (next >= 0 && next != j) h.relations.push_back(ir::RelationSpan{static_cast<std::int32_t>(rel), id(next, R.to), change, std::nullopt});
        }
        continue;
      }
      h.relations.push_back(span);
    }
  }

  void finish(ir::History& h) {
    std::stable_sort(h.events.begin(), h.events.end(), [](const ir::Event& a, const ir::Event& b) { return a.date < b.date; });
    h.events.erase(std::remove_if(h.events.begin(), h.events.end(), [&](const ir::Event& e) { return e.date < from || e.date >= to; }),
                   h.events.end());
  }

  void entity(std::int64_t k, ir::History& h) {
    h.events.clear();
    h.relations.clear();
    h.entity.attributes.clear();
    std::int32_t kind = kind_of(k);
    h.entity.kind = kind;
    h.entity.id = id(k, kind);
    if (bystander(k)) {
      Rng r = stream(seed, k, kBirth);
      fill_attributes(r, h);
      relations(k, kind, from + r.pick(std::max(1, to - from)), h);
      return;
    }
    switch (profile) {
      case Profile::SpcDefaulters: case Profile::SpcConsumption: spc_entity(k, h); break;
      case Profile::Restoration: restoration_entity(k, h); break;
      case Profile::Generic: generic_entity(k, h); break;
    }
    finish(h);
    relations(k, kind, h.events.empty() ? from : h.events.front().date, h);
  }

  void fill_attributes(Rng& r, ir::History& h) {
    for (const auto& a : p.kinds[static_cast<std::size_t>(h.entity.kind)].attributes) {
      std::optional<ir::Value> v;
      switch (a.kind) {
        case ir::ValueKind::Date: v = ir::Value::date(a.name.find("birth") != std::string::npos ? birth(r) : from - r.pick(20 * 365)); break;
        case ir::ValueKind::Bool: v = ir::Value::boolean(r.chance(30)); break;
        case ir::ValueKind::Int: v = ir::Value::integer(r.pick(5)); break;
        case ir::ValueKind::Decimal: v = ir::Value::decimal(r.pick(101), 2); break;
        case ir::ValueKind::Money: v = ir::Value::money(amount(r), a.currency.empty() ? "CNY" : a.currency); break;
        case ir::ValueKind::Text: v = ir::Value::of_text(std::string(kRegions[r.pick(16)])); break;
        case ir::ValueKind::Duration: v = ir::Value::duration(r.between(1, 36), ir::Unit::Months); break;
        case ir::ValueKind::Choice: {
          int n = a.index >= 0 ? static_cast<int>(p.enums[static_cast<std::size_t>(a.index)].choices.size()) : 0;
          if (n > 0) v = ir::Value::choice(a.index, r.pick(n));
          break;
        }
        default: break;  // entity-typed attributes are left unknown
      }
      h.entity.attributes.push_back(std::move(v));
    }
  }

  void spc_entity(std::int64_t k, ir::History& h) {
    cases.clear();
    spc::debtor(seed, k, spc::Span{from, std::max(1, to - from)}, debtor, cases);
    if (debtor.person) h.entity.attributes.push_back(ir::Value::date(debtor.birth));
    for (const auto& e : debtor.events)
      if (spc::in_policy(e.type, spc_layout->rules()) && e.date >= from && e.date < to)
        h.events.push_back(spc::to_event(*spc_layout, cases, e));
  }

  void restoration_entity(std::int64_t k, ir::History& h) {
    const RestorationLayout& L = *rest;
    Rng r = stream(seed, k, kBirth);
    if (h.entity.kind == L.person) h.entity.attributes.push_back(ir::Value::date(birth(r)));
    r = stream(seed, k, kProfile);
    r.chance(22);  // the kind (kind_of)
    const int span = std::max(1, to - from);
    auto text_event = [&](std::int32_t type, ir::Day d, const std::string& c) {
      ir::Event e;
      e.date = d;
      e.type = type;
      e.fields.push_back(ir::Value::of_text(c));
      h.events.push_back(std::move(e));
    };
    static const char* const kAgencies[] = {"市监", "税", "环", "应急", "交", "住建", "卫健", "文旅"};
    static const char* const kLists[] = {"市场监督管理严重违法失信名单", "重大税收违法失信主体名单",
                                         "拖欠农民工工资失信联合惩戒对象名单", "安全生产严重失信主体名单",
                                         "环境违法失信名单"};
    int decisions = 1 + r.weighted(std::array<int, 4>{60, 25, 10, 5});
    for (int n = 0; n < decisions; ++n) {
      ir::Day d = from + r.pick(span);
      std::int32_t y = 0, m = 0, dd = 0;
      clx_civil_from_days(d, &y, &m, &dd);
      std::string c = std::string(kRegions[r.pick(16)]) + kAgencies[r.pick(8)] + "罚〔" + std::to_string(y) + "〕" +
                      std::to_string(r.between(1, 9999)) + "号";
      // The decision (APL Art 9; Order 36 Arts 8-10).
      bool simplified = r.chance(12), warning = false, confiscation = false, repeated = false, minor_pub = false;
      int fine = 0, restriction = 0, sector = 0;
      ir::Value term = ir::Value::duration(0, ir::Unit::Days);
      if (simplified) {
        warning = r.chance(40);
        fine = warning && r.chance(50) ? 0 : 1;
        sector = r.chance(15) ? 1 : 0;
      } else {
        warning = r.chance(15);
        fine = r.weighted(std::array<int, 4>{10, 30, 45, 15});
        confiscation = r.chance(15);
        restriction = r.weighted(std::array<int, 8>{880, 30, 10, 20, 10, 35, 10, 5});
        if (restriction == 1) term = ir::Value::duration(r.between(1, 12), ir::Unit::Months);
        if (restriction == 4 || restriction == 5) term = ir::Value::duration(r.between(1, 6), ir::Unit::Months);
        if (restriction == 7) term = ir::Value::duration(12 * r.between(1, 5), ir::Unit::Months);
        repeated = r.permille(25);
        sector = r.weighted(std::array<int, 4>{70, 6, 16, 8});
        if (!warning && fine == 0 && !confiscation && restriction == 0) fine = 2;
      }
      minor_pub = r.chance(10);
      ir::Event e;
      e.date = d;
      e.type = L.penalty;
      e.fields.resize(11);
      e.fields[static_cast<std::size_t>(L.s_case)] = ir::Value::of_text(c);
      e.fields[static_cast<std::size_t>(L.s_simplified)] = ir::Value::boolean(simplified);
      e.fields[static_cast<std::size_t>(L.s_warning)] = ir::Value::boolean(warning);
      e.fields[static_cast<std::size_t>(L.s_fine)] = ir::Value::choice(L.fine_enum, L.fine[fine]);
      e.fields[static_cast<std::size_t>(L.s_confiscation)] = ir::Value::boolean(confiscation);
      e.fields[static_cast<std::size_t>(L.s_restriction)] = ir::Value::choice(L.restriction_enum, L.restriction[restriction]);
      e.fields[static_cast<std::size_t>(L.s_term)] = term;
      e.fields[static_cast<std::size_t>(L.s_repeated)] = ir::Value::boolean(repeated);
      e.fields[static_cast<std::size_t>(L.s_sector)] = ir::Value::choice(L.sector_enum, L.sector[sector]);
      e.fields[static_cast<std::size_t>(L.s_minor)] = ir::Value::boolean(minor_pub);
      // Order 36 Art 12 para 1: a sector that publishes minor information publishes it for the
      // 3 months at most allowed (no public figure on the periods chosen; no extra draw, so the
      // rest of the population is what it was before the field existed).
      e.fields[static_cast<std::size_t>(L.s_minor_period)] = ir::Value::duration(minor_pub ? 3 : 0, ir::Unit::Months);
      h.events.push_back(std::move(e));
      bool serious = sector == 3 || (sector == 0 && (fine == 3 || restriction != 0 || repeated));
      if (serious && r.chance(10)) {  // also put on a sector's serious list (Order 36 Art 10 item 3)
        ir::Event s;
        s.date = d + r.between(0, 30);
        s.type = L.serious_list;
        s.fields.push_back(ir::Value::of_text(c));
        s.fields.push_back(ir::Value::of_text(kLists[r.pick(5)]));
        h.events.push_back(std::move(s));
      }
      if (simplified) continue;
      // What the entity does about it (Order 36 Art 14; 2019 notice: training and credit report).
      bool corrected = r.chance(55);
      bool performed = corrected ? r.chance(85) : r.chance(30);
      ir::Day last = d;
      if (corrected) text_event(L.corrected, last = std::max(last, d + r.between(7, 180)), c);
      if (performed) text_event(L.performed, last = std::max(last, d + r.between(7, 200)), c);
      bool commits = corrected && performed ? r.chance(70) : r.chance(5);
      if (commits) text_event(L.commitment, last = last + r.between(0, 30), c);
      if (commits && r.chance(45)) {
        text_event(L.training, last + r.between(10, 90), c);
        text_event(L.report, last + r.between(10, 90), c);
      }
      if (commits ? r.chance(75) : r.chance(8)) {
        // When the application comes: some before the minimum period, most after it.
        static const std::array<int, 5> lo = {20, 92, 183, 366, 731}, hi = {91, 182, 365, 730, 1095};
        int band = r.weighted(std::array<int, 5>{15, 35, 30, 15, 5});
        ir::Day at = std::max(last, d + r.between(lo[static_cast<std::size_t>(band)], hi[static_cast<std::size_t>(band)]));
        text_event(L.applied, at, c);
        if (r.chance(25)) text_event(L.applied, at + r.between(30, 240), c);  // applies again
        if (r.permille(15)) text_event(L.false_found, at + r.between(30, 365), c);
      }
    }
    if (h.entity.kind == L.enterprise && r.permille(15)) {  // bankruptcy reorganisation (Order 36 Art 20)
      ir::Day d = from + r.pick(span);
      auto stage = [&](ir::Day at, int s) {
        ir::Event e;
        e.date = at;
        e.type = L.reorganisation;
        e.fields.push_back(ir::Value::choice(L.stage_enum, L.stage[s]));
        h.events.push_back(std::move(e));
      };
      stage(d, 0);
      int outcome = r.weighted(std::array<int, 3>{55, 25, 20});
      if (outcome == 0) stage(d + r.between(180, 900), 2);
      if (outcome == 1) stage(d + r.between(90, 720), 1);
    }
  }

  ir::Value value(Rng& r, const ir::FieldType& f, ir::Day d, const std::string& c, const std::string& self) {
    switch (f.kind) {
      case ir::ValueKind::Bool: return ir::Value::boolean(r.chance(30));
      case ir::ValueKind::Int: return ir::Value::integer(r.weighted(std::array<int, 5>{20, 50, 15, 10, 5}));
      case ir::ValueKind::Decimal: return ir::Value::decimal(r.pick(10001), 4);
      case ir::ValueKind::Money: return ir::Value::money(amount(r), f.currency.empty() ? "CNY" : f.currency);
      case ir::ValueKind::Text: return ir::Value::of_text(f.name == "case" || f.name.find("case") != std::string::npos ? c : std::string(kRegions[r.pick(16)]));
      case ir::ValueKind::Date: return ir::Value::date(d + r.between(0, 30));
      case ir::ValueKind::Duration:
        return r.chance(60) ? ir::Value::duration(0, ir::Unit::Days) : ir::Value::duration(r.between(1, 24), ir::Unit::Months);
      case ir::ValueKind::Choice: {
        int n = f.index >= 0 ? static_cast<int>(p.enums[static_cast<std::size_t>(f.index)].choices.size()) : 1;
        return ir::Value::choice(f.index, r.pick(std::max(1, n)));
      }
      case ir::ValueKind::Entity: {
        ir::Value v = ir::Value::entity();
        v.text = self;
        return v;
      }
      default: return ir::Value::boolean(false);
    }
  }

  void generic_entity(std::int64_t k, ir::History& h) {
    Rng r = stream(seed, k, kBirth);
    fill_attributes(r, h);
    r = stream(seed, k, kFamily);
    const auto kind = static_cast<std::size_t>(h.entity.kind);
    if (triggers[kind].empty()) return;
    const int span = std::max(1, to - from);
    int episodes = 1 + r.weighted(std::array<int, 4>{50, 30, 15, 5});
    for (int n = 0; n < episodes; ++n) {
      ir::Day d = from + r.pick(span);
      std::string c = "C" + std::to_string(k) + "-" + std::to_string(n + 1);
      auto add = [&](std::int32_t t, ir::Day at) {
        ir::Event e;
        e.date = at;
        e.type = t;
        for (const auto& f : p.events[static_cast<std::size_t>(t)].fields) e.fields.push_back(value(r, f, at, c, h.entity.id));
        h.events.push_back(std::move(e));
      };
      add(triggers[kind][static_cast<std::size_t>(r.pick(static_cast<int>(triggers[kind].size())))], d);
      if (follow_ups[kind].empty()) continue;
      int more = r.weighted(std::array<int, 4>{40, 30, 20, 10});
      for (int m = 0; m < more; ++m) {
        d += r.between(1, 400);
        add(follow_ups[kind][static_cast<std::size_t>(r.pick(static_cast<int>(follow_ups[kind].size())))], d);
      }
    }
  }
};

Generator::Generator(const ir::Policy& policy, Profile profile, std::uint64_t seed, ir::Day from, ir::Day to)
    : impl_(new Impl(policy, profile, seed, from, to)) {}
Generator::~Generator() { delete impl_; }
void Generator::entity(std::int64_t k, ir::History& out) { impl_->entity(k, out); }

}  // namespace credlex::generate
