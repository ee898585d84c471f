// What holds for one entity on one date, and why: the data behind `credlex decide`. Built from
// timelines the reference interpreter computed on the histories up to that date, so nothing that
// happens later is known. The renderers (render.h) print it as text or JSON; both show the same
// facts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/source.h"
#include "compiler/ir/interpret.h"
#include "compiler/ir/ir.h"

namespace credlex::explain {

using ir::Day;

// Why an item exists, in words: the event, the rule (and where it is written), the parameter
// values read, and the legal basis.
struct Reason {
  std::string rule;   // "list judgment_defaulters, include rule 1"
  std::string where;  // "policies/spc/judgment_defaulters_2017.clx:214", "" when unknown
  std::int32_t event = -1;
  std::string event_type;  // "" when there is no triggering event
  std::string event_origin;  // "population/events.jsonl:12" when the reader knows it
  Day event_date = 0;
  struct Value { std::string param, value; std::optional<Day> since; };
  std::vector<Value> values;
  ir::Basis basis;
};

// One way an item can end, with the earliest day it can take effect.
struct Way {
  enum class Kind : std::uint8_t {
    PeriodEnds,     // the fixed period runs out on `earliest`
    Removal,        // a removal rule, on an event
    Restoration,    // a granted restoration decision
    SourceEnds,     // the listing / grade level it follows ends (see the listing's ways)
    ConditionStops, // its conditions stop holding
    RelationEnds,   // a reached measure: the relation ends
  } kind = Kind::PeriodEnds;
  std::optional<Day> earliest;  // none: no date can be given (it depends on what happens)
  std::string event;            // the event type that must be recorded ("" for none)
  std::string conditions;       // as written in the policy
  std::string deadline;         // "3 working days": the authority's time to act
  std::string rule, where;
  ir::Basis basis;
  std::string note;             // e.g. "not before 2023-03-04: the minimum period" / "excluded when …"
  std::string removal;          // Restoration: `then remove within`, the time to delete after a grant
};

struct Decision {  // a restoration decision already taken on a listing
  Day date = 0;
  bool granted = false;
  std::string outcome;  // plain words
  std::optional<Day> deadline;
  std::string extended_by;  // ir::extension_text: the event that gave the authority longer (`extend by`)
  Reason reason;
};

struct ListingItem {
  std::string list, title;
  Day start = 0;
  std::optional<Day> end;
  std::optional<Day> legal_maximum;
  std::string extended;  // total extension so far, "" for none
  Reason reason;
  std::vector<Decision> decisions;
  std::vector<Way> ways;  // how the listing can end
  // Removal rules whose conditions cannot hold for this listing (they read `cause` or the history
  // and are false today whatever event comes): left out of `ways`, counted here.
  std::int32_t removals_not_applicable = 0;
};

struct MeasureItem {
  std::string measure, title, category, authority;
  std::int64_t severity = 0;
  Day start = 0;
  std::optional<Day> end;
  std::string lasts;  // "while listed", "for 5 years", "until restored"
  enum class Because : std::uint8_t { Listing, Grade, Kind, Reach } because = Because::Listing;
  std::int32_t listing = -1;  // Listing: index into Standing::listings; Reach: into `reached.listings`
  std::string grade, level;   // Grade
  struct Reached { std::string from, from_kind, relation; Day since = 0; std::optional<Day> until; std::string measure_lasts; } reached;
  Reason reason;
  std::vector<Way> ways;
  std::optional<Day> earliest_end;  // the earliest of the ways' dates; none when no way has one
};

struct GradeItem {
  std::string grade, title, level;
  Day start = 0;
  Reason reason;
};

struct Standing {
  std::string entity, kind;
  Day at = 0;
  std::vector<ListingItem> listings;     // in force on `at`
  // Listings whose event has happened but that start after `at` (`starting after D`): not yet in
  // force, but they will be unless something ends them first.
  std::vector<ListingItem> upcoming;
  std::vector<MeasureItem> measures;     // in force on `at`
  std::vector<GradeItem> grades;         // in force on `at`
  // Listings of related entities from which measures reach this one (Because::Reach).
  std::vector<ListingItem> reached_listings;
  std::vector<std::string> problems;     // run errors: the standing is incomplete
};

// Everything the standing needs; `histories` and `timelines` are parallel (as for ir::apply_reach)
// and were computed from events up to `at`. `origins` (optional, parallel to histories) gives each
// event's source line. `sources` (optional) turns rule locations into file:line.
struct Input {
  const ir::Policy& policy;
  const std::vector<ir::History>& histories;
  const std::vector<ir::Timeline>& timelines;
  std::size_t entity = 0;
  Day at = 0;
  const std::vector<std::vector<std::string>>* origins = nullptr;
  const diag::SourceManager* sources = nullptr;
  ir::RunOptions run;  // the calendar the timelines were computed with
};

Standing standing(const Input& in);

}  // namespace credlex::explain
