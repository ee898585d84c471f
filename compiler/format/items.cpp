#include "compiler/format/items.h"

#include "compiler/format/scan.h"
#include "compiler/syntax/print.h"

namespace credlex::format {
namespace {

using namespace credlex::syntax;
using Clauses = std::vector<std::string>;

// Adds a clause unless it is empty: most clauses are optional.
Clauses& operator<<(Clauses& cs, std::string clause) {
  if (!clause.empty()) cs.push_back(std::move(clause));
  return cs;
}
Clauses& operator<<(Clauses& cs, const std::vector<Condition>& conditions) {
  for (const auto& c : conditions) cs << print(c);
  return cs;
}
Clauses& operator<<(Clauses& cs, const Basis& b) { return cs << print(b); }

template <class T, class F>
std::string comma_list(const std::vector<T>& xs, F&& each) {
  std::string out;
  for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? ", " : "") + each(xs[i]);
  return out;
}
std::string names(const std::vector<Name>& xs) {
  return comma_list(xs, [](const Name& n) { return n.text; });
}
std::string kinds(const std::vector<QualifiedName>& xs) {
  return comma_list(xs, [](const QualifiedName& q) { return q.spelled(); });
}
std::string title(const std::optional<std::string>& t) { return t ? " " + quote(*t) : std::string(); }
std::string of_kinds(const std::vector<QualifiedName>& xs) { return xs.empty() ? "" : "of " + kinds(xs); }

class Builder {
 public:
  explicit Builder(std::string_view src) : src_(src) {}

  Layout file(const File& f) {
    Layout out;
    if (f.header) out.items.push_back(header(*f.header));
    for (const auto& u : f.uses)
      out.items.push_back(line({"use " + quote(u.path) + " as " + u.alias.text}, u.range, Item::Kind::Use));
    for (const auto& d : f.declarations)
      out.items.push_back(std::visit([this](const auto& decl) { return declaration(decl); }, d));
    return out;
  }

 private:
  static Item line(Clauses clauses, SourceRange r, Item::Kind kind = Item::Kind::Other, int rank = 0) {
    Item i;
    i.kind = kind;
    i.clauses = std::move(clauses);
    i.begin = r.begin;
    i.end = r.end;
    i.rank = rank;
    return i;
  }
  static Item line(Clauses clauses, std::uint32_t begin, std::uint32_t end, int rank = 0) {
    return line(std::move(clauses), SourceRange{0, begin, end}, Item::Kind::Other, rank);
  }

  // A declaration with a body: its first `{` opens the body, and its range ends with the `}`.
  Item block(Clauses header, SourceRange r, Item::Body kind = Item::Body::Block) {
    return block(std::move(header), r, find_code(src_, r.begin, r.end, "{"), r.end - 1, kind);
  }
  static Item block(Clauses header, SourceRange r, std::uint32_t open, std::uint32_t close, Item::Body kind) {
    Item i = line(std::move(header), r);
    i.body = kind;
    i.open = open;
    i.close = close;
    return i;
  }

  // The offset of a clause keyword inside a block, for clauses whose AST node has no range.
  std::uint32_t keyword(const Item& block, std::string_view word) const {
    return find_code(src_, block.open + 1, block.close, word);
  }

  static void add_basis(Item& block, const Basis& b) {
    if (b.present()) block.children.push_back(line({print(b)}, b.range));
  }

  // policy NAME "title" version "v" effective DATE basic list periods count from the next day basis …
  static Item header(const PolicyHeader& h) {
    Clauses cs{"policy " + h.name.text + title(h.title)};
    cs << (h.version ? "version " + quote(*h.version) : "") << (h.effective ? "effective " + h.effective->text : "")
       << (h.basic_list ? "basic list" : "")
       << (h.next_day_basis ? "periods count from the next day " + print(*h.next_day_basis) : "");
    return line(std::move(cs), h.range, Item::Kind::Header);
  }

  // `art 266 para 1 authorises exit, credit_record` (the part of the document, then the categories).
  static std::string authorisation(const Authorisation& a) {
    std::string part = print(a.part);  // "doc art 266 para 1"
    auto space = part.find(' ');
    return (space == std::string::npos ? "" : part.substr(space + 1) + " ") + "authorises " + names(a.categories);
  }

  Item declaration(const DocumentDecl& d) {
    Clauses cs{"document " + d.name.text + " " + quote(d.title)};
    cs << (d.issued ? "issued " + d.issued->text : "") << (d.effective ? "effective " + d.effective->text : "")
       << (d.status ? "status " + d.status->text : "") << (d.source ? "source " + quote(*d.source) : "")
       << (d.rank ? "rank " + d.rank->text : "");
    for (const auto& a : d.authorises) cs << authorisation(a);
    Item i = line(std::move(cs), d.range, Item::Kind::Document);
    // `… rank law art 5 authorises exit` on one line would read as one clause.
    i.one_clause_per_line = !d.authorises.empty();
    return i;
  }

  // Members keep their source order (attach_comments sorts siblings by position).
  Item declaration(const EntityDecl& e) {
    Clauses header{"entity " + e.name.text};
    if (!e.has_body) return line(header, e.range);
    Item b = block(header, e.range);
    for (const auto& r : e.relations)
      b.children.push_back(line({"relation " + r.name.text + " -> " + r.kind.spelled()}, r.range));
    for (const auto& f : e.attributes) b.children.push_back(line({print(f)}, f.range));
    return b;
  }

  Item declaration(const SeriousnessDecl& d) {
    std::string s = "seriousness";
    for (std::size_t i = 0; i < d.levels.size(); ++i) s += (i ? " < " : " ") + d.levels[i].text;
    return line({s}, d.range);
  }

  Item declaration(const EnumDecl& e) {
    Item b = block({"enum " + e.name.text}, e.range, Item::Body::List);
    for (const auto& v : e.values) b.children.push_back(line({v.text}, v.range));
    return b;
  }

  Item declaration(const EventDecl& e) {
    Clauses header{"event " + e.name.text};
    header << (e.kinds.empty() ? "" : "for " + kinds(e.kinds));
    if (!e.has_body) return line(header, e.range);
    Item b = block(header, e.range);
    for (const auto& f : e.fields) b.children.push_back(line({print(f)}, f.range));
    if (e.field) b.children.push_back(line({"field " + e.field->text}, e.field_range));
    if (e.seriousness)
      b.children.push_back(
          line({"seriousness " + (e.seriousness_binder ? "of " + e.seriousness_binder->text + " " : std::string()) + print(*e.seriousness)},
               keyword(b, "seriousness"), e.seriousness->range.end));
    return b;
  }

  Item declaration(const ParamDecl& p) {
    std::string s = "param " + p.spelled();
    if (p.type) s += ": " + print(*p.type);
    Clauses cs{s + " = " + print(*p.value)};
    cs << (p.from ? "from " + p.from->text : "") << (p.within ? "within " + print(*p.within) : "") << p.basis;
    return line(std::move(cs), p.range, Item::Kind::Param);
  }

  Item declaration(const ConditionDecl& c) {
    std::string s = "condition " + c.name.text + "(";
    for (std::size_t i = 0; i < c.parameters.size(); ++i) s += (i ? ", " : "") + print(c.parameters[i]);
    Clauses cs{s + ") = " + print(*c.body)};
    return line(std::move(cs << c.basis), c.range, Item::Kind::Other);
  }

  Item declaration(const ListDecl& l) {
    Clauses header{"list " + l.name.text + title(l.title) + (l.local ? " local" : "")};
    Item b = block(header << of_kinds(l.kinds), l.range);
    add_basis(b, l.basis);
    if (!l.fields.empty()) b.children.push_back(line({"field " + names(l.fields)}, l.fields_range));
    for (const auto& r : l.rules) b.children.push_back(line(rule(r), r.range));
    return b;
  }

  static Clauses rule(const ListRule& r) {
    Clauses cs;
    switch (r.kind) {
      case ListRule::Kind::Include:
        cs << std::string(r.separately ? "include separately on " : "include on ") + print(r.trigger) << r.conditions;
        if (r.delay) cs << "starting after " + print(*r.delay);
        if (r.period_kind == PeriodKind::For)
          cs << "for " + (r.chosen ? print(*r.chosen) + " within " : std::string()) + print(r.span) +
                    (r.deadline ? " then remove within " + print(*r.deadline) : "");
        if (r.period_kind == PeriodKind::UntilRemoved) cs << "until removed";
        break;
      case ListRule::Kind::Extend:
        cs << "extend by " + (r.chosen ? print(*r.chosen) + " within " : std::string()) + print(r.span) + " on " + print(r.trigger)
           << r.conditions;
        break;
      case ListRule::Kind::Remove:
        cs << "remove on " + print(r.trigger) << r.conditions << (r.deadline ? "within " + print(*r.deadline) : "");
        break;
      case ListRule::Kind::NeverInclude:
        cs << "never include on " + print(r.trigger) << r.conditions;
        break;
    }
    return cs << r.basis;
  }

  static std::string target(const Target& t) {
    switch (t.kind) {
      case Target::Kind::Members: return "members of " + t.name.spelled();
      case Target::Kind::Grade: {
        std::string s = "grade " + t.name.spelled();
        for (std::size_t i = 0; i < t.levels.size(); ++i) s += (i ? " or " : " ") + t.levels[i].text;
        return s;
      }
      case Target::Kind::EntityKind: break;
    }
    return t.name.spelled();
  }

  // Measure clauses print in one fixed order (the AST does not keep theirs); `rank` sets it.
  Item declaration(const MeasureDecl& m) {
    Clauses header{"measure " + m.name.text + title(m.title)};
    Item b = block(header << (m.refines ? "refines " + m.refines->spelled() : ""), m.range);
    add_basis(b, m.basis);
    if (m.category)
      b.children.push_back(line({"category " + m.category->text}, keyword(b, "category"), m.category->range.end, 1));
    if (!m.conduct_fields.empty() || m.conduct_any_field)
      b.children.push_back(line({"for conduct in " + (m.conduct_any_field ? std::string("any field") : names(m.conduct_fields))},
                                m.conduct_fields_range, Item::Kind::Other, 2));
    if (m.severity)
      b.children.push_back(line({"severity " + std::to_string(*m.severity)}, m.severity_range, Item::Kind::Other, 3));
    if (m.authority) {
      auto at = keyword(b, "authority");  // the AST has no range for it: the keyword stands in
      b.children.push_back(line({"authority " + quote(*m.authority)}, at, at + 9, 4));
    }
    if (!m.targets.empty()) {
      Clauses applies{"applies to " + comma_list(m.targets, target)};
      b.children.push_back(line(applies << m.target_conditions, m.applies_range, Item::Kind::Other, 5));
    }
    if (!m.reaches.empty())
      b.children.push_back(line({"reaches " + names(m.reaches)}, keyword(b, "reaches"), m.reaches.back().range.end, 6));
    if (m.duration) b.children.push_back(line({print(*m.duration)}, m.duration->range, Item::Kind::Other, 7));
    return b;
  }

  static Clauses restoration_rule(const RestorationRule& r) {
    Clauses cs;
    switch (r.kind) {
      case RestorationRule::Kind::Eligible:
        cs << "eligible after " + print(*r.value) << r.conditions;
        break;
      case RestorationRule::Kind::Decide: {
        // `then remove within` stays on the decision's line unless an extension (and its
        // conditions) come between them.
        std::string decide = "on " + print(r.trigger) + " decide" + (r.value ? " within " + print(*r.value) : "");
        std::string removal = r.removal ? "then remove within " + print(*r.removal) : "";
        if (!r.extension) {
          cs << decide + (removal.empty() ? "" : " " + removal);
          break;
        }
        cs << decide << "extend by " + print(*r.extension) + " on " + print(r.extension_trigger) << r.conditions << removal;
        break;
      }
      case RestorationRule::Kind::Never:
        cs << "never when " + print(*r.value);
        break;
    }
    return cs << r.basis;
  }

  Item declaration(const RestorationDecl& r) {
    Item b = block({"restoration " + r.list.spelled()}, r.range);
    add_basis(b, r.basis);
    for (const auto& rule : r.rules) b.children.push_back(line(restoration_rule(rule), rule.range));
    return b;
  }

  Item declaration(const GradeDecl& g) {
    Clauses header{"grade " + g.name.text + title(g.title)};
    Item b = block(header << of_kinds(g.kinds), g.range);
    add_basis(b, g.basis);
    if (!g.levels.empty())
      b.children.push_back(line({"levels " + names(g.levels)}, keyword(b, "levels"), g.levels.back().range.end));
    for (const auto& r : g.rules) {
      Clauses rule{"level " + r.level.text};
      b.children.push_back(line(rule << r.conditions << r.basis, r.range));
    }
    if (g.fallback)
      b.children.push_back(line({"otherwise " + g.fallback->text}, keyword(b, "otherwise"), g.fallback->range.end));
    return b;
  }

  static Clauses limit(const LimitClause& c) {
    Clauses cs{print(c)};
    return cs << c.basis;
  }

  Item declaration(const LimitsDecl& l) {
    Item b = block({l.name ? "limits " + l.name->text : "limits"}, l.range);
    add_basis(b, l.basis);
    for (const auto& c : l.clauses) b.children.push_back(line(limit(c), c.range));
    return b;
  }

  // A test item with a record lists its fields; a record is never broken inside a field.
  static Item with_record(std::string head, const TestItem& i) {
    if (!i.record) return line({head}, i.range);
    Item b = block({head}, i.range, i.record->range.begin, i.record->range.end - 1, Item::Body::List);
    for (const auto& f : i.record->fields) b.children.push_back(line({f.name.text + ": " + print(*f.value)}, f.range));
    return b;
  }

  static std::string date(const std::optional<DateLiteral>& d) { return d ? d->text : std::string(); }

  // Test items are one line, except that a long record lists one field per line.
  static Item test_item(const TestItem& i) {
    switch (i.kind) {
      case TestItem::Kind::Entity: return with_record(i.name.text + ": " + i.reference.spelled(), i);
      case TestItem::Kind::Relation:
        return line({i.name.text + " " + i.relation.text + " " + i.other.text + " from " + date(i.date) +
                     (i.until ? " until " + i.until->text : "")},
                    i.range);
      case TestItem::Kind::Event: return with_record(date(i.date) + " " + i.name.text + " " + i.reference.spelled(), i);
      case TestItem::Kind::Expect: return line({expectation(i)}, i.range);
    }
    return {};
  }

  static std::string expectation(const TestItem& i) {
    std::string s = "expect " + date(i.date) + " " + i.name.text + " ";
    switch (i.expect) {
      case TestItem::Expect::In: return s + "in " + i.reference.spelled();
      case TestItem::Expect::NotIn: return s + "not in " + i.reference.spelled();
      case TestItem::Expect::Under: return s + "under " + i.reference.spelled();
      case TestItem::Expect::NotUnder: return s + "not under " + i.reference.spelled();
      case TestItem::Expect::Grade:
        return s + "grade " + i.reference.spelled() + " " + (i.level ? i.level->text : std::string());
      case TestItem::Expect::Removed: s += "removed from " + i.reference.spelled(); break;
      case TestItem::Expect::RestorationGranted: s += "restoration of " + i.reference.spelled() + " granted"; break;
      case TestItem::Expect::RestorationRefused: s += "restoration of " + i.reference.spelled() + " refused"; break;
    }
    return i.due ? s + " due " + i.due->text : s;
  }

  Item declaration(const TestDecl& t) {
    Item b = block({"test " + quote(t.name)}, t.range);
    for (const auto& i : t.items) b.children.push_back(test_item(i));
    return b;
  }

  std::string_view src_;
};

}  // namespace

Layout build_layout(const File& file, std::string_view src) { return Builder(src).file(file); }

}  // namespace credlex::format
