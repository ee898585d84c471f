// The policy IR: the checked model with every name resolved to an index, every `unless` folded
// into its rule's condition, and every temporal operation explicit (inclusion, extension,
// removal, restoration decision, measure derivation, grade, dated parameter lookup, history
// aggregate). The reference interpreter (interpret.h) gives it its meaning; README.md in this
// folder is the seed of the semantics chapter.
//
//   lower(model) → Policy        print(policy) → text (`--emit=ir`)
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/basis.h"
#include "compiler/sema/model.h"

namespace credlex::ir {

// A calendar day: days since 1970-01-01 (runtime/include/credlex/civil_date.h).
using Day = std::int32_t;
inline constexpr Day kBeginning = std::numeric_limits<Day>::min();  // a param version without `from`

// Index of an expression node in Policy::nodes; kNoExpr where the clause is absent.
using ExprId = std::int32_t;
inline constexpr ExprId kNoExpr = -1;

// ---------------------------------------------------------------------------------------------
// Values

// Years are lowered to 12 months: a duration has one of three units that never mix.
enum class Unit : std::uint8_t { Days, WorkingDays, Months };

enum class ValueKind : std::uint8_t { Bool, Int, Decimal, Money, Text, Date, Duration, Choice, Level, Event, Entity };

// A typed value. Which members mean something depends on `kind`:
//   Bool      i = 0 or 1              Int       i
//   Decimal   i / 10^scale            Money     i in 1/10000 of the currency unit, text = currency
//   Text      text                    Date      i = Day
//   Duration  i amount of `unit`      Choice    i = choice index of enum `index`
//   Level     i = rank on the seriousness scale (1 = lightest), text = level name
//   Event     i = index of the event in the history          Entity  the entity itself
struct Value {
  ValueKind kind = ValueKind::Bool;
  std::int64_t i = 0;
  std::int32_t scale = 0;  // Decimal
  Unit unit = Unit::Days;  // Duration
  std::int32_t index = 0;  // Choice: the enum
  std::string text;        // Text; Money: currency ("" for a sum of nothing); Level: name

  static Value boolean(bool b) { Value v; v.kind = ValueKind::Bool; v.i = b; return v; }
  static Value integer(std::int64_t n) { Value v; v.kind = ValueKind::Int; v.i = n; return v; }
  static Value decimal(std::int64_t mantissa, std::int32_t scale) { Value v; v.kind = ValueKind::Decimal; v.i = mantissa; v.scale = scale; return v; }
  static Value money(std::int64_t units, std::string currency) { Value v; v.kind = ValueKind::Money; v.i = units; v.text = std::move(currency); return v; }
  static Value of_text(std::string s) { Value v; v.kind = ValueKind::Text; v.text = std::move(s); return v; }
  static Value date(Day d) { Value v; v.kind = ValueKind::Date; v.i = d; return v; }
  static Value duration(std::int64_t amount, Unit u) { Value v; v.kind = ValueKind::Duration; v.i = amount; v.unit = u; return v; }
  static Value choice(std::int32_t enum_index, std::int64_t choice) { Value v; v.kind = ValueKind::Choice; v.index = enum_index; v.i = choice; return v; }
  static Value level(std::int64_t rank, std::string name) { Value v; v.kind = ValueKind::Level; v.i = rank; v.text = std::move(name); return v; }
  static Value event(std::int64_t index) { Value v; v.kind = ValueKind::Event; v.i = index; return v; }
  static Value entity() { Value v; v.kind = ValueKind::Entity; return v; }
  bool operator==(const Value&) const = default;
};

inline constexpr std::int64_t kMoneyUnitsPerWhole = 10000;

// ---------------------------------------------------------------------------------------------
// Expressions: a tree of nodes in one array, operands by index.

enum class Op : std::uint8_t {
  Const,      // value
  Param,      // index = param; the version in force on the evaluation date
  Current,    // the event being applied (the rule's `on EVENT e`)
  Cause,      // the event that opened the listing being evaluated
  Local,      // index = slot: the event an aggregate is looking at (its `x`, or implicit in `where`)
  Self,       // the entity
  Field,      // args[0] an event; `slots[event type]` is the field (kDateSlot: its date)
  Attribute,  // args[0] the entity; `slots[kind]` is the attribute
  IsKind,     // args[0] the entity; index = kind
  Listed,     // index = list: the entity has an open listing on it
  Not, Negate,
  Add, Sub, Mul, Div, Eq, Ne, Lt, Le, Gt, Ge,
  And, Or,    // short-circuit, left to right
  If,         // args = condition, then, else
  // History aggregates over the visible events of type `index`, each bound to slot `local`,
  // filtered by `where`, within (d − within, d]. Sum adds `slots[index]` of each.
  Count, Exists, Sum, Latest, First,
  IsEvent,    // args[0] `cause`; index = event type: the event that opened the listing is one
};

inline constexpr std::int32_t kDateSlot = -1;    // `e.date`
inline constexpr std::int32_t kAbsentSlot = -2;  // the event type / kind has no such field

struct Node {
  Op op = Op::Const;
  std::vector<ExprId> args;
  Value value;                  // Const
  std::int32_t index = -1;      // Param, Local, IsKind, IsEvent, Listed, aggregates (event type)
  std::int32_t local = -1;      // aggregates
  ExprId where = kNoExpr;       // aggregates
  ExprId within = kNoExpr;      // aggregates
  std::string name;             // Field, Attribute, Sum: the field's name
  std::vector<std::int32_t> slots;  // Field, Sum: per event type; Attribute: per kind
};

// ---------------------------------------------------------------------------------------------
// Declarations

struct FieldType {
  std::string name;
  ValueKind kind = ValueKind::Bool;
  std::string currency;     // Money: "" when any currency is allowed
  std::int32_t index = -1;  // Choice: the enum
};

struct Kind {
  std::string name;
  std::vector<FieldType> attributes;
};

struct Relation {  // relations are global by name
  std::string name;
  std::int32_t from = -1, to = -1;  // kinds
};

struct Enum {
  std::string name;  // qualified as in sema: `policy.enum` for a used file's enum
  std::vector<std::string> choices;
};

struct EventType {
  std::string name;
  std::vector<std::int32_t> kinds;  // empty: any kind
  std::vector<FieldType> fields;    // slot = position
  ExprId seriousness = kNoExpr;     // Current is the event itself
};

struct ParamVersion {
  Day from = kBeginning;
  ExprId value = kNoExpr;
  Basis basis;
};

struct Param {
  std::string name;
  std::vector<ParamVersion> versions;  // by `from`, ascending
};

// `low` or `low .. high`. The interpreter applies `low` (the least the law requires); `high` is
// the legal maximum, checked by the simulator.
// `next_day`: the file says `periods count from the next day` (Civil Code Arts 201-202): the
// period does not count its start day and its last day is the corresponding day, so a period D
// from day s covers [s, calendar::add(s, D) + 1 day) (see next_day_end); a period of zero length
// stays empty.
struct Span {
  ExprId low = kNoExpr, high = kNoExpr;
  bool next_day = false;
};

struct ListRule {
  enum class Kind : std::uint8_t { Include, Extend, Remove } kind = Kind::Include;
  std::int32_t number = 0;  // 1-based among the rules of its kind in the list
  std::int32_t event = -1;  // trigger; -1 for `include on restored(L)`
  // `include on restored(L)`: the list L (Policy::lists) whose granted restoration opens the
  // listing, on the event that decided it; -1 otherwise.
  std::int32_t restored = -1;
  ExprId condition = kNoExpr;  // `when`s and `not unless`s, in source order, joined by `and`
  bool separately = false;
  bool until_removed = false;  // include: no fixed end
  Span span;                   // include `for`, extend `by` (the law's range)
  ExprId chosen = kNoExpr;     // include `for x.period within …`, extend `by x.period within …`: the
                               // authority's choice, read from the event
  ExprId delay = kNoExpr;      // include `starting after D`: the listing starts D after its event
  ExprId deadline = kNoExpr;   // remove `within`; include `then remove within` (after the period)
  Basis basis;                 // the rule's own, then the list's
  std::string label;           // "list judgment_defaulters, include rule 2"
  // For explanations: the conditions as written (`when a unless b`) and where the rule is.
  std::string conditions_text;
  diag::SourceRange range;
};

struct List {
  std::string name, title;
  std::vector<std::int32_t> kinds;
  Basis basis;
  std::vector<ListRule> includes, extends, removes;
};

struct Restoration {
  std::int32_t list = -1;
  Basis basis;
  // `conditions_text` and `range` are for explanations: the conditions as written, the rule's place.
  struct Eligible { Span after; ExprId condition = kNoExpr; Basis basis; std::string label; std::string conditions_text; diag::SourceRange range; };
  // within: the deadline of the decision; removal: `then remove within`, the authority's time to
  // delete the listing after a grant (counted from the decision); extension: `extend by D on E x
  // when C`, D more time to decide once an event of type extension_event for which C holds (x the
  // event, `cause` the listing's) is recorded before the deadline.
  struct Decide {
    std::int32_t event = -1;
    ExprId within = kNoExpr;
    ExprId removal = kNoExpr;
    ExprId extension = kNoExpr;
    std::int32_t extension_event = -1;
    ExprId extension_condition = kNoExpr;
    Basis basis;
    std::string label;
    diag::SourceRange range;
  };
  struct Never { ExprId condition = kNoExpr; Basis basis; std::string label; std::string conditions_text; diag::SourceRange range; };
  std::vector<Eligible> eligible;
  std::vector<Decide> decide;
  std::vector<Never> never;
};

struct Target {
  enum class Kind : std::uint8_t { Members, Grade, EntityKind } kind = Kind::Members;
  std::int32_t index = -1;           // list, grade or kind
  std::vector<std::int32_t> levels;  // Grade
};

struct Measure {
  std::string name, title, category, authority;
  std::int64_t severity = 0;
  bool applied = true;       // false: a template of a basic list, applied only through refinements
  std::int32_t refines = -1;
  Basis basis;               // own, then the refined measure's chain
  std::vector<Target> targets;
  ExprId condition = kNoExpr;
  std::vector<std::string> reaches;  // not yet applied by the interpreter
  // Life (`for life`): no end date; neither the source's end, its removal nor restoration ends it.
  // AfterListing (`while listed and for D after`): open while the source is in force; when it
  // ends, the measure lasts D more, counted from the source's end as `for` counts (G5).
  enum class Duration : std::uint8_t { WhileListed, For, UntilRestored, Life, AfterListing } duration = Duration::WhileListed;
  Span span;  // For, AfterListing
  std::string conditions_text;  // for explanations: the `applies to` conditions as written
  diag::SourceRange range;      // the declaration
};

struct Grade {
  std::string name, title;
  std::vector<std::int32_t> kinds;
  std::vector<std::string> levels;  // best first
  Basis basis;
  struct Rule { std::int32_t level = -1; ExprId condition = kNoExpr; Basis basis; std::string conditions_text; };
  std::vector<Rule> rules;
  std::int32_t fallback = -1;
};

// A clause of a `limits` block in force for the policy: the root file's and those of every file it
// uses (transitively), in the order sema's `reachable()` visits the files, each block's clauses in
// source order. The numbers are folded when lowering; a bound that cannot be folded (a parameter
// with several versions, an expression other than + - * of whole numbers and `seriousness`) is
// kept with `folded = false` and checks nothing (the simulator's findings skip it).
struct Limit {
  enum class Kind : std::uint8_t {
    Severity,            // severity <= f(seriousness)
    MeasureDuration,     // duration of measure <= D
    ListingDuration,     // duration of listing <= D
    ConcurrentSeverity,  // concurrent severity <= N
    ConcurrentMeasures,  // concurrent measures <= N
    ReachOnly,           // reach only R, …
    ReachNone,           // reach none
    BasicListOnly,       // basic list only "PATH"
    MeasureRank,         // measure basis rank RANK, …
    ListFields,          // lists only in fields F, … [for seriousness >= LEVEL]
    ListRemoval,         // lists need removal conditions
    ListRank,            // lists only created by rank RANK, …
    LifeOnly,            // measures for life only under CITATION, …
    FieldLinkage,        // measures follow the field of the conduct (checked by `credlex check`)
    Authorised,          // measures only as their basis authorises (checked by `credlex check`)
  } kind = Kind::Severity;
  bool folded = true;
  // Severity: the highest severity allowed for conduct of seriousness rank r (1 = lightest) is
  // max_severity[r - 1]; one entry per level of Policy::scale.
  std::vector<std::int64_t> max_severity;
  std::optional<Value> duration;   // MeasureDuration, ListingDuration: a Value::duration
  std::int64_t number = 0;         // ConcurrentSeverity, ConcurrentMeasures
  // ReachOnly: the relations allowed (ReachNone: empty); MeasureRank, ListRank: the ranks;
  // ListFields: the fields; BasicListOnly: the path as written; LifeOnly: the articles that may
  // impose a measure for life, as written (the checker has verified every measure for life
  // against them).
  std::vector<std::string> names;
  std::int64_t level = 0;          // ListFields: rank of `for seriousness >= LEVEL` (0: none)
  Basis basis;                     // the clause's citations, then the block's
  std::string block;               // the block's name ("" when it has none)
  std::string policy;              // the policy (file) that declares it
  // "limits `framework` of national_principles: severity <= seriousness + 1"
  std::string label;
};

struct Policy {
  std::string name, title, version;
  Day effective = kBeginning;
  std::vector<std::string> scale;  // seriousness levels, lightest first
  std::vector<Kind> kinds;
  std::vector<Relation> relations;
  std::vector<Enum> enums;
  std::vector<EventType> events;
  std::vector<Param> params;
  std::vector<List> lists;
  std::vector<Restoration> restorations;
  std::vector<Measure> measures;
  std::vector<Grade> grades;
  std::vector<Limit> limits;  // every clause in force (see Limit)
  std::vector<Node> nodes;
  std::int32_t locals = 0;  // aggregate slots needed (deepest nesting)

  // Name lookups for history builders; -1 when absent.
  std::int32_t event_index(const std::string& name) const;
  std::int32_t kind_index(const std::string& name) const;
  std::int32_t list_index(const std::string& name) const;
  std::int32_t measure_index(const std::string& name) const;
  std::int32_t grade_index(const std::string& name) const;
  std::int32_t relation_index(const std::string& name) const;
  std::int32_t field_slot(std::int32_t event, const std::string& field) const;
  // The choice `value` of the enum named `enum_name` (qualified as in Enum::name).
  bool choice(const std::string& enum_name, const std::string& value, Value& out) const;
};

// Lowers a model that checked without errors. Every name resolves (the checker saw to it).
Policy lower(const sema::Model& model);

// A money literal's digits as 1/10000 units (the IR's money), rounding half away from zero
// beyond four decimals; used by lowering and by `credlex test` for test records.
std::int64_t money_units(const syntax::Decimal& d);

// The IR as text: declarations with their indices, expressions in prefix form.
std::string print(const Policy& policy);
std::string print_expr(const Policy& policy, ExprId e);
std::string to_string(const Policy& policy, const Value& v);
std::string date_text(Day d);
// The type's word: "bool", "int", "decimal", "money", "text", "date", "duration", "choice",
// "level", "event", "entity".
const char* kind_name(ValueKind kind);

}  // namespace credlex::ir
