// Guobanfa [2020] No. 49 item (7) [S], as two limits on lists:
//   `lists need removal conditions`  — every list states how an entity gets off it (E0710);
//   `lists only created by rank …`   — the documents that create a list are of a rank the
//                                      limits name (W0711).
//
// What counts as a way off is read from the rules as written, not from what their conditions
// can do: a `remove` rule is a removal condition the authority has stated even if its condition
// can never hold in practice. Deciding that would need the data (and a solver), and a lawyer
// reading the list sees the stated condition; whether it is reachable is a question for tests
// and the simulator, not for this check.
#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace credlex::sema {
namespace {

// Include rules whose listing has no fixed end (`until removed`). A rule with no period at all
// is already E0505 and is left out, so that one mistake gives one error.
std::vector<const ListRule*> open_ended(const ListDecl& l) {
  std::vector<const ListRule*> out;
  for (const auto& r : l.rules)
    if (r.kind == ListRule::Kind::Include && r.period_kind == PeriodKind::UntilRemoved) out.push_back(&r);
  return out;
}

bool has_rule(const ListDecl& l, ListRule::Kind kind) {
  return std::any_of(l.rules.begin(), l.rules.end(), [&](const ListRule& r) { return r.kind == kind; });
}

bool has_rule(const RestorationDecl& r, RestorationRule::Kind kind) {
  return std::any_of(r.rules.begin(), r.rules.end(), [&](const RestorationRule& x) { return x.kind == kind; });
}

}  // namespace

// A restoration is granted on an application (`on EVENT decide …`) when an `eligible` rule holds
// (the interpreter's rule, in compiler/ir/interpret.cpp); without either it grants nothing.
std::string cannot_grant(const RestorationDecl& r) {
  bool eligible = has_rule(r, RestorationRule::Kind::Eligible), decide = has_rule(r, RestorationRule::Kind::Decide);
  if (eligible && decide) return "";
  if (!eligible && !decide) return "it has no `eligible` rule and no `on … decide` rule";
  return eligible ? "it has no `on … decide` rule, so no application is ever decided"
                  : "it has no `eligible` rule, so every application is refused";
}

// No. 49 item (7): national lists rest on laws, administrative regulations, central policy
// documents or (where not yet possible) departmental rules; lists applied only in one locality on
// local regulations. `local lists only created by rank …` judges the lists declared `local`;
// `lists only created by rank …` the others, and the local ones too when no clause for local
// lists is in force.
void Checker::check_list_item7(Module& m, const ListDecl& l, const LimitsInForce& limits) {
  bool local_clause = false;
  for (auto [lim, lm] : limits)
    for (const auto& c : lim->clauses) local_clause |= c.kind == LimitClause::Kind::ListRank && c.local;
  for (auto [lim, lm] : limits)
    for (const auto& c : lim->clauses) {
      if (c.kind == LimitClause::Kind::ListRemoval) check_way_off(l, *lim, c, lm);
      bool applies = c.local ? l.local : !l.local || !local_clause;
      if (c.kind == LimitClause::Kind::ListRank && applies) check_list_rank(m, l, *lim, c, lm);
    }
}

// A list passes when every way onto it has a fixed period (`for …`; extensions are bounded), or
// it has a `remove` rule, or some file of the program restores from it with a restoration that
// can be granted. Restorations are looked for in every file checked together with the list, as
// the interpreter runs them.
void Checker::check_way_off(const ListDecl& l, const LimitsDecl& lim, const LimitClause& c, Module* lm) {
  auto endless = open_ended(l);
  if (endless.empty() || has_rule(l, ListRule::Kind::Remove)) return;
  std::vector<std::pair<SourceRange, std::string>> useless;  // restorations that grant nothing
  for (auto [rm, r] : restorations_of(l)) {
    std::string why = cannot_grant(*r);
    if (why.empty()) return;
    useless.emplace_back(r->list.range, "this restoration cannot end a listing: " + why);
  }
  auto& d = sink_.report<diag::kind::ListWithoutWayOff>(l.name.range, l.name.text, against(lim, c, lm));
  for (const ListRule* r : endless) diag::with_note(d, r->range, "a listing under this rule lasts until it is removed");
  for (const auto& [at, why] : useless) diag::with_note(d, at, why);
  diag::with_note(d, c.range, "the limit is set here");
  d.hint = "add a rule that ends the listing, e.g. `remove on obligation_performed p when p.case == cause.case`, a "
           "`restoration` for the list, or a period (`for 3 years`) on each `include` rule";
}

// The documents in a list's own `basis` are the ones that create it; one of a rank the limits
// name suffices, as for a measure's basis (E0705). Which clause judges which list:
// check_list_item7 (a `local` list by `local lists only created by rank …`).
void Checker::check_list_rank(Module& m, const ListDecl& l, const LimitsDecl& lim, const LimitClause& c, Module* lm) {
  if (!l.basis.present()) return;  // E0501
  BasisRank rank = basis_rank(m, l.basis, c.relations);
  if (rank.enough) return;
  auto& d = sink_.report<diag::kind::ListCreatorRank>(l.name.range, l.name.text, rank.wanted, against(lim, c, lm));
  diag::with_note(d, l.basis.range, "its basis: " + rank.cited);
  diag::with_note(d, c.range, "the ranks are set here");
  d.hint = "cite the law, regulation or rules that create the list in its `basis`; if there are none, whether the list "
           "may exist is for legal review";
}

// `for e.restriction_end - e.date` (SAMR Order 44 Art 21) has no bound before the data is seen,
// so `duration of listing <= D` cannot be checked here (G23). Said once per rule, for the first
// such limit in force; the simulator's over-duration compares every listing with every limit.
void Checker::warn_period_on_data(const ListDecl& l, const ListRule& include, const LimitsInForce& limits) {
  for (auto [lim, lm] : limits)
    for (const auto& c : lim->clauses) {
      if (c.kind != LimitClause::Kind::ListingDuration || !day_bounds(*c.bound, lm)) continue;
      auto& d = sink_.report<diag::kind::PeriodCheckedOnData>(include.span.range, l.name.text, against(*lim, c, lm));
      diag::with_note(d, c.range, "the limit is set here");
      return;
    }
}

}  // namespace credlex::sema
