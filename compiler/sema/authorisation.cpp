// Guobanfa [2020] No. 49 general requirements [S] ("依法依规") and the Basic List Explanation
// point 3 [S]: a measure needs a basis in law. E0705 asks that its basis cite a document of the
// right rank; this asks that some cited part of it let an authority impose that KIND of measure
// (G13): the Civil Procedure Law Art 266 allows an exit restriction, a credit record and
// publication, not a ban from schools.
//
// Documents say what their parts authorise (`art 266 authorises exit, credit_record,
// disclosure`; without `art`, the whole document). Under `measures only as their basis
// authorises`, a measure that refines none (a measure of the basic list, or one beyond it) must
// cite a part that is, or lies within, a part authorising its category (E0715). A refinement
// rests on the measure it refines and keeps its category (E0504), so it is not checked again.
// Two declarations with the same title are the same law (as for `measures for life only under`):
// what the cited declaration's file, or a file it uses, says the law authorises holds wherever
// that declaration is cited; a file cannot add to it by declaring the law again. Under `measure
// basis rank …`, only documents of those ranks authorise a measure beyond the national basic list
// (a county notice cannot authorise a measure by saying so).
#include <fmt/format.h>

#include "compiler/diag/suggest.h"
#include "compiler/sema/checker.h"
#include "compiler/syntax/print.h"

namespace credlex::sema {

void Checker::check_measure_authorised(Module& m, const MeasureDecl& d, const LimitsInForce& limits) {
  if (d.refines || !d.category || !d.basis.present()) return;  // no category: E0507; no basis: E0501
  auto in_force = first_clause(limits, LimitClause::Kind::Authorised);
  if (!in_force) return;
  // The rank bounds what may authorise a measure beyond the national basic list, as E0705 bounds
  // its basis; the list's own measures rest on it (some on notices: Nos. 384, 385).
  std::vector<const Name*> ranks;  // `measure basis rank …`: only documents of these ranks authorise
  if (!national_basic_list(m, limits))
    for (auto [l, mod] : limits)
      for (const auto& c : l->clauses)
        if (c.kind == LimitClause::Kind::MeasureRank)
          for (const auto& r : c.relations) ranks.push_back(&r);
  auto rank_allowed = [&](const DocumentDecl& doc) {
    return ranks.empty() || (doc.rank && std::any_of(ranks.begin(), ranks.end(), [&](const Name* r) { return r->text == doc.rank->text; }));
  };

  const std::string& category = d.category->text;
  bool authorised = false;
  std::vector<std::string> said;  // what each cited part authorises, for the note
  std::vector<std::string> named;  // every category the cited parts authorise, for "did you mean"
  for (const auto& cited : d.basis.citations) {
    const Symbol* s = resolve(&m, cited.document);
    if (!s || s->kind != Symbol::Kind::Document) return;  // E0301 / E0306 already: one error for one fault
    const auto& doc = *static_cast<const DocumentDecl*>(s->decl);
    // What the cited declaration says, and any declaration of the same law in its own file or the
    // files that file uses (the principles and the basic list each declare the Food Safety Law);
    // a file that cites a law declared elsewhere cannot add to what that law authorises.
    std::vector<std::string> categories;
    bool below_rank = false;
    for (Module* mod : reachable(s->module))
      for (const auto& decl : mod->ast.declarations) {
        const auto* other = std::get_if<DocumentDecl>(&decl);
        if (!other || !same_law(doc, *other)) continue;
        for (const auto& a : other->authorises) {
          if (!within(a.part, cited)) continue;
          if (!rank_allowed(*other)) {
            below_rank = true;
            continue;
          }
          for (const auto& c : a.categories) {
            if (c.text == category) authorised = true;
            if (std::find(categories.begin(), categories.end(), c.text) == categories.end()) categories.push_back(c.text);
            named.push_back(c.text);
          }
        }
      }
    if (!categories.empty()) said.push_back(fmt::format("`{}` authorises {}", syntax::print(cited), fmt::join(categories, ", ")));
    else if (below_rank) said.push_back(fmt::format("`{}` is not of a rank that may authorise a measure", syntax::print(cited)));
    else said.push_back(fmt::format("`{}` states no authorisation", syntax::print(cited)));
  }
  if (authorised) return;
  auto& diag = sink_.report<diag::kind::MeasureNotAuthorised>(d.category->range, d.name.text, category, in_force->against());
  std::string note;
  for (const auto& x : said) note += (note.empty() ? "" : "; ") + x;
  diag::with_note(diag, d.basis.range, "its basis: " + note);
  diag::with_note(diag, in_force->clause->range, "the limit is set here");
  diag.hint = fmt::format("cite the article that lets an authority impose a measure of category `{}`, and say so on its document "
                          "(`art N authorises {}`); if no law does, the measure has no legal basis",
                          category, category);
  // A category near one the cited parts authorise: one of the two may be misspelt, here or on the document.
  if (auto near = diag::nearest(category, named))
    diag.hint = fmt::format("the cited parts authorise `{}`, near `{}`: if one of the two is misspelt, correct it (here or "
                            "on the document); otherwise, {}",
                            *near, category, diag.hint);
}

}  // namespace credlex::sema
