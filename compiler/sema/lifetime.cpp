// Measures `for life` (G12; Food Safety Law Art 135 [V]: a person sentenced to fixed-term
// imprisonment or more for a food-safety crime is barred from the food trade for life).
//
// `for life` has no end, so it is longer than any fixed bound: `duration of measure <= D`
// rejects it (E0702) unless the limits name the laws that alone may impose a measure for life,
// `measures for life only under food_safety_law art 135`; then a measure for life must rest on
// one of those articles (E0709), and the duration bound does not apply to it (the clause is the
// law's own exception to the bound, and one error for one fault is enough).
//
// `until restored` is not compared with the bound: it ends on the restoration the law provides,
// and whether a list offers a way off at all is the concern of the list-removal limits.
#include <fmt/format.h>

#include "compiler/sema/checker.h"
#include "compiler/syntax/print.h"

namespace credlex::sema {

bool same_law(const DocumentDecl& a, const DocumentDecl& b) { return &a == &b || (!a.title.empty() && a.title == b.title); }

bool within(const Citation& part, const Citation& cited) {
  auto covers = [](std::optional<std::int64_t> want, std::optional<std::int64_t> have) { return !want || want == have; };
  return covers(part.article, cited.article) && covers(part.paragraph, cited.paragraph) && covers(part.item, cited.item);
}

namespace {

bool same_document(const Symbol* a, const Symbol* b) {
  if (!a || !b || a->kind != Symbol::Kind::Document || b->kind != Symbol::Kind::Document) return false;
  return same_law(*static_cast<const DocumentDecl*>(a->decl), *static_cast<const DocumentDecl*>(b->decl));
}

// A citation of the measure falls under a permitted one when it cites the same law and lies
// within the permitted part.
bool cites(const Citation& permitted, const Module& limits_module, const Citation& cited, const Module& m) {
  return same_document(resolve(limits_module, permitted.document), resolve(m, cited.document)) && within(permitted, cited);
}

bool rests_on(const LimitClause& c, const Module& limits_module, const MeasureDecl& d, const Module& m) {
  for (const auto& permitted : c.under)
    for (const auto& cited : d.basis.citations)
      if (cites(permitted, limits_module, cited, m)) return true;
  return false;
}

// "food_safety_law art 135 or …", as the clause (or the measure) cites them.
std::string permitted_articles(const std::vector<Citation>& citations) {
  std::string out;
  for (std::size_t i = 0; i < citations.size(); ++i)
    out += (i == 0 ? "" : i + 1 == citations.size() ? " or " : ", ") + syntax::print(citations[i]);
  return out;
}

}  // namespace

std::optional<std::string> life_broadens(MeasureDuration::Kind theirs, MeasureDuration::Kind mine, const std::string& refined) {
  using K = MeasureDuration::Kind;
  if (mine != K::Life || theirs == K::Life) return std::nullopt;  // narrowing `for life` is always allowed
  switch (theirs) {
    case K::For: return fmt::format("it lasts for life, but `{}` lasts at most a fixed time", refined);
    case K::WhileListed: return fmt::format("it lasts for life, which outlasts the listing that ends `{}`", refined);
    case K::UntilRestored: return fmt::format("it lasts for life, even after the restoration that ends `{}`", refined);
    case K::AfterListing: return fmt::format("it lasts for life, but `{}` ends a fixed time after the listing", refined);
    case K::Life: break;
  }
  return std::nullopt;
}

void Checker::check_lifetime(Module& m, const MeasureDecl& d, const LimitsInForce& limits) {
  if (!d.duration || d.duration->kind != MeasureDuration::Kind::Life) return;
  bool life_clauses = false;
  for (auto [lim, lm] : limits)
    for (const auto& c : lim->clauses) {
      if (c.kind != LimitClause::Kind::LifeOnly) continue;
      life_clauses = true;
      if (rests_on(c, *lm, d, m) || !d.basis.present()) continue;  // no basis at all: E0501
      auto& diag = sink_.report<diag::kind::LifeWithoutBasis>(d.duration->range, d.name.text, permitted_articles(c.under), against(*lim, c, lm));
      diag::with_note(diag, d.basis.range, "its basis: " + permitted_articles(d.basis.citations));
      diag::with_note(diag, c.range, "the laws that may impose a measure for life are named here");
      diag.hint = "cite the article that imposes the measure for life, or give the measure a fixed period such as `for 5 years`";
    }
  if (life_clauses) return;
  for (auto [lim, lm] : limits)
    for (const auto& c : lim->clauses) {
      if (c.kind != LimitClause::Kind::MeasureDuration || !c.bound) continue;
      auto max = day_bounds(*c.bound, lm);
      diag::with_note(sink_.report<diag::kind::DurationOverLimit>(d.duration->range, "measure", d.name.text, "for life",
                                                                  max ? describe_days(*max) : syntax::print(*c.bound), against(*lim, c, lm)),
                      c.range, "the limit is set here");
    }
}

}  // namespace credlex::sema
