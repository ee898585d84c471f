// The checker's shared state, split over several files by concern:
//   declare.cpp  symbol tables            expr.cpp    expression types and name resolution
//   check.cpp    declarations and tests    graph.cpp   rule dependency cycles (Boost.Graph)
//   proportion.cpp refinement and the limits that can be decided without data
//   list_limits.cpp No. 49 item (7): a way off every list, the rank of the documents creating it
//   lifetime.cpp measures `for life` against the limits (G12)
// Private to the sema layer.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/sema/graph.h"
#include "compiler/sema/model.h"

namespace credlex::sema {

using namespace syntax;

// What the expression being typed may refer to.
struct Scope {
  Module* module = nullptr;
  std::vector<std::pair<std::string, Type>> binders;  // `on E e`: e is an event
  const Type* cause = nullptr;  // null: `cause` is not available here
  const Type* self = nullptr;   // null: `self` is not available here
  bool limits = false;          // `seriousness` is available (inside `limits`)
  std::vector<const EventDecl*> implicit_event;  // inside `where`: bare names are its fields
  int owner = -1;               // dependency-graph vertex of the rule being checked
  bool named_condition = false; // inside the body of a `condition`: only its parameters are known
  bool seriousness_clause = false;  // inside an event's `seriousness`: `x.seriousness` would read itself
  // Names written elsewhere in the rule that are not known here, with why (for the diagnostic).
  std::vector<std::pair<std::string, std::string>> hidden;
};

// Bounds of a duration in days, for comparisons that must hold whatever the calendar does.
// Exact when the duration is stated in one kind of unit (`months` counts years as 12 months).
struct DayBounds {
  std::int64_t low = 0, high = 0;
  std::optional<std::int64_t> months, days;
};

// "limits `framework` of national_principles: <the principle in plain words> (basis: …)": which
// limits a diagnostic applies, for its message.
std::string against(const LimitsDecl& lim, const LimitClause& c, const Module* m);
// "a, b or c".
std::string one_of(const std::vector<std::string>& words);
// Whether a basis cites a document of one of `ranks` (one suffices), with the cited documents
// and the ranks wanted in words for the diagnostic.
struct BasisRank {
  bool enough = false;
  std::string cited;   // "`a` is a normative document; `b` is of no stated rank"
  std::string wanted;  // "law, administrative regulation or local regulation"
};
BasisRank basis_rank(const Module& m, const Basis& b, const std::vector<Name>& ranks);
// "5 years", "18 months", "30 days": a duration as a lawyer would say it.
std::string describe_days(const DayBounds& b);

// Reports every name of `items` (named by `key`) after its first occurrence.
template <class Items, class Key>
void report_duplicates(diag::Sink& sink, const Items& items, Key key) {
  std::map<std::string, SourceRange> seen;
  for (const auto& item : items) {
    const Name& n = key(item);
    auto [it, inserted] = seen.try_emplace(n.text, n.range);
    if (!inserted) {
      auto& d = sink.report<diag::kind::DuplicateName>(n.range, n.text);
      diag::with_note(d, it->second, "`" + n.text + "` is first declared here");
    }
  }
}

// `self is K` tests among the `and` parts of a condition.
void kind_tests(const Expr& e, std::vector<const Expr*>& out);

// "limits `framework` of P: <principle in plain words> (basis: …)", the end of every E07 message.
std::string against(const LimitsDecl& lim, const LimitClause& c, const Module* m);

// Two declarations name the same law when they are one declaration, or when their official
// titles agree: the principles and the basic list each declare the Food Safety Law, and neither
// file may use the other (the basic list uses the principles). (lifetime.cpp)
bool same_law(const DocumentDecl& a, const DocumentDecl& b);
// Whether `cited` lies within `part` of the same document: as far as `part` goes, the same article,
// paragraph and item (`art 135` covers `art 135 para 2`; no article covers a citation of the whole
// document). (lifetime.cpp)
bool within(const Citation& part, const Citation& cited);

// Why a restoration block can never grant (no `eligible` or no `on … decide` rule), or "" when it
// can (list_limits.cpp).
std::string cannot_grant(const RestorationDecl& r);

// Why a refinement lasting `mine` is broader than the `theirs` it refines, when one of them is
// `for life` and no other rule says so (lifetime.cpp); nothing when it is not broader.
std::optional<std::string> life_broadens(MeasureDuration::Kind theirs, MeasureDuration::Kind mine, const std::string& refined);
bool is_builtin_type(std::string_view name);

// The names as spelled, for "did you mean" (diag::suggest).
inline std::vector<std::string> spellings(const std::vector<Name>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) out.push_back(n.text);
  return out;
}
inline std::vector<std::string> spellings(const std::vector<FieldDecl>& fields) {
  std::vector<std::string> out;
  for (const auto& f : fields) out.push_back(f.name.text);
  return out;
}

// The category of measures that only publish information (No. 49 and NDRC Order 36 govern
// publication apart from lists); a refinement keeps the category of the national measure it
// refines (E0504).
inline constexpr std::string_view kPublication = "disclosure";
// The category of a record in the credit reporting system (Credit Reporting Regulations).
inline constexpr std::string_view kCreditRecord = "credit_record";

class Checker {
 public:
  Checker(Model& model, diag::SourceManager& sources, diag::Sink& sink, const CheckOptions& options)
      : model_(model), sources_(sources), sink_(sink), options_(options) {}
  void run();

  // ----- declare.cpp -----
  void declare(Module& m);
  // For "did you mean": the names a file declares of these kinds, and what a bare name in an
  // expression can be in it (parameters, enum choices, seriousness levels).
  static std::vector<std::string> symbol_names(const Module* m, std::initializer_list<Symbol::Kind> kinds);
  std::vector<std::string> value_names(Module* m);
  // The hint of an unknown name: the name in a used file (`alias.name`), or a near declared one.
  void suggest_name(diag::Diagnostic& d, Module* m, const QualifiedName& q, std::initializer_list<Symbol::Kind> wanted);
  void suggest_in_files(diag::Diagnostic& d, Module* m, const std::string& alias, const std::string& name,
                        const std::function<std::vector<std::string>(Module*)>& names_in,
                        const std::vector<std::string>& local_extra = {});
  const Symbol* lookup(Module* m, const QualifiedName& q, std::initializer_list<Symbol::Kind> wanted,
                       const std::string& what);
  const Symbol* find_kind(Module* m, const std::string& name);  // entity kinds: by name, across uses
  // A kind declared in several files is one kind: these look through all its declarations.
  const FieldDecl* find_attribute(const std::string& kind, const std::string& name, Module** owner);
  const RelationDecl* find_relation(const std::string& kind, const std::string& name);
  std::vector<FieldDecl> all_attributes(const std::string& kind);
  const SeriousnessDecl* scale(Module* m);                      // the scale in force for m
  // m and what it uses, transitively, in breadth-first order; made once per module (the uses do
  // not change while checking), so a long chain of uses costs its length once, not at every lookup.
  const std::vector<Module*>& reachable(Module* m);

  // ----- local_params.cpp: parameters a file that uses this one may set within a range -----
  void check_param_range(const syntax::ParamDecl& d);               // `within LOW .. HIGH`
  void check_within(const syntax::Expr& value, const syntax::Range& r, const std::string& name);
  void check_param_set(Module& m, const syntax::ParamDecl& d);      // `param alias.x = …`
  void check_params_set();  // once all files are checked: ranges over time, one file, one value a date

  // ----- expr.cpp -----
  Type type_of(const Expr& e, Scope& scope);
  Type expect(const Expr& e, Scope& scope, TypeKind kind, const char* wanted);
  Type resolve_type(Module* m, const TypeRef& t);
  const EnumDecl* enum_with_value(const Module* m, const std::string& value);
  Type param_type(const Symbol& param);
  void type_params_in_order();
  Type field_type(const EventDecl& event, const std::string& field, Module* m);

  // ----- check.cpp -----
  void check_module(Module& m);
  void require_basis(const Basis& b, Module* m, const std::string& what, const Name& name, SourceRange at);
  void check_basis(const Basis& b, Module* m);
  void check_rank(const Name& rank);  // E0320 unless one of legal_ranks()
  void check_conditions(const std::vector<Condition>& cs, Scope& scope);
  void check_list(Module& m, const ListDecl& l);
  void check_named_condition(Module& m, const ConditionDecl& c);
  // The types of a named condition's parameters (an event parameter: that event; otherwise as a field).
  const std::vector<Type>& condition_parameters(Module* m, const ConditionDecl& c);
  Type call_condition(const Expr& call, const Symbol& condition, Scope& scope);
  void self_not_available(SourceRange at, const std::string& what, const Scope& scope);  // E0312
  void check_measure(Module& m, const MeasureDecl& d);
  void check_restoration(Module& m, const RestorationDecl& r);
  void check_grade(Module& m, const GradeDecl& g);
  void check_limits(Module& m, const LimitsDecl& l);
  void check_test(Module& m, const TestDecl& t);
  void check_duration(const Expr* e, Scope& scope, const char* what);
  // `low_may_be_zero`: the range bounds an authority's choice (`for x.period within 0 months ..
  // 3 months`), where choosing nothing is lawful; a fixed period of zero is a drafting mistake.
  void check_period(const Range& span, Scope& scope, const char* what, bool low_may_be_zero = false);
  Type event_type(const Symbol* event_symbol);
  const EventDecl* event_of(const Symbol* s) { return s ? static_cast<const EventDecl*>(s->decl) : nullptr; }
  Type cause_type(Module& m, const ListDecl& l);
  std::vector<std::pair<Module*, const RestorationDecl*>> restorations_of(const ListDecl& l);
  void check_restored_trigger(Module& m, const ListDecl& l, const ListRule& r, const std::vector<std::string>& kinds);
  void check_event_fits_list(const Symbol* ev, SourceRange where, const std::vector<std::string>& kinds);
  std::vector<const Symbol*> conduct_events(Module& m, const ListRule& r);
  Type deciding_events(Module& m, const QualifiedName& list);

  // ----- proportion.cpp -----
  void check_refinements_and_limits();
  std::optional<DayBounds> day_bounds(const Expr& e, Module* m, int depth = 0);
  MeasureFacts measure_facts(Module& m, const MeasureDecl& d);
  std::optional<DayBounds> measure_days(Module& m, const MeasureDecl& d);
  std::optional<DayBounds> longest_of(const Range& span, Module* m);
  std::optional<DayBounds> listing_days(Module& m, const ListDecl& l, const ListRule& include);
  bool listings_within(Module& m, const MeasureDecl& d, const DayBounds& bound);
  // The framework's closed basic list, the rank of a measure's basis and the lists the law
  // allows (No. 49 items (6), (7); Basic List Explanation point 3), against the limits in force.
  using LimitsInForce = std::vector<std::pair<const LimitsDecl*, Module*>>;
  // The first clause of a kind in force, for the limits whose one clause says all (a second says
  // the same, and one diagnostic for one fault is enough).
  struct ClauseInForce {
    const LimitsDecl* limits;
    const LimitClause* clause;
    const Module* module;
    std::string against() const { return sema::against(*limits, *clause, module); }
  };
  static std::optional<ClauseInForce> first_clause(const LimitsInForce& limits, LimitClause::Kind kind) {
    for (auto [l, mod] : limits)
      for (const auto& c : l->clauses)
        if (c.kind == kind) return ClauseInForce{l, &c, mod};
    return std::nullopt;
  }
  bool national_basic_list(const Module& m, const LimitsInForce& limits);
  void check_basic_list_only(Module& m, const LimitsInForce& limits);
  void check_measure_rank(Module& m, const MeasureDecl& d, const LimitsInForce& limits);
  void check_list_fields(Module& m, const ListDecl& l, const SeriousnessDecl* scale, const LimitsInForce& limits);
  // lifetime.cpp: a measure `for life` against `duration of measure <= D` (E0702) and
  // `measures for life only under …` (E0709).
  void check_lifetime(Module& m, const MeasureDecl& d, const LimitsInForce& limits);
  // authorisation.cpp: `measures only as their basis authorises` (E0715; G13).
  void check_measure_authorised(Module& m, const MeasureDecl& d, const LimitsInForce& limits);
  // linkage.cpp: `measures follow the field of the conduct` (E0713, E0714; G17).
  void check_field_linkage(Module& m, const MeasureDecl& d, const LimitsInForce& limits);
  struct Conduct {
    const Symbol* event;
    std::string via;  // "through list `L`", "in its `applies to` condition", …
  };
  std::vector<Conduct> conduct_leading_to(Module& m, const MeasureDecl& d);
  struct ConductFields {
    bool found = true;                        // false: a refined name is not a measure
    const MeasureDecl* stated_by = nullptr;   // the measure whose `for conduct in` applies
    std::optional<Name> category;             // its own, else the refined measure's
  };
  ConductFields conduct_fields(Module& m, const MeasureDecl& d);
  void list_conduct(const Symbol& list, std::vector<Conduct>& out, std::vector<const ListDecl*>& seen, const std::string& outer);
  void required_conduct(Module& m, const Expr& e, const std::string& via, std::vector<Conduct>& out,
                        std::vector<const ListDecl*>& seen);

  // ----- list_limits.cpp -----
  void check_list_item7(Module& m, const ListDecl& l, const LimitsInForce& limits);
  // W0712: an include rule whose period is read from the data, under `duration of listing <= D`.
  void warn_period_on_data(const ListDecl& l, const ListRule& include, const LimitsInForce& limits);
  void check_way_off(const ListDecl& l, const LimitsDecl& lim, const LimitClause& c, Module* lm);
  void check_list_rank(Module& m, const ListDecl& l, const LimitsDecl& lim, const LimitClause& c, Module* lm);

  const Symbol* resolve(Module* m, const QualifiedName& q);  // like lookup, but reports nothing
  int vertex(const Symbol& s);

  Model& model_;
  diag::SourceManager& sources_;
  diag::Sink& sink_;
  const CheckOptions& options_;
  DependencyGraph graph_;
  std::map<const void*, int> vertices_;
  std::map<const Symbol*, Type> param_types_;
  std::set<const Symbol*> params_in_progress_;
  std::map<const ConditionDecl*, std::vector<Type>> condition_parameters_;
  std::map<const Module*, std::set<std::string>> restored_lists_;
  std::set<const EventDecl*> events_without_field_;  // E0714 said once per event
  // Indexes built once by declare(), so that name resolution stays linear in the policy's size.
  std::map<const void*, Module*> owner_;                              // declaration → its module
  std::map<const Module*, std::map<std::string, const EnumDecl*>> enum_values_;  // choice → enum
  std::map<const Module*, const SeriousnessDecl*> scales_;
  std::unordered_map<const Module*, std::vector<Module*>> reachable_;
  // The values set for each used file's parameter, with the setting file (check_params_set).
  std::map<const Symbol*, std::vector<std::pair<const syntax::ParamDecl*, const Module*>>> params_set_;
  std::set<std::string> relations_;                                   // every declared relation
  std::map<std::string, std::vector<const EntityDecl*>> entities_;    // kind name → every declaration
};

}  // namespace credlex::sema
