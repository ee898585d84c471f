// Findings: where one entity's timeline goes beyond the proportionality limits of its policy
// (LANGUAGE.md §4), with the days in excess, the citations and an explanation in plain words; and
// metrics over many entities, in whole numbers so that merging is exact in any order.
//
//   compute(policy, history, timeline, options) → findings of one entity
//   Metrics::add(policy, history, timeline, findings, options); Metrics::merge(other)
//   finding_json(...) → one line of findings.jsonl;  metrics_json(...) → the metrics object
//
// Every counting rule is in README.md beside this file.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/interpret.h"
#include "compiler/ir/ir.h"

namespace credlex::findings {

// In the order of LANGUAGE.md §4.
enum class Kind : std::uint8_t {
  NoBasis,
  OutweighsConduct,
  OverDuration,
  RestorationDelayed,
  Stacking,
  CollateralReach,
  MinorEscalation,
  ScopeCreep,
};
inline constexpr int kKinds = 8;
const char* kind_name(Kind k);  // "no-basis", "outweighs-conduct", …

struct Options {
  // The observation window [from, to): days outside it are not counted; an open interval is cut
  // at `to`. Set both for a population (the defaults count everything up to the end of 9999).
  ir::Day from = std::numeric_limits<ir::Day>::min();
  ir::Day to = 2932897;  // 10000-01-01: the day after the last day the runtime knows
  // The holiday calendar for `duration of … <= N working days` (null: weekends only).
  const clx_calendar* calendar = nullptr;
};

// The days of [start, end) inside the observation window (an open end runs to the window's end):
// how every punishment-day and excess day is counted.
std::int64_t days_within(ir::Day start, const std::optional<ir::Day>& end, const Options& window);

struct Finding {
  Kind kind = Kind::NoBasis;
  enum class Item : std::uint8_t { Listing, Measure, Stack } item = Item::Measure;
  std::int32_t index = -1;    // Timeline::listings or Timeline::measures; Stack: -1
  std::int32_t list = -1;     // Policy::lists (Listing)
  std::int32_t measure = -1;  // Policy::measures (Measure; Stack: the measure whose start broke the limit)
  ir::Day start = 0;          // the item's interval (Stack: the run of days)
  std::optional<ir::Day> end;
  ir::Day excess_start = 0;   // the days counted: [excess_start, excess_end), inside the window
  ir::Day excess_end = 0;
  std::int64_t excess_days = 0;  // excess_end - excess_start, always >= 1
  std::int32_t limit = -1;    // Policy::limits, or -1 for a rule of the policy or a built-in principle
  std::string limit_label;    // the limit in words (also when `limit` is -1)
  ir::Basis limit_basis;      // its citations
  ir::Basis basis;            // the effect's citations (the item's cause)
  std::string what;           // one plain sentence
  std::vector<std::string> explanation;  // the chain of causes, one plain sentence each
};

// The citations of a chain as findings write them, grouped by document with each title once
// ("spc_defaulters art 1 item 1, art 3 — Provisions of …"), made once per chain: a simulation
// cites the same few chains in millions of findings. One per thread; optional everywhere.
class CitationWords {
 public:
  struct Words {
    std::string sentence;  // the documents joined by "; ", or "none"
    std::string json;      // a JSON array with one string per document
  };
  const Words& operator()(const ir::Basis& basis);
  // Forgets every chain once there are more than a run's policy can have (a caller may pass
  // chains made on the fly). Only between entities: it invalidates the words handed out.
  void trim();

 private:
  static constexpr std::size_t kMostChains = 4096;
  std::map<const void*, std::pair<ir::Basis, Words>> chains_;  // each chain kept alive with its words
};

// The findings of one entity: its history and its timeline (own items and the measure intervals
// reached from related entities, Source::Reach, appended by ir::apply_reach). A timeline with
// run errors gives no findings. Ordered by kind, then item start, then item index.
std::vector<Finding> compute(const ir::Policy& policy, const ir::History& history, const ir::Timeline& timeline,
                             const Options& options = {}, CitationWords* words = nullptr);

// Excess-day buckets of a finding: 1–30, 31–90, 91–365, 366–730, 731–1825, more than 1825 days.
inline constexpr int kBuckets = 6;
int bucket(std::int64_t excess_days);

struct Metrics {
  std::int64_t entities = 0;
  std::int64_t entities_punished = 0;      // at least one measure day in the window
  std::int64_t punishment_days = 0;        // sum of the days of every measure interval in the window
  std::int64_t excess_days = 0;            // sum of every finding's excess days
  std::int64_t entity_days_in_excess = 0;  // per entity, the days covered by at least one finding
  std::int64_t findings = 0;
  struct KindRow { std::int64_t findings = 0, entities = 0, excess_days = 0; bool operator==(const KindRow&) const = default; };
  std::array<KindRow, kKinds> by_kind{};
  struct MeasureRow { std::int64_t entities = 0, punishment_days = 0, findings = 0, excess_days = 0; bool operator==(const MeasureRow&) const = default; };
  std::map<std::string, MeasureRow> by_measure;  // by the measure's name
  struct AuthorityRow { std::int64_t findings = 0, excess_days = 0; bool operator==(const AuthorityRow&) const = default; };
  std::map<std::string, AuthorityRow> by_authority;
  struct EntityKindRow { std::int64_t entities = 0, punished = 0, findings = 0; bool operator==(const EntityKindRow&) const = default; };
  std::map<std::string, EntityKindRow> by_entity_kind;  // by the kind's name
  struct YearRow { std::int64_t entities_punished = 0, punishment_days = 0, findings = 0, excess_days = 0; bool operator==(const YearRow&) const = default; };
  std::map<std::int32_t, YearRow> by_year;
  std::array<std::int64_t, kBuckets> excess_distribution{};

  // One entity: `findings` must be compute(policy, history, timeline, options).
  void add(const ir::Policy& policy, const ir::History& history, const ir::Timeline& timeline,
           const std::vector<Finding>& findings, const Options& options = {});
  void merge(const Metrics& other);
  bool operator==(const Metrics&) const = default;
};

// The authority a finding is counted under: the measure's, or this text for a listing.
inline constexpr const char* kListingAuthority = "(listing: no authority stated)";

// One line of findings.jsonl (no line break at the end), appended to `out` or as a string of its
// own. Schema: README.md.
void finding_json(std::string& out, const ir::Policy& policy, const ir::History& history, const Finding& finding,
                  CitationWords* words = nullptr);
std::string finding_json(const ir::Policy& policy, const ir::History& history, const Finding& finding,
                         CitationWords* words = nullptr);
// The metrics object (report.json's "metrics"). Schema: README.md.
std::string metrics_json(const ir::Policy& policy, const Metrics& metrics);

}  // namespace credlex::findings
