// `--emit=checked`: the checked model as text, without locations or comments, so that two
// sources with the same meaning (e.g. before and after `credlex fmt`) print the same.
#include <fmt/format.h>

#include "compiler/sema/model.h"
#include "compiler/syntax/print.h"

namespace credlex::sema {
namespace {

using namespace syntax;

class Dumper {
 public:
  explicit Dumper(const Model& model) : model_(model) {}

  std::string run() {
    for (const auto& m : model_.program.modules) module(*m);
    if (!model_.seriousness_scale.empty()) {
      out_ += "seriousness scale in force:";
      for (const auto& s : model_.seriousness_scale) out_ += " " + s;
      out_ += "\n";
    }
    return out_;
  }

 private:
  void line(int indent, const std::string& text) { out_ += std::string(indent * 2, ' ') + text + "\n"; }

  std::string expr(const ExprPtr& e) {
    if (!e) return "-";
    auto it = model_.types.find(e.get());
    std::string type = it == model_.types.end() ? "unchecked" : describe(it->second);
    return fmt::format("{} : {}", print(*e), type);
  }

  std::string basis(const Basis& b) {
    std::string s;
    for (const auto& c : b.citations) {
      s += (s.empty() ? "" : ", ") + c.document.spelled();
      if (c.article) s += fmt::format(" art {}", *c.article);
      if (c.paragraph) s += fmt::format(" para {}", *c.paragraph);
      if (c.item) s += fmt::format(" item {}", *c.item);
    }
    return s.empty() ? "none" : s;
  }

  std::string names(const std::vector<QualifiedName>& v) {
    std::string s;
    for (const auto& n : v) s += (s.empty() ? "" : ", ") + n.spelled();
    return s;
  }
  std::string names(const std::vector<Name>& v) {
    std::string s;
    for (const auto& n : v) s += (s.empty() ? "" : ", ") + n.text;
    return s;
  }

  void conditions(int indent, const std::vector<Condition>& cs) {
    for (const auto& c : cs) line(indent, fmt::format("{} {}", c.unless ? "unless" : "when", expr(c.expr)));
  }

  std::string range(const Range& r) {
    return r.high ? fmt::format("{} .. {}", expr(r.low), expr(r.high)) : expr(r.low);
  }

  void module(const Module& m) {
    const auto& h = m.ast.header;
    line(0, fmt::format("policy {} title={} version={} effective={} basic_list={}", m.policy_name(),
                        h && h->title ? *h->title : "-", h && h->version ? *h->version : "-",
                        h && h->effective ? h->effective->text : "-", m.basic_list()) +
                (h && h->next_day_basis ? " periods_from_next_day " + basis(*h->next_day_basis) : ""));
    for (const auto& [alias, used] : m.uses) line(1, fmt::format("uses {} as {}", used->policy_name(), alias));
    for (const auto& d : m.ast.declarations) std::visit([&](const auto& x) { declaration(x); }, d);
  }

  void declaration(const DocumentDecl& d) {
    line(1, fmt::format("document {} \"{}\" issued={} effective={} status={} source={}", d.name.text, d.title,
                        d.issued ? d.issued->text : "-", d.effective ? d.effective->text : "-",
                        d.status ? d.status->text : "-", d.source ? *d.source : "-") +
                (d.rank ? " rank=" + d.rank->text : ""));
    for (const auto& a : d.authorises) line(2, fmt::format("{} authorises {}", syntax::print(a.part), names(a.categories)));
  }
  void declaration(const EntityDecl& d) {
    line(1, "entity " + d.name.text);
    for (const auto& r : d.relations) line(2, fmt::format("relation {} -> {}", r.name.text, r.kind.spelled()));
    for (const auto& a : d.attributes) line(2, fmt::format("attribute {}: {}", a.name.text, type_ref(a.type)));
  }
  void declaration(const SeriousnessDecl& d) { line(1, "seriousness " + names(d.levels)); }
  void declaration(const EnumDecl& d) { line(1, fmt::format("enum {}: {}", d.name.text, names(d.values))); }
  void declaration(const EventDecl& d) {
    line(1, fmt::format("event {} for {}", d.name.text, d.kinds.empty() ? "any kind" : names(d.kinds)));
    for (const auto& f : d.fields) line(2, fmt::format("field {}: {}", f.name.text, type_ref(f.type)));
    if (d.field) line(2, "conduct in field " + d.field->text);
    if (d.seriousness)
      line(2, "seriousness " + (d.seriousness_binder ? "of " + d.seriousness_binder->text + " " : std::string()) + expr(d.seriousness));
  }
  void declaration(const ParamDecl& d) {
    line(1, fmt::format("param {}{} = {} from {}{} basis {}", d.spelled(), d.type ? ": " + type_ref(*d.type) : "",
                        expr(d.value), d.from ? d.from->text : "the beginning", d.within ? " within " + range(*d.within) : "",
                        basis(d.basis)));
  }
  void declaration(const ConditionDecl& d) {
    std::string params;
    for (const auto& p : d.parameters) params += (params.empty() ? "" : ", ") + p.name.text + ": " + type_ref(p.type);
    line(1, fmt::format("condition {}({}) = {} basis {}", d.name.text, params, expr(d.body), basis(d.basis)));
  }
  void declaration(const ListDecl& d) {
    line(1, fmt::format("list {} \"{}\"{} of {} basis {}", d.name.text, d.title.value_or(""), d.local ? " local" : "", names(d.kinds),
                        basis(d.basis)));
    if (!d.fields.empty()) line(2, "field " + names(d.fields));
    for (const auto& r : d.rules) {
      const char* kind = r.kind == ListRule::Kind::Include ? "include"
                         : r.kind == ListRule::Kind::Extend ? "extend"
                         : r.kind == ListRule::Kind::Remove ? "remove" : "never include";
      line(2, fmt::format("{}{} on {}{} basis {}", kind, r.separately ? " separately" : "",
                          r.trigger.restored ? "restored(" + r.trigger.restored->spelled() + ")" : r.trigger.event.spelled(),
                          r.trigger.binder ? " as " + r.trigger.binder->text : "", basis(r.basis)));
      conditions(3, r.conditions);
      if (r.delay) line(3, "starting after " + expr(r.delay));
      if (r.period_kind == PeriodKind::For)
        line(3, "for " + (r.chosen ? expr(r.chosen) + " within " : std::string()) + range(r.span));
      if (r.period_kind == PeriodKind::UntilRemoved) line(3, "until removed");
      if (r.kind == ListRule::Kind::Extend)
        line(3, "by " + (r.chosen ? expr(r.chosen) + " within " : std::string()) + range(r.span));
      if (r.deadline) line(3, (r.kind == ListRule::Kind::Include ? "then remove within " : "within ") + expr(r.deadline));
    }
  }
  void declaration(const MeasureDecl& d) {
    line(1, fmt::format("measure {} \"{}\" refines {} basis {}", d.name.text, d.title.value_or(""),
                        d.refines ? d.refines->spelled() : "-", basis(d.basis)));
    line(2, fmt::format("category {} severity {} authority \"{}\"", d.category ? d.category->text : "-",
                        d.severity ? std::to_string(*d.severity) : "-", d.authority.value_or("")));
    for (const auto& t : d.targets) {
      const char* kind = t.kind == Target::Kind::Members ? "members of" : t.kind == Target::Kind::Grade ? "grade" : "kind";
      line(2, fmt::format("applies to {} {} {}", kind, t.name.spelled(), names(t.levels)));
    }
    conditions(3, d.target_conditions);
    if (!d.reaches.empty()) line(2, "reaches " + names(d.reaches));
    if (!d.conduct_fields.empty() || d.conduct_any_field)
      line(2, "for conduct in " + (d.conduct_any_field ? std::string("any field") : names(d.conduct_fields)));
    if (d.duration) line(2, d.duration->kind == MeasureDuration::Kind::For ? "for " + range(d.duration->span)
                    : d.duration->kind == MeasureDuration::Kind::AfterListing ? "while listed and for " + range(d.duration->span) + " after"
                                                                                : print(*d.duration));
    if (auto it = model_.measures.find(&d); it != model_.measures.end()) {
      const auto& f = it->second;
      auto join = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
        return s.empty() ? std::string("-") : s;
      };
      line(2, fmt::format("derived: kinds [{}] conduct [{}] seriousness [{}] refines {}", join(f.target_kinds),
                          join(f.trigger_events), join(f.seriousness),
                          f.refined ? f.refined->module->policy_name() + "." + f.refined->name : "-"));
    }
  }
  void declaration(const RestorationDecl& d) {
    line(1, fmt::format("restoration of {} basis {}", d.list.spelled(), basis(d.basis)));
    for (const auto& r : d.rules) {
      switch (r.kind) {
        case RestorationRule::Kind::Eligible: line(2, "eligible after " + expr(r.value)); conditions(3, r.conditions); break;
        case RestorationRule::Kind::Decide:
          line(2, fmt::format("on {} decide{}{}{}", r.trigger.event.spelled(), r.value ? " within " + expr(r.value) : "",
                              r.extension ? " extend by " + expr(r.extension) + " on " + r.extension_trigger.event.spelled() +
                                                (r.extension_trigger.binder ? " " + r.extension_trigger.binder->text : "")
                                          : "",
                              r.removal ? " then remove within " + expr(r.removal) : ""));
          conditions(3, r.conditions);
          break;
        case RestorationRule::Kind::Never: line(2, "never when " + expr(r.value)); break;
      }
      if (r.basis.present()) line(3, "basis " + basis(r.basis));
    }
  }
  void declaration(const GradeDecl& d) {
    line(1, fmt::format("grade {} of {} levels {} otherwise {} basis {}", d.name.text, names(d.kinds), names(d.levels),
                        d.fallback ? d.fallback->text : "-", basis(d.basis)));
    for (const auto& r : d.rules) {
      line(2, "level " + r.level.text);
      conditions(3, r.conditions);
    }
  }
  void declaration(const LimitsDecl& d) {
    line(1, fmt::format("limits {} basis {}", d.name ? d.name->text : "-", basis(d.basis)));
    for (const auto& c : d.clauses) {
      std::string typed = c.bound ? expr(c.bound) : "";  // the bound with its type
      std::string text = print(c);
      if (c.bound) text = text.substr(0, text.size() - print(*c.bound).size()) + typed;
      line(2, fmt::format("{} basis {}", text, basis(c.basis)));
    }
  }
  void declaration(const TestDecl& d) {
    line(1, fmt::format("test \"{}\"", d.name));
    for (const auto& i : d.items) {
      std::string date = i.date ? i.date->text : "-";
      switch (i.kind) {
        case TestItem::Kind::Entity: line(2, fmt::format("entity {}: {}", i.name.text, i.reference.spelled())); break;
        case TestItem::Kind::Relation:
          line(2, fmt::format("relation {} {} {} from {} until {}", i.name.text, i.relation.text, i.other.text, date,
                              i.until ? i.until->text : "-"));
          break;
        case TestItem::Kind::Event: line(2, fmt::format("on {} {} {}", date, i.name.text, i.reference.spelled())); break;
        case TestItem::Kind::Expect: {
          static const char* kExpect[] = {"in", "not in", "under", "not under", "grade", "removed from",
                                          "restoration of", "restoration of"};
          std::string outcome = i.expect == TestItem::Expect::RestorationGranted   ? " granted"
                                : i.expect == TestItem::Expect::RestorationRefused ? " refused"
                                                                                   : "";
          line(2, fmt::format("expect {} {} {} {}{}{}{}", date, i.name.text, kExpect[static_cast<int>(i.expect)],
                              i.reference.spelled(), i.level ? " " + i.level->text : "", outcome,
                              i.due ? " due " + i.due->text : ""));
          break;
        }
      }
      if (i.record)
        for (const auto& f : i.record->fields) line(3, fmt::format("{} = {}", f.name.text, expr(f.value)));
    }
  }

  std::string type_ref(const TypeRef& t) {
    return t.currency ? fmt::format("{}({})", t.name.spelled(), t.currency->text) : t.name.spelled();
  }

  const Model& model_;
  std::string out_;
};

}  // namespace

std::string dump(const Model& model) { return Dumper(model).run(); }

}  // namespace credlex::sema
