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
// Two declarations with the same title are the same law (as for `measures for life only under`),
// so what one file says a law authorises holds wherever the law is cited.
#include <fmt/format.h>

#include "compiler/sema/checker.h"
#include "compiler/syntax/print.h"

namespace credlex::sema {
namespace {

bool same_law(const DocumentDecl& a, const DocumentDecl& b) { return &a == &b || (!a.title.empty() && a.title == b.title); }

// `art 15` covers `art 15 item 2`; a whole document covers every part of it; `art 15` does not
// cover a citation of the whole document.
bool covers(const Citation& part, const Citation& cited) {
  auto within = [](std::optional<std::int64_t> want, std::optional<std::int64_t> have) { return !want || want == have; };
  return within(part.article, cited.article) && within(part.paragraph, cited.paragraph) && within(part.item, cited.item);
}

}  // namespace

void Checker::check_measure_authorised(Module& m, const MeasureDecl& d, const LimitsInForce& limits) {
  if (d.refines || !d.category || !d.basis.present()) return;  // no category: E0507; no basis: E0501
  const std::string& category = d.category->text;
  bool authorised = false;
  std::vector<std::string> said;  // what each cited part authorises, for the note
  for (const auto& cited : d.basis.citations) {
    const Symbol* s = resolve(&m, cited.document);
    if (!s || s->kind != Symbol::Kind::Document) continue;  // E0301 already
    const auto& doc = *static_cast<const DocumentDecl*>(s->decl);
    std::vector<std::string> categories;
    for (auto& mp : model_.program.modules)
      for (const auto& decl : mp->ast.declarations) {
        const auto* other = std::get_if<DocumentDecl>(&decl);
        if (!other || !same_law(doc, *other)) continue;
        for (const auto& a : other->authorises) {
          if (!covers(a.part, cited)) continue;
          for (const auto& c : a.categories) {
            if (c.text == category) authorised = true;
            if (std::find(categories.begin(), categories.end(), c.text) == categories.end()) categories.push_back(c.text);
          }
        }
      }
    said.push_back(categories.empty() ? fmt::format("`{}` states no authorisation", syntax::print(cited))
                                      : fmt::format("`{}` authorises {}", syntax::print(cited), fmt::join(categories, ", ")));
  }
  if (authorised) return;
  for (auto [lim, lm] : limits)
    for (const auto& c : lim->clauses) {
      if (c.kind != LimitClause::Kind::Authorised) continue;
      auto& diag = sink_.report<diag::kind::MeasureNotAuthorised>(d.category->range, d.name.text, category, against(*lim, c, lm));
      std::string note;
      for (const auto& x : said) note += (note.empty() ? "" : "; ") + x;
      diag::with_note(diag, d.basis.range, "its basis: " + note);
      diag::with_note(diag, c.range, "the limit is set here");
      diag.hint = fmt::format("cite the article that lets an authority impose a measure of category `{}`, and say so on its document "
                              "(`art N authorises {}`); if no law does, the measure has no legal basis",
                              category, category);
    }
}

}  // namespace credlex::sema
