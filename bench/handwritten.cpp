#include "handwritten.h"

#include <array>

#include "credlex/civil_date.h"
#include "credlex/working_days.h"

namespace credlex::bench {

namespace {

constexpr std::int32_t kNone = CLX_NO_DAY;
enum { Open = CLX_END_OPEN, Period = CLX_END_PERIOD, Removal = CLX_END_REMOVAL, Restoration = CLX_END_RESTORATION,
       SourceEnded = CLX_END_SOURCE_ENDED, ConditionEnded = CLX_END_CONDITION };

std::int32_t add_months(std::int32_t d, int months) {
  std::int32_t out = 0;
  clx_add_months_checked(d, months, &out);  // the population's dates are far from the years' limits
  return out;
}
std::int32_t add_working_days(std::int32_t d, int n) {
  std::int32_t out = 0;
  clx_add_working_days(nullptr, d, n, &out);
  return out;
}

bool in_force(const Timeline::Listing& l, std::int32_t d) { return l.start <= d && (l.end == kNone || d < l.end); }

// What both policies share: the entity's events, the timeline, the measures running per source.
template <int Measures>
struct Run {
  const Population& pop;
  const Event* ev;
  std::int32_t n;
  bool person;
  std::int32_t birth;
  Timeline& t;
  std::vector<std::array<std::int32_t, Measures>>& running;  // per listing: its interval of each measure, -1: none

  // Entity k, with `out` and `scratch` emptied (their memory is reused).
  Run(const Population& p, std::int64_t k, Timeline& out, std::vector<std::array<std::int32_t, Measures>>& scratch)
      : pop(p), ev(p.events.data() + p.offsets[static_cast<std::size_t>(k)]),
        n(static_cast<std::int32_t>(p.offsets[static_cast<std::size_t>(k) + 1] - p.offsets[static_cast<std::size_t>(k)])),
        person(p.person[static_cast<std::size_t>(k)] != 0), birth(p.birth[static_cast<std::size_t>(k)]), t(out), running(scratch) {
    t.listings.clear();
    t.measures.clear();
    t.grades.clear();
    t.decisions.clear();
    running.clear();
  }

  bool same_case(const Event& a, const Event& b) const { return pop.case_of(a) == pop.case_of(b); }
  void open(std::int32_t list, std::int32_t i, std::int32_t end) {
    t.listings.push_back({list, ev[i].date, end, end == kNone ? Open : Period, i, kNone, 0, -1});
    running.emplace_back().fill(-1);
  }
  // The next date to visit after `last`: an event's, or an end.
  bool next(std::int32_t i, bool has_last, std::int32_t last, std::int32_t& d) const {
    bool has = i < n;
    if (has) d = ev[i].date;
    auto consider = [&](std::int32_t end) {
      if (end != kNone && (!has_last || end > last) && (!has || end < d)) d = end, has = true;
    };
    for (const auto& l : t.listings) consider(l.end);
    for (const auto& m : t.measures) consider(m.end);
    return has;
  }
  // A new level of grade 0 on d, when it changed.
  void grade(std::int32_t level, std::int32_t d) {
    Timeline::Grade* current = nullptr;
    for (auto& g : t.grades)
      if (g.end == kNone) current = &g;
    if (current && current->level == level) return;
    if (current) current->end = d;
    t.grades.push_back({0, level, d, kNone});
  }
  // Measure m of listing k on d (the interpreter's rules for a listing source): ends with its
  // source (while listed; until restored when removed or restored), when `holds` stops, or when its
  // period runs out (then it does not restart).
  template <typename Holds>
  // months: `for` that many months from the listing's start; after_months: `while listed and for
  // that many months after` (no end while the listing lasts, then that long from its end).
  void measure(int m, std::int32_t k, std::int32_t d, bool while_listed, bool until_restored, int months, Holds holds,
               int after_months = 0) {
    const auto& l = t.listings[static_cast<std::size_t>(k)];
    bool source_open = in_force(l, d);
    std::int32_t& run = running[static_cast<std::size_t>(k)][static_cast<std::size_t>(m)];
    if (run >= 0) {
      auto& mi = t.measures[static_cast<std::size_t>(run)];
      if (mi.end != kNone && mi.end <= d) {
        run = -1;
      } else {
        if (after_months && !source_open && mi.end == kNone) {
          mi.end = add_months(l.end != kNone && l.end <= d ? l.end : d, after_months);
          mi.ended_by = Period;
          if (mi.end <= d) {
            run = -1;
            return;
          }
        }
        bool ends_with_source = while_listed || (until_restored && (l.ended_by == Removal || l.ended_by == Restoration));
        if (ends_with_source && !source_open) {
          mi.end = l.end != kNone && l.end <= d ? l.end : d;
          mi.ended_by = SourceEnded;
          run = -1;
        } else if (!holds()) {
          mi.end = d;
          mi.ended_by = ConditionEnded;
          run = -1;
        }
        return;
      }
    }
    if (!source_open) return;
    std::int32_t end = months ? add_months(l.start, months) : kNone;
    if (end != kNone && end <= d) return;
    if (!holds()) return;
    run = static_cast<std::int32_t>(t.measures.size());
    t.measures.push_back({m, d, end, end == kNone ? Open : Period, CLX_SOURCE_LISTING, k});
  }
};

template <typename R, typename Apply, typename Recompute>
void steps(R& r, Apply apply, Recompute recompute) {
  std::int32_t i = 0, last = 0, d = 0;
  bool has_last = false;
  while (r.next(i, has_last, last, d)) {
    for (; i < r.n && r.ev[i].date == d; ++i) apply(i);
    recompute(d, i);
    last = d;
    has_last = true;
  }
}

}  // namespace

const std::vector<const char*>& measure_names(Rules rules) {
  static const std::vector<const char*> defaulters = {"restrict_high_consumption", "publish_defaulter_information",
                                                      "record_in_credit_reporting", "ban_director_supervisor_manager",
                                                      "restrict_exit"};
  static const std::vector<const char*> consumption = {
      "restrict_item1_premium_transport", "restrict_item2_luxury_venues", "restrict_item3_real_estate",
      "restrict_item4_luxury_offices", "restrict_item5_vehicles", "restrict_item6_travel",
      "restrict_item7_private_school_fees", "restrict_item8_premium_insurance", "restrict_item9_high_speed_rail"};
  return rules == Rules::Defaulters ? defaulters : consumption;
}

const std::vector<const char*>& level_names(Rules) {
  static const std::vector<const char*> levels = {"must_restrict", "may_restrict", "not_applicable"};
  return levels;
}

// ---------------------------------------------------------------------------------------------
// SPC judgment defaulters (2017): one list, removal grounds of Art 10, extension of Art 2,
// early deletion, five measures, the grade of SPC 2015 Art 1.

void run_defaulters(const Population& pop, std::int64_t k, Timeline& t) {
  thread_local std::vector<std::array<std::int32_t, 5>> running;
  Run<5> r(pop, k, t, running);
  const Event* ev = r.ev;

  auto listed = [&](std::int32_t d) {
    for (const auto& l : t.listings)
      if (in_force(l, d)) return true;
    return false;
  };
  auto cause = [&](const Timeline::Listing& l) -> const Event& { return ev[l.cause_event]; };
  // Each open listing whose condition holds is removed on the event's date, due in 3 working days.
  auto remove = [&](std::int32_t i, auto holds) {
    std::int32_t d = ev[i].date;
    for (auto& l : t.listings)
      if (in_force(l, d) && holds(cause(l))) {
        l.end = d;
        l.ended_by = Removal;
        l.removal_deadline = add_working_days(d, 3);
      }
  };

  auto apply = [&](std::int32_t i) {
    const Event& e = ev[i];
    const std::int32_t d = e.date;
    switch (e.type) {
      case Judgment: {  // Art 1, Art 3, Art 4, Art 10 para 4
        bool minor = r.person && add_months(r.birth, 18 * 12) > d;
        bool barred = false;
        if (e.has(CreditorApplied)) {
          std::int32_t after = add_months(d, -6);
          for (std::int32_t x = 0; x <= i && !barred; ++x)
            barred = ev[x].type == CreditorDeletion && ev[x].date > after && r.same_case(ev[x], e);
        }
        if (e.choice == AbleButRefuses) {
          if (e.has(AbleToPerform) && !e.has(FullGuarantee) && !(e.seized >= e.amount) && !e.has(LaterInOrder) && !minor && !barred)
            r.open(0, i, kNone);
        } else if (!minor && !barred) {
          r.open(0, i, add_months(d, 24));
        }
        break;
      }
      case ExtensionDecided: {  // Art 2 para 1: by the court's choice, at most 3 years in all
        for (auto& l : t.listings) {
          if (!in_force(l, d)) continue;
          const Event& c = cause(l);
          bool ok = r.same_case(e, c) && c.choice != AbleButRefuses;
          if (ok && !((c.choice == Obstructs && c.has(ViolenceSerious)) || c.acts >= 2)) {
            std::int32_t after = add_months(d, -24), findings = 0;
            for (std::int32_t x = 0; x <= i; ++x) findings += ev[x].type == Judgment && ev[x].date > after;
            ok = findings >= 2;
          }
          if (!ok || l.end == kNone) continue;
          std::int32_t total = l.extended_months < 0 ? 0 : l.extended_months, room = 36 - total;
          std::int32_t added = room < e.months ? room : e.months;
          if (added < 0) added = 0;
          l.end = add_months(l.end, added);
          l.extended_months = total + added;
          ++l.extensions;
        }
        break;
      }
      case Performed:  // Art 10 para 1 item 1
        remove(i, [&](const Event& c) { return c.choice == AbleButRefuses && r.same_case(e, c) && e.share >= 10000; });
        break;
      case Settlement: case CreditorDeletion:  // items 2, 3
        remove(i, [&](const Event& c) { return c.choice == AbleButRefuses && r.same_case(e, c); });
        break;
      case AssetSearch:  // item 4: two fruitless searches since this round was terminated
        remove(i, [&](const Event& c) {
          if (c.choice != AbleButRefuses || !r.same_case(e, c) || e.has(AssetsFound) || e.has(LeadsProvided)) return false;
          std::int32_t terminated = kNone;
          for (std::int32_t x = i; x >= 0 && terminated == kNone; --x)
            if (ev[x].type == RoundTerminated && r.same_case(ev[x], c)) terminated = ev[x].date;
          if (terminated == kNone) return false;
          int searches = 0;
          for (std::int32_t x = 0; x <= i; ++x)
            searches += ev[x].type == AssetSearch && ev[x].date > terminated && r.same_case(ev[x], c) && !ev[x].has(AssetsFound);
          return searches >= 2;
        });
        break;
      case EnforcementEnded:  // items 5 to 7
        remove(i, [&](const Event& c) { return c.choice == AbleButRefuses && r.same_case(e, c) && e.choice != SuspendedOther; });
        break;
      case Correction:  // Art 9, Art 12: any ground
        remove(i, [&](const Event& c) { return r.same_case(e, c); });
        break;
      case EarlyDeletionApplied: {  // Art 2 para 2, Art 11, Art 12: decided within 15 days
        for (std::size_t k2 = 0; k2 < t.listings.size(); ++k2) {
          auto& l = t.listings[k2];
          if (!in_force(l, d)) continue;
          const Event& c = cause(l);
          Timeline::Decision dec{static_cast<std::int32_t>(k2), i, d, 0, CLX_REFUSAL_EXCLUDED, kNone, d + 15};
          if (c.choice != AbleButRefuses) {
            std::int64_t paid = 0;
            bool corrected = false;
            std::int32_t after = add_months(d, -24);
            for (std::int32_t x = 0; x <= i; ++x) {
              if (ev[x].type == Performed && ev[x].date > after && r.same_case(ev[x], c)) paid += ev[x].amount;
              if (ev[x].type == MisconductCorrected && r.same_case(ev[x], c)) corrected = true;
            }
            dec.granted = paid > 0 || corrected;
            dec.refusal = dec.granted ? CLX_REFUSAL_NONE : CLX_REFUSAL_CONDITION_NOT_MET;
            if (dec.granted) {  // Art 12 para 1: corrected within 3 working days of the decision
              l.end = d;
              l.ended_by = Restoration;
              l.removal_deadline = add_working_days(d, 3);
            }
          }
          t.decisions.push_back(dec);
        }
        break;
      }
      default: break;
    }
  };

  auto recompute = [&](std::int32_t d, std::int32_t visible) {
    // The grade (SPC 2015 Art 1): must while listed; may when a finding came after the deadline of
    // the case's first notice, unless the case of the latest finding is fully performed.
    bool is_listed = listed(d);
    std::int32_t level = 2;
    if (is_listed) {
      level = 0;
    } else {
      bool late = false;
      std::int32_t latest = -1;
      for (std::int32_t x = 0; x < visible; ++x) {
        if (ev[x].type != Judgment) continue;
        latest = x;
        if (late) continue;
        for (std::int32_t y = 0; y < visible; ++y)
          if (ev[y].type == Notice && r.same_case(ev[y], ev[x])) {
            late = ev[x].date > ev[y].deadline;
            break;
          }
      }
      if (late) {
        bool performed = false;
        for (std::int32_t x = 0; x < visible && !performed; ++x)
          performed = ev[x].type == Performed && r.same_case(ev[x], ev[latest]) && ev[x].share >= 10000;
        if (!performed) level = 1;
      }
    }
    r.grade(level, d);

    auto exit_ordered = [&](std::int32_t k) {
      const Event& c = cause(t.listings[static_cast<std::size_t>(k)]);
      for (std::int32_t x = 0; x < visible; ++x)
        if (ev[x].type == ExitOrdered && r.same_case(ev[x], c)) return true;
      return false;
    };
    auto always = [] { return true; };
    auto count = static_cast<std::int32_t>(t.listings.size());
    for (std::int32_t k = 0; k < count; ++k) r.measure(0, k, d, true, false, 0, always);   // restrict_high_consumption
    for (std::int32_t k = 0; k < count; ++k) r.measure(1, k, d, true, false, 0, always);   // publish_defaulter_information
    // record_in_credit_reporting: while listed and 5 years after (G5), unless the listing was
    // revoked as wrong (a correction of its case).
    auto not_corrected = [&](std::int32_t k) {
      const Event& c = cause(t.listings[static_cast<std::size_t>(k)]);
      for (std::int32_t x = 0; x < visible; ++x)
        if (ev[x].type == Correction && r.same_case(ev[x], c)) return false;
      return true;
    };
    for (std::int32_t k = 0; k < count; ++k) r.measure(2, k, d, false, false, 0, [&] { return not_corrected(k); }, 60);
    // ban_director_supervisor_manager: a natural person on the list because of a finding that
    // records a large debt (Company Law Art 178), while that listing lasts.
    if (r.person)
      for (std::int32_t k = 0; k < count; ++k)
        r.measure(3, k, d, true, false, 0, [&] { return cause(t.listings[static_cast<std::size_t>(k)]).has(LargeDebt); });
    for (std::int32_t k = 0; k < count; ++k) r.measure(4, k, d, false, true, 0, [&] { return exit_ordered(k); });  // restrict_exit
  };

  steps(r, apply, recompute);
  // Art 10 para 2: a fixed-term listing whose period ran out is deleted within 3 working days
  // after its last day.
  for (auto& l : t.listings)
    if (l.ended_by == Period && l.end != kNone) l.removal_deadline = add_working_days(l.end - 1, 3);
}

// ---------------------------------------------------------------------------------------------
// SPC high consumption (2015): two lists (an order after the notice's deadline; a listing as a
// defaulter), lifted on full performance, on a guarantee or consent, or with the delisting; nine
// measures on the members of both lists; the grade of Art 1.

void run_consumption(const Population& pop, std::int64_t k, Timeline& t) {
  thread_local std::vector<std::array<std::int32_t, 9>> running;
  Run<9> r(pop, k, t, running);
  const Event* ev = r.ev;

  auto remove = [&](std::int32_t i, std::int32_t list) {
    std::int32_t d = ev[i].date;
    for (auto& l : t.listings)
      if (l.list == list && in_force(l, d) && r.same_case(ev[i], ev[l.cause_event])) {
        l.end = d;
        l.ended_by = Removal;
      }
  };

  auto apply = [&](std::int32_t i) {
    const Event& e = ev[i];
    switch (e.type) {
      case OrderIssued: {  // Art 1 para 1: after the notice's deadline, not fully performed
        bool late = false, performed = false;
        for (std::int32_t x = 0; x <= i && !late; ++x) late = ev[x].type == Notice && r.same_case(ev[x], e) && e.date > ev[x].deadline;
        for (std::int32_t x = 0; x <= i && late && !performed; ++x)
          performed = ev[x].type == Performed && r.same_case(ev[x], e) && ev[x].share >= 10000;
        if (late && !performed) r.open(0, i, kNone);
        break;
      }
      case DefaulterListed: r.open(1, i, kNone); break;  // Art 1 para 2
      case Performed:  // Art 9: full performance lifts both
        if (e.share >= 10000) remove(i, 0), remove(i, 1);
        break;
      case OrderLifted: remove(i, 0), remove(i, 1); break;  // Art 9: guarantee or consent
      case DefaulterDelisted: remove(i, 1); break;         // Art 1 para 2: the listing ended
      default: break;
    }
  };

  auto recompute = [&](std::int32_t d, std::int32_t visible) {
    auto any = [&](Ev type, auto holds) {
      for (std::int32_t x = 0; x < visible; ++x)
        if (ev[x].type == type && holds(ev[x])) return true;
      return false;
    };
    std::int32_t level = 2;
    bool must = any(DefaulterListed, [&](const Event& l) {
      return !any(DefaulterDelisted, [&](const Event& x) { return r.same_case(x, l) && x.date >= l.date; });
    });
    if (must) {
      level = 0;
    } else if (any(Notice, [&](const Event& n) {
                 return !any(Performed, [&](const Event& p) { return r.same_case(p, n) && p.share >= 10000; }) &&
                        (any(RestrictionApplied, [&](const Event& a) { return r.same_case(a, n) && a.date > n.deadline; }) ||
                         any(OrderIssued, [&](const Event& o) { return r.same_case(o, n) && o.date > n.deadline; }));
               })) {
      level = 1;
    }
    r.grade(level, d);
    auto always = [] { return true; };
    auto count = static_cast<std::int32_t>(t.listings.size());
    for (int m = 0; m < 9; ++m)
      for (std::int32_t list = 0; list < 2; ++list)
        for (std::int32_t k = 0; k < count; ++k)
          if (t.listings[static_cast<std::size_t>(k)].list == list) r.measure(m, k, d, true, false, 0, always);
  };

  steps(r, apply, recompute);
}

}  // namespace credlex::bench
