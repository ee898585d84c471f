#include "simulator/generate/spc.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "credlex/civil_date.h"
#include "simulator/generate/rng.h"

namespace credlex::generate::spc {

namespace {

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
  std::string& cases;
  Rng& r;
  std::vector<Event>& out;
  Rng& courts;  // the courts' choices of periods: a stream of its own, so the other draws stay as they were
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
  void enforcement_case(std::int32_t start) {
    Event c;
    int y = 0, m = 0, d = 0;
    clx_civil_from_days(start, &y, &m, &d);
    std::string number(1, '(');
    number += std::to_string(y) + ")" + kCourts[r.pick(16)] + "执" + std::to_string(r.between(1, 29999)) + "号";
    c.case_at = static_cast<std::uint32_t>(cases.size());
    c.case_len = static_cast<std::int32_t>(number.size());
    cases += number;
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
      case 6: {  // Art 2 para 1: extended by 1 to 3 years, the court's choice (mostly 1 year: this project's guess)
        Event x = step(t += r.between(100, 600), ExtensionDecided, c);
        x.months = static_cast<std::uint8_t>(12 * (1 + courts.weighted(std::array<int, 3>{70, 20, 10})));
        add(x);
        break;
      }
      case 7: {
        if (r.chance(50)) add(step(t += r.between(10, 100), MisconductCorrected, c));
        add(step(t += r.between(5, 60), EarlyDeletionApplied, c));
        break;
      }
      case 8: add(t += r.between(20, 200), OrderLifted, c, 2); break;
      default: break;
    }
    if (listed && share != 10000 && r.chance(30)) add(step(listed + 730 + r.between(0, 30), DefaulterDelisted, c));
  }
};

Rng debtor_rng(std::uint64_t seed, std::int64_t k) {
  Rng r{seed * 0x2545F4914F6CDD1Dull + static_cast<std::uint64_t>(k)};
  r.next();
  return r;
}

}  // namespace

Span bench_span() { return Span{day(2016, 1, 1), 3100}; }

bool debtor_is_person(std::uint64_t seed, std::int64_t k) { return debtor_rng(seed, k).chance(84); }

void debtor(std::uint64_t seed, std::int64_t k, Span span, Debtor& out, std::string& cases) {
  Rng r = debtor_rng(seed, k);
  out.person = r.chance(84);  // most judgment debtors are natural persons
  // Adults mostly; a few born late enough to be minors at a finding (Art 4). Relative to 2016-01-01
  // for the benchmark's span, moved with span.from otherwise.
  const std::int32_t shift = span.from - day(2016, 1, 1);
  out.birth = out.person ? shift + (r.chance(98) ? day(1950, 1, 1) + r.pick(52 * 365) : day(2002, 1, 1) + r.pick(6 * 365)) : 0;
  out.events.clear();
  Rng courts = stream(seed, k, 0x636F75727473ull);  // "courts"
  Builder b{cases, r, out.events, courts};
  int n = 1 + r.weighted(std::array<int, 4>{45, 30, 17, 8});
  for (int c = 0; c < n; ++c) b.enforcement_case(span.from + r.pick(std::max(1, span.days)));
  std::stable_sort(out.events.begin(), out.events.end(), [](const Event& a, const Event& e) { return a.date < e.date; });
}

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

Layout::Layout(const ir::Policy& p, Rules rules) : p_(p), rules_(rules) {
  person_ = p.kind_index("NaturalPerson");
  enterprise_ = p.kind_index("Enterprise");
  if (person_ < 0 || enterprise_ < 0) throw std::runtime_error("the policy has no NaturalPerson or Enterprise");
  if (p.kinds[static_cast<std::size_t>(person_)].attributes.size() != 1 ||
      p.kinds[static_cast<std::size_t>(person_)].attributes[0].kind != ir::ValueKind::Date ||
      !p.kinds[static_cast<std::size_t>(enterprise_)].attributes.empty())
    throw std::runtime_error("NaturalPerson must have only birth_date, Enterprise no attribute");
  static const std::pair<const char*, Field> names[] = {
      {"case", Case}, {"deadline", Deadline}, {"amount", Amount}, {"ground", Ground_}, {"full_guarantee", FullGuarantee_},
      {"seized_assets", Seized}, {"later_in_order", LaterInOrder_}, {"able_to_perform", Able},
      {"violence_or_threats_serious", Violence}, {"acts", Acts}, {"creditor_applied", CreditorApplied_},
      {"large_debt", LargeDebt_}, {"performed_share", Share}, {"assets_found", AssetsFound_}, {"leads_provided", Leads},
      {"reason", Reason}, {"period", Period}};
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

ir::Value field_value(std::string_view cases, const Event& e, Layout::Field f, std::int32_t enum_index) {
  using V = ir::Value;
  switch (f) {
    case Layout::Case: return V::of_text(std::string(cases.substr(e.case_at, static_cast<std::size_t>(e.case_len))));
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
    case Layout::Period: return V::duration(e.months, ir::Unit::Months);
  }
  return V{};
}

ir::Event to_event(const Layout& layout, std::string_view cases, const Event& e) {
  ir::Event ev;
  ev.date = e.date;
  ev.type = layout.type(e.type);
  const auto& fields = layout.fields(e.type);
  ev.fields.reserve(fields.size());
  for (std::size_t s = 0; s < fields.size(); ++s) ev.fields.push_back(field_value(cases, e, fields[s], layout.enum_of(e.type, s)));
  return ev;
}

}  // namespace credlex::generate::spc
