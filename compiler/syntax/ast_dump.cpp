#include "compiler/syntax/ast_dump.h"

#include <fmt/format.h>

#include "compiler/syntax/print.h"

namespace credlex::syntax {
namespace {

class AstDumper {
 public:
  AstDumper(const File& file, const diag::SourceManager& sources) : file_(file), sources_(sources) {}

  std::string run() {
    const auto& f = sources_.file(file_.file);
    out_ += fmt::format("File {}{}\n", f.path(), file_.syntax_ok ? "" : " (syntax errors: partial)");
    if (file_.header) {
      const auto& h = *file_.header;
      node(1, h.range, fmt::format("Policy {}{}{}{}", h.name.text, h.version ? " version " + quote(*h.version) : "",
                                   h.effective ? " effective " + h.effective->text : "", h.basic_list ? " basic list" : "")
                                   + (h.next_day_basis ? " periods count from the next day" : ""));
    }
    for (const auto& u : file_.uses) node(1, u.range, fmt::format("Use {} as {}", quote(u.path), u.alias.text));
    for (const auto& d : file_.declarations) std::visit([&](const auto& x) { decl(x); }, d);
    for (const auto& c : file_.comments) node(1, c.range, "Comment " + quote(c.text));
    return out_;
  }

 private:
  void node(int depth, SourceRange r, const std::string& text) {
    auto lc = sources_.file(file_.file).line_column(r.begin);
    out_ += fmt::format("{}{} @{}:{}\n", std::string(depth * 2, ' '), text, lc.line, lc.column);
  }
  void basis(int depth, const Basis& b) {
    if (b.present()) node(depth, b.range, "Basis " + print(b).substr(6));
  }
  void conditions(int depth, const std::vector<Condition>& cs) {
    for (const auto& c : cs) node(depth, c.range, std::string(c.unless ? "Unless " : "When ") + print(*c.expr));
  }

  void decl(const DocumentDecl& d) {
    node(1, d.range, fmt::format("Document {} {}{}", d.name.text, quote(d.title), d.rank ? " rank " + d.rank->text : ""));
    for (const auto& a : d.authorises) {
      std::string categories;
      for (const auto& c : a.categories) categories += (categories.empty() ? "" : ", ") + c.text;
      node(2, a.range, "Authorises " + print(a.part) + ": " + categories);
    }
  }
  void decl(const EntityDecl& d) {
    node(1, d.range, "Entity " + d.name.text);
    for (const auto& r : d.relations) node(2, r.range, fmt::format("Relation {} -> {}", r.name.text, print(r.kind)));
    for (const auto& a : d.attributes) node(2, a.range, "Attribute " + print(a));
  }
  void decl(const SeriousnessDecl& d) {
    std::string s;
    for (const auto& l : d.levels) s += (s.empty() ? "" : " < ") + l.text;
    node(1, d.range, "Seriousness " + s);
  }
  void decl(const EnumDecl& d) { node(1, d.range, fmt::format("Enum {} ({} choices)", d.name.text, d.values.size())); }
  void decl(const EventDecl& d) {
    node(1, d.range, "Event " + d.name.text);
    for (const auto& f : d.fields) node(2, f.range, "Field " + print(f));
    if (d.field) node(2, d.field_range, "ConductField " + d.field->text);
    if (d.seriousness)
      node(2, d.seriousness->range,
           "Seriousness " + (d.seriousness_binder ? "of " + d.seriousness_binder->text + " " : std::string()) + print(*d.seriousness));
  }
  void decl(const ParamDecl& d) {
    node(1, d.range, fmt::format("Param {} = {}{}{}", d.spelled(), print(*d.value), d.from ? " from " + d.from->text : "",
                                 d.within ? " within " + print(*d.within) : ""));
    basis(2, d.basis);
  }
  void decl(const ConditionDecl& d) {
    std::string params;
    for (const auto& f : d.parameters) params += (params.empty() ? "" : ", ") + print(f);
    node(1, d.range, fmt::format("Condition {}({}) = {}", d.name.text, params, print(*d.body)));
    basis(2, d.basis);
  }
  void decl(const ListDecl& d) {
    node(1, d.range, "List " + d.name.text + (d.local ? " local" : ""));
    basis(2, d.basis);
    if (!d.fields.empty()) {
      std::string fields;
      for (const auto& f : d.fields) fields += (fields.empty() ? "" : ", ") + f.text;
      node(2, d.fields_range, "Field " + fields);
    }
    for (const auto& r : d.rules) {
      const char* kind = r.kind == ListRule::Kind::Include ? "Include"
                         : r.kind == ListRule::Kind::Extend ? "Extend"
                         : r.kind == ListRule::Kind::Remove ? "Remove" : "NeverInclude";
      node(2, r.range, fmt::format("{} on {}", kind, print(r.trigger)));
      conditions(3, r.conditions);
      if (r.chosen && r.kind == ListRule::Kind::Extend) node(3, r.chosen->range, "By " + print(*r.chosen));
      if (r.delay) node(3, r.delay->range, "StartingAfter " + print(*r.delay));
      if (r.chosen && r.kind == ListRule::Kind::Include) node(3, r.chosen->range, "For " + print(*r.chosen));
      if (r.span.low)
        node(3, r.span.range, (r.chosen ? "Within " : r.kind == ListRule::Kind::Extend ? "By " : "For ") + print(r.span));
      if (r.period_kind == PeriodKind::UntilRemoved) node(3, r.range, "UntilRemoved");
      if (r.deadline)
        node(3, r.deadline->range, (r.kind == ListRule::Kind::Include ? "ThenRemoveWithin " : "Within ") + print(*r.deadline));
      basis(3, r.basis);
    }
  }
  void decl(const MeasureDecl& d) {
    node(1, d.range, "Measure " + d.name.text + (d.refines ? " refines " + print(*d.refines) : ""));
    basis(2, d.basis);
    if (d.severity) node(2, d.severity_range, fmt::format("Severity {}", *d.severity));
    for (const auto& t : d.targets) node(2, t.range, "Target " + print(t.name));
    conditions(3, d.target_conditions);
    for (const auto& r : d.reaches) node(2, r.range, "Reaches " + r.text);
    if (d.conduct_any_field) node(2, d.conduct_fields_range, "ForConductIn any field");
    if (!d.conduct_fields.empty()) {
      std::string fields;
      for (const auto& f : d.conduct_fields) fields += (fields.empty() ? "" : ", ") + f.text;
      node(2, d.conduct_fields_range, "ForConductIn " + fields);
    }
    if (d.duration) node(2, d.duration->range, "Duration");
  }
  void decl(const RestorationDecl& d) {
    node(1, d.range, "Restoration " + print(d.list));
    basis(2, d.basis);
    for (const auto& r : d.rules) {
      const char* kind = r.kind == RestorationRule::Kind::Eligible ? "EligibleAfter"
                         : r.kind == RestorationRule::Kind::Decide ? "DecideWithin" : "NeverWhen";
      node(2, r.range, fmt::format("{} {}", kind, r.value ? print(*r.value) : "-"));
      if (r.extension)
        node(3, r.extension->range, fmt::format("ExtendBy {} On {}", print(*r.extension), print(r.extension_trigger)));
      conditions(3, r.conditions);
      if (r.removal) node(3, r.removal->range, "ThenRemoveWithin " + print(*r.removal));
    }
  }
  void decl(const GradeDecl& d) {
    node(1, d.range, "Grade " + d.name.text);
    basis(2, d.basis);
    for (const auto& r : d.rules) {
      node(2, r.range, "Level " + r.level.text);
      conditions(3, r.conditions);
    }
  }
  void decl(const LimitsDecl& d) {
    node(1, d.range, "Limits" + (d.name ? " " + d.name->text : std::string()));
    basis(2, d.basis);
    for (const auto& c : d.clauses) node(2, c.range, "Limit " + print(c));
  }
  void decl(const TestDecl& d) {
    node(1, d.range, "Test " + quote(d.name));
    for (const auto& i : d.items) {
      static const char* kKinds[] = {"Entity", "Relation", "Event", "Expect"};
      node(2, i.range, fmt::format("{} {}", kKinds[static_cast<int>(i.kind)], i.name.text));
    }
  }

  const File& file_;
  const diag::SourceManager& sources_;
  std::string out_;
};

}  // namespace

std::string dump_ast(const File& file, const diag::SourceManager& sources) {
  if (file.file == diag::kNoFile) return {};
  return AstDumper(file, sources).run();
}

}  // namespace credlex::syntax
