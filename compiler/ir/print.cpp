// The IR and timelines as text. Deterministic: same policy, same text.
#include <fmt/format.h>

#include "compiler/ir/interpret.h"
#include "credlex/civil_date.h"

namespace credlex::ir {
namespace {

const char* op_name(Op op) {
  switch (op) {
    case Op::Const: return "const";
    case Op::Param: return "param";
    case Op::Current: return "event";
    case Op::Cause: return "cause";
    case Op::Local: return "local";
    case Op::Self: return "self";
    case Op::Field: return "field";
    case Op::Attribute: return "attribute";
    case Op::IsKind: case Op::IsEvent: return "is";
    case Op::Listed: return "listed";
    case Op::Not: return "not";
    case Op::Negate: return "neg";
    case Op::Add: return "+";
    case Op::Sub: return "-";
    case Op::Mul: return "*";
    case Op::Div: return "/";
    case Op::Eq: return "==";
    case Op::Ne: return "!=";
    case Op::Lt: return "<";
    case Op::Le: return "<=";
    case Op::Gt: return ">";
    case Op::Ge: return ">=";
    case Op::And: return "and";
    case Op::Or: return "or";
    case Op::If: return "if";
    case Op::Count: return "count";
    case Op::Exists: return "exists";
    case Op::Sum: return "sum";
    case Op::Latest: return "latest";
    case Op::First: return "first";
  }
  return "?";
}

std::string basis_text(const Basis& b, bool titles = true) {
  std::string s;
  for (const auto& c : b) s += (s.empty() ? "" : "; ") + c.text + (c.title.empty() || !titles ? "" : " (" + c.title + ")");
  return s.empty() ? "none" : s;
}

std::string fixed(std::int64_t m, int scale) {
  bool neg = m < 0;
  std::string digits = std::to_string(m);
  if (neg) digits = digits.substr(1);  // to_string handles INT64_MIN; drop its sign
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale) digits = std::string(scale - digits.size() + 1, '0') + digits;
    digits.insert(digits.size() - scale, ".");
  }
  return (neg ? "-" : "") + digits;
}

const char* unit_text(Unit u, bool plural) {
  switch (u) {
    case Unit::Days: return plural ? "days" : "day";
    case Unit::WorkingDays: return plural ? "working days" : "working day";
    case Unit::Months: return plural ? "months" : "month";
  }
  return "?";
}

const char* end_text(End e) {
  switch (e) {
    case End::Open: return "open";
    case End::Period: return "period";
    case End::Removal: return "removal";
    case End::Restoration: return "restoration";
    case End::SourceEnded: return "source ended";
    case End::Condition: return "condition";
    case End::Replaced: return "replaced";
    case End::RelationEnded: return "relation ended";
  }
  return "?";
}

std::string interval(Day start, const std::optional<Day>& end) {
  return fmt::format("[{}, {})", date_text(start), end ? date_text(*end) : std::string("open"));
}

}  // namespace

const char* end_key(End e) {
  switch (e) {
    case End::Open: return "open";
    case End::Period: return "period";
    case End::Removal: return "removal";
    case End::Restoration: return "restoration";
    case End::SourceEnded: return "source-ended";
    case End::Condition: return "condition";
    case End::Replaced: return "replaced";
    case End::RelationEnded: return "relation-ended";
  }
  return "?";
}

std::string date_text(Day d) {
  if (d == kBeginning) return "beginning";
  std::int32_t y, m, dd;
  clx_civil_from_days(d, &y, &m, &dd);
  if (y < 0 || y > 9999) return fmt::format("{:04}-{:02}-{:02}", y, m, dd);
  // The same text as the format above, without parsing a format string: the simulator writes
  // several dates for each of millions of items.
  char s[10] = {static_cast<char>('0' + y / 1000), static_cast<char>('0' + y / 100 % 10), static_cast<char>('0' + y / 10 % 10),
                static_cast<char>('0' + y % 10), '-', static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10), '-',
                static_cast<char>('0' + dd / 10), static_cast<char>('0' + dd % 10)};
  return std::string(s, sizeof s);
}

const char* kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::Bool: return "bool";
    case ValueKind::Int: return "int";
    case ValueKind::Decimal: return "decimal";
    case ValueKind::Money: return "money";
    case ValueKind::Text: return "text";
    case ValueKind::Date: return "date";
    case ValueKind::Duration: return "duration";
    case ValueKind::Choice: return "choice";
    case ValueKind::Level: return "level";
    case ValueKind::Event: return "event";
    case ValueKind::Entity: return "entity";
  }
  return "?";
}

std::string to_string(const Policy& p, const Value& v) {
  switch (v.kind) {
    case ValueKind::Bool: return v.i ? "true" : "false";
    case ValueKind::Int: return std::to_string(v.i);
    case ValueKind::Decimal: return fixed(v.i, v.scale);
    case ValueKind::Money: return fixed(v.i, 4) + (v.text.empty() ? "" : " " + v.text);
    case ValueKind::Text: return fmt::format("\"{}\"", v.text);
    case ValueKind::Date: return date_text(static_cast<Day>(v.i));
    case ValueKind::Duration:
      if (v.unit == Unit::Months && v.i % 12 == 0 && v.i != 0)
        return fmt::format("{} {}", v.i / 12, v.i == 12 ? "year" : "years");
      return fmt::format("{} {}", v.i, unit_text(v.unit, v.i != 1));
    case ValueKind::Choice:
      if (v.index >= 0 && v.index < static_cast<std::int32_t>(p.enums.size()) && v.i >= 0 &&
          v.i < static_cast<std::int64_t>(p.enums[v.index].choices.size()))
        return p.enums[v.index].choices[v.i];
      return "?choice";
    case ValueKind::Level: return v.text;
    case ValueKind::Event: return fmt::format("event #{}", v.i);
    case ValueKind::Entity: return "self";
  }
  return "?";
}

std::string print_expr(const Policy& p, ExprId e) {
  if (e == kNoExpr) return "true";
  const Node& n = p.nodes.at(static_cast<std::size_t>(e));
  std::string s;
  switch (n.op) {
    case Op::Const: return to_string(p, n.value);
    case Op::Param: return fmt::format("(param #{} {})", n.index, p.params.at(n.index).name);
    case Op::Current: return "event";
    case Op::Cause: return "cause";
    case Op::Self: return "self";
    case Op::Local: return fmt::format("local#{}", n.index);
    case Op::Field: case Op::Attribute:
      return fmt::format("({} {} {})", op_name(n.op), print_expr(p, n.args[0]), n.name);
    case Op::IsKind: return fmt::format("(is {} {})", print_expr(p, n.args[0]), p.kinds.at(n.index).name);
    case Op::IsEvent: return fmt::format("(is {} {})", print_expr(p, n.args[0]), p.events.at(n.index).name);
    case Op::Listed: return fmt::format("(listed #{} {})", n.index, p.lists.at(n.index).name);
    case Op::Count: case Op::Exists: case Op::Sum: case Op::Latest: case Op::First:
      s = fmt::format("({} #{} {} as local#{}", op_name(n.op), n.index, p.events.at(n.index).name, n.local);
      if (n.op == Op::Sum) s += " field " + n.name;
      if (n.where != kNoExpr) s += " where " + print_expr(p, n.where);
      if (n.within != kNoExpr) s += " within " + print_expr(p, n.within);
      return s + ")";
    default:
      s = fmt::format("({}", op_name(n.op));
      for (ExprId a : n.args) s += " " + print_expr(p, a);
      return s + ")";
  }
}

std::string print(const Policy& p) {
  std::string o;
  auto basis_nt = [](const Basis& b) { return basis_text(b, false); };
  auto line = [&](int indent, const std::string& text) { o += std::string(indent * 2, ' ') + text + "\n"; };
  // `x.period within ` before the range when the rule reads the authority's choice.
  auto chosen = [&](const ListRule& r) { return r.chosen == kNoExpr ? std::string() : print_expr(p, r.chosen) + " within "; };
  auto span = [&](const Span& s) {
    return print_expr(p, s.low) + (s.high == kNoExpr ? "" : " .. " + print_expr(p, s.high)) +
           (s.next_day ? " from the next day" : "");
  };
  auto names = [&](const std::vector<std::int32_t>& kinds) {
    std::string s;
    for (auto k : kinds) s += (s.empty() ? "" : ", ") + p.kinds.at(k).name;
    return s.empty() ? std::string("any") : s;
  };
  auto field = [&](const FieldType& f) {
    std::string t = kind_name(f.kind);
    if (f.kind == ValueKind::Money && !f.currency.empty()) t += "(" + f.currency + ")";
    if (f.kind == ValueKind::Choice) t = "enum #" + std::to_string(f.index) + " " + p.enums.at(f.index).name;
    return f.name + ": " + t;
  };
  line(0, fmt::format("policy {} \"{}\" version \"{}\" effective {}", p.name, p.title, p.version, date_text(p.effective)));
  if (!p.scale.empty()) {
    std::string s;
    for (const auto& l : p.scale) s += (s.empty() ? "" : " < ") + l;
    line(0, "seriousness " + s);
  }
  std::vector<std::pair<std::string, std::string>> documents;  // cited documents, first citation first
  auto cite = [&](const Basis& b) {
    for (const auto& c : b) {
      std::string doc = c.text.substr(0, c.text.find(' '));
      bool seen = false;
      for (const auto& d : documents) seen = seen || d.first == doc;
      if (!seen) documents.emplace_back(doc, c.title);
    }
  };
  for (const auto& x : p.params) for (const auto& v : x.versions) cite(v.basis);
  for (const auto& l : p.lists) for (const auto* rs : {&l.includes, &l.extends, &l.removes}) for (const auto& r : *rs) cite(r.basis);
  for (const auto& r : p.restorations) {
    for (const auto& e : r.eligible) cite(e.basis);
    for (const auto& e : r.decide) cite(e.basis);
    for (const auto& e : r.never) cite(e.basis);
  }
  for (const auto& m : p.measures) cite(m.basis);
  for (const auto& g : p.grades) { cite(g.basis); for (const auto& r : g.rules) cite(r.basis); }
  for (const auto& l : p.limits) cite(l.basis);
  for (const auto& [doc, title] : documents) line(0, fmt::format("document {} \"{}\"", doc, title));
  for (std::size_t i = 0; i < p.kinds.size(); ++i) {
    line(0, fmt::format("kind #{} {}", i, p.kinds[i].name));
    for (std::size_t a = 0; a < p.kinds[i].attributes.size(); ++a) line(1, fmt::format("attribute {} {}", a, field(p.kinds[i].attributes[a])));
  }
  for (std::size_t i = 0; i < p.relations.size(); ++i)
    line(0, fmt::format("relation #{} {}: {} -> {}", i, p.relations[i].name, p.kinds.at(p.relations[i].from).name,
                        p.relations[i].to >= 0 ? p.kinds.at(p.relations[i].to).name : "?"));
  for (std::size_t i = 0; i < p.enums.size(); ++i) {
    std::string s;
    for (const auto& c : p.enums[i].choices) s += (s.empty() ? "" : ", ") + c;
    line(0, fmt::format("enum #{} {} {{ {} }}", i, p.enums[i].name, s));
  }
  for (std::size_t i = 0; i < p.events.size(); ++i) {
    const auto& e = p.events[i];
    line(0, fmt::format("event #{} {} for {}", i, e.name, names(e.kinds)));
    for (std::size_t f = 0; f < e.fields.size(); ++f) line(1, fmt::format("field {} {}", f, field(e.fields[f])));
    if (e.seriousness != kNoExpr) line(1, "seriousness " + print_expr(p, e.seriousness));
  }
  for (std::size_t i = 0; i < p.params.size(); ++i) {
    line(0, fmt::format("param #{} {}", i, p.params[i].name));
    for (const auto& v : p.params[i].versions)
      line(1, fmt::format("from {} = {}  basis {}", date_text(v.from), print_expr(p, v.value), basis_nt(v.basis)));
  }
  for (std::size_t i = 0; i < p.lists.size(); ++i) {
    const auto& l = p.lists[i];
    line(0, fmt::format("list #{} {} of {}  basis {}", i, l.name, names(l.kinds), basis_nt(l.basis)));
    for (const auto* rules : {&l.includes, &l.extends, &l.removes})
      for (const auto& r : *rules) {
        std::string what;
        switch (r.kind) {
          case ListRule::Kind::Include:
            what = fmt::format("include{} on {} when {} {}{}", r.separately ? " separately" : "",
                               r.restored >= 0 ? fmt::format("restored(#{} {})", r.restored, p.lists.at(r.restored).name)
                                               : fmt::format("#{} {}", r.event, p.events.at(r.event).name),
                               print_expr(p, r.condition),
                               r.delay == kNoExpr ? "" : "starting after " + print_expr(p, r.delay) + " ",
                               r.until_removed ? "until removed" : "for " + chosen(r) + span(r.span));
            break;
          case ListRule::Kind::Extend:
            what = fmt::format("extend on #{} {} when {} by {}", r.event, p.events.at(r.event).name,
                               print_expr(p, r.condition), chosen(r) + span(r.span));
            break;
          case ListRule::Kind::Remove:
            what = fmt::format("remove on #{} {} when {}{}", r.event, p.events.at(r.event).name, print_expr(p, r.condition),
                               r.deadline == kNoExpr ? "" : " within " + print_expr(p, r.deadline));
            break;
        }
        line(1, fmt::format("[{}] {}", r.label, what));
        line(2, "basis " + basis_nt(r.basis));
      }
  }
  for (std::size_t i = 0; i < p.restorations.size(); ++i) {
    const auto& r = p.restorations[i];
    line(0, fmt::format("restoration #{} of list #{} {}", i, r.list, r.list >= 0 ? p.lists[r.list].name : "?"));
    for (const auto& e : r.eligible)
      line(1, fmt::format("[{}] eligible after {} when {}  basis {}", e.label, span(e.after), print_expr(p, e.condition), basis_nt(e.basis)));
    for (const auto& d : r.decide)
      line(1, fmt::format("[{}] on #{} {} decide {}  basis {}", d.label, d.event, p.events.at(d.event).name,
                          (d.within == kNoExpr ? "(no deadline)" : "within " + print_expr(p, d.within)) +
                              (d.extension == kNoExpr ? ""
                                                      : fmt::format(" extend by {} on #{} {}{}", print_expr(p, d.extension),
                                                                    d.extension_event, p.events.at(d.extension_event).name,
                                                                    d.extension_condition == kNoExpr
                                                                        ? ""
                                                                        : " when " + print_expr(p, d.extension_condition))) +
                              (d.removal == kNoExpr ? "" : " then remove within " + print_expr(p, d.removal)),
                          basis_nt(d.basis)));
    for (const auto& n : r.never)
      line(1, fmt::format("[{}] never when {}  basis {}", n.label, print_expr(p, n.condition), basis_nt(n.basis)));
  }
  for (std::size_t i = 0; i < p.measures.size(); ++i) {
    const auto& m = p.measures[i];
    line(0, fmt::format("measure #{} {}{} category {} severity {}{}", i, m.name, m.applied ? "" : " (template of a basic list)",
                        m.category, m.severity, m.refines >= 0 ? " refines #" + std::to_string(m.refines) : ""));
    for (const auto& t : m.targets) {
      switch (t.kind) {
        case Target::Kind::Members: line(1, fmt::format("applies to members of #{} {}", t.index, p.lists.at(t.index).name)); break;
        case Target::Kind::EntityKind: line(1, fmt::format("applies to kind #{} {}", t.index, p.kinds.at(t.index).name)); break;
        case Target::Kind::Grade: {
          std::string lv;
          for (auto l : t.levels) lv += " " + p.grades.at(t.index).levels.at(l);
          line(1, fmt::format("applies to grade #{} {}{}", t.index, p.grades.at(t.index).name, lv));
          break;
        }
      }
    }
    if (m.condition != kNoExpr) line(1, "when " + print_expr(p, m.condition));
    if (!m.reaches.empty()) {
      std::string s;
      for (const auto& r : m.reaches) s += (s.empty() ? "" : ", ") + r;
      line(1, "reaches " + s);
    }
    line(1, m.duration == Measure::Duration::WhileListed     ? std::string("while listed")
            : m.duration == Measure::Duration::UntilRestored ? std::string("until restored")
            : m.duration == Measure::Duration::Life          ? std::string("for life")
            : m.duration == Measure::Duration::AfterListing  ? "while listed and for " + span(m.span) + " after"
                                                             : "for " + span(m.span));
    line(1, "basis " + basis_nt(m.basis));
  }
  for (std::size_t i = 0; i < p.grades.size(); ++i) {
    const auto& g = p.grades[i];
    std::string lv;
    for (const auto& l : g.levels) lv += (lv.empty() ? "" : ", ") + l;
    line(0, fmt::format("grade #{} {} of {} levels {}  basis {}", i, g.name, names(g.kinds), lv, basis_nt(g.basis)));
    for (const auto& r : g.rules) line(1, fmt::format("level {} when {}", g.levels.at(r.level), print_expr(p, r.condition)));
    if (g.fallback >= 0) line(1, "otherwise " + g.levels.at(g.fallback));
  }
  for (std::size_t i = 0; i < p.limits.size(); ++i) {
    const auto& l = p.limits[i];
    line(0, fmt::format("limit #{} [{}]", i, l.label));
    std::string numbers;
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
      return s;
    };
    switch (l.kind) {
      case Limit::Kind::Severity:
        for (std::size_t r = 0; r < l.max_severity.size(); ++r)
          numbers += fmt::format("{}{} {}", numbers.empty() ? "" : ", ", r < p.scale.size() ? p.scale[r] : std::to_string(r + 1),
                                 l.max_severity[r]);
        numbers = "max severity by seriousness: " + numbers;
        break;
      case Limit::Kind::MeasureDuration:
      case Limit::Kind::ListingDuration:
        numbers = "max duration " + (l.duration ? to_string(p, *l.duration) : std::string("?"));
        break;
      case Limit::Kind::ConcurrentSeverity: numbers = fmt::format("max concurrent severity {}", l.number); break;
      case Limit::Kind::ConcurrentMeasures: numbers = fmt::format("max concurrent measures {}", l.number); break;
      case Limit::Kind::ReachOnly: numbers = "relations allowed: " + join(l.names); break;
      case Limit::Kind::ReachNone: numbers = "relations allowed: none"; break;
      case Limit::Kind::BasicListOnly: numbers = "basic list: " + join(l.names); break;
      case Limit::Kind::MeasureRank:
      case Limit::Kind::ListRank: numbers = "ranks: " + join(l.names); break;
      case Limit::Kind::ListRemoval: numbers = "every list has a way off"; break;
      case Limit::Kind::LifeOnly: numbers = "measures for life only under: " + join(l.names); break;
      case Limit::Kind::FieldLinkage: numbers = "every measure follows the field of its conduct"; break;
      case Limit::Kind::Authorised: numbers = "every measure rests on an article that authorises it"; break;
      case Limit::Kind::ListFields:
        numbers = "fields: " + join(l.names) +
                  (l.level > 0 && l.level <= static_cast<std::int64_t>(p.scale.size()) ? ", least seriousness " + p.scale[l.level - 1] : "");
        break;
    }
    if (!l.folded) numbers = "not folded: checks nothing";
    line(1, numbers);
    line(1, "basis " + basis_nt(l.basis));
  }
  return o;
}

std::string print(const Policy& p, const Timeline& t) {
  std::string o;
  auto cause = [&](const Cause& c) {
    std::string s = "    cause: " + c.rule;
    if (c.event >= 0) s += fmt::format("; event #{} on {}", c.event, date_text(c.date));
    for (const auto& u : c.params)
      s += fmt::format("; {} = {}", p.params.at(u.param).name, to_string(p, u.value));
    return s + "\n    basis: " + basis_text(c.basis) + "\n";
  };
  for (const auto& e : t.errors)
    o += fmt::format("error: event #{} on {}: {}\n", e.event, date_text(e.date), e.reason);
  for (std::size_t i = 0; i < t.listings.size(); ++i) {
    const auto& l = t.listings[i];
    o += fmt::format("listing #{} {} {} {}\n", i, p.lists.at(l.list).name, interval(l.start, l.end), end_text(l.ended_by));
    o += cause(l.cause);
    for (const auto& x : l.extensions)
      o += fmt::format("  extended by {} on {}{}\n", to_string(p, x.added), date_text(x.date), x.capped ? " (capped)" : "");
    if (l.end_cause) o += "  ended by " + l.end_cause->rule + "\n";
    if (l.removal_deadline) o += "  removal due by " + date_text(*l.removal_deadline) + "\n";
  }
  for (const auto& m : t.measures) {
    o += fmt::format("measure {} {} {}", p.measures.at(m.measure).name, interval(m.start, m.end), end_text(m.ended_by));
    if (m.source == MeasureInterval::Source::Reach)
      o += fmt::format(" (reached from {} over {})", m.reached_from, p.relations.at(m.relation).name);
    o += "\n";
    o += cause(m.cause);
  }
  for (const auto& g : t.grades) {
    o += fmt::format("grade {} {} {}\n", p.grades.at(g.grade).name, p.grades.at(g.grade).levels.at(g.level), interval(g.start, g.end));
    o += cause(g.cause);
  }
  static const char* reasons[] = {"", "excluded", "too early", "condition not met"};
  for (const auto& d : t.decisions) {
    o += fmt::format("decision on listing #{} on {}: {}", d.listing, date_text(d.date),
                     d.granted ? std::string("granted") : std::string("refused, ") + reasons[static_cast<int>(d.refusal)]);
    if (d.earliest) o += ", earliest " + date_text(*d.earliest);
    if (d.deadline) o += ", due by " + date_text(*d.deadline);
    if (d.extended_by >= 0) o += fmt::format(" (extended by event #{})", d.extended_by);
    o += "\n" + cause(d.cause);
  }
  return o;
}

std::string extension_text(const Policy& p, const History& h, const Decision& d) {
  if (d.extended_by < 0 || static_cast<std::size_t>(d.extended_by) >= h.events.size()) return "";
  const Event& e = h.events[static_cast<std::size_t>(d.extended_by)];
  return fmt::format("the event `{}` of {}", p.events.at(e.type).name, date_text(e.date));
}

}  // namespace credlex::ir
