// `credlex schema POLICY`: what a population must contain for this policy — the entity kinds and
// their attribute columns, the relations, every event type with its fields and how each value is
// written, and the lists, measures and grades the policy produces. For agencies preparing exports
// (and for docs: policies/README.md's identifiers come from it).
#include <fmt/format.h>

#include <ostream>

#include "compiler/diag/render.h"
#include "compiler/driver/commands.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/model.h"

namespace credlex::driver {
namespace {

std::string type_text(const ir::Policy& p, const ir::FieldType& f) {
  switch (f.kind) {
    case ir::ValueKind::Bool: return "bool (true or false)";
    case ir::ValueKind::Int: return "int (e.g. 3)";
    case ir::ValueKind::Decimal: return "decimal (e.g. 0.25)";
    case ir::ValueKind::Money:
      return f.currency.empty() ? "money (amount and currency, e.g. \"10000.00 CNY\")"
                                : fmt::format("money in {} (e.g. \"10000.00 {}\")", f.currency, f.currency);
    case ir::ValueKind::Text: return "text";
    case ir::ValueKind::Date: return "date (YYYY-MM-DD)";
    case ir::ValueKind::Duration: return "duration (e.g. \"3 working days\", \"6 months\", \"2 years\")";
    case ir::ValueKind::Choice: {
      std::string s = "one of ";
      const auto& cs = p.enums.at(f.index).choices;
      for (std::size_t i = 0; i < cs.size(); ++i) s += (i ? ", " : "") + cs[i];
      return s;
    }
    case ir::ValueKind::Entity: return "the id of an entity";
    default: return "?";
  }
}

std::string kinds_text(const ir::Policy& p, const std::vector<std::int32_t>& kinds) {
  if (kinds.empty()) return "any kind";
  std::string s;
  for (auto k : kinds) s += (s.empty() ? "" : ", ") + p.kinds.at(k).name;
  return s;
}

std::string text(const ir::Policy& p, const std::string& path) {
  std::string o = fmt::format("Population schema of policy {} version \"{}\" ({})\n", p.name, p.version, path);
  o += "\nentities.csv: id,kind[,attribute columns]\n";
  for (const auto& k : p.kinds) {
    o += fmt::format("  {}\n", k.name);
    for (const auto& a : k.attributes) o += fmt::format("    {}: {}\n", a.name, type_text(p, a));
  }
  o += "\nrelations.csv: from,relation,to,since[,until]\n";
  for (const auto& r : p.relations)
    o += fmt::format("  {}: from {} to {}\n", r.name, r.from >= 0 ? p.kinds.at(r.from).name : "?", r.to >= 0 ? p.kinds.at(r.to).name : "?");
  o += "\nevents.jsonl ({\"entity\": id, \"date\": YYYY-MM-DD, \"type\": name, fields...}) or events/<type>.csv (entity,date,fields)\n";
  for (const auto& e : p.events) {
    o += fmt::format("  {} (for {})\n", e.name, kinds_text(p, e.kinds));
    for (const auto& f : e.fields) o += fmt::format("    {}: {}\n", f.name, type_text(p, f));
  }
  o += "\nproduces\n";
  for (const auto& l : p.lists) o += fmt::format("  list {}{} (of {})\n", l.name, l.title.empty() ? "" : " \"" + l.title + "\"", kinds_text(p, l.kinds));
  for (const auto& m : p.measures)
    if (m.applied) o += fmt::format("  measure {}{} ({}, severity {})\n", m.name, m.title.empty() ? "" : " \"" + m.title + "\"", m.category, m.severity);
  for (const auto& g : p.grades) {
    std::string levels;
    for (const auto& l : g.levels) levels += (levels.empty() ? "" : ", ") + l;
    o += fmt::format("  grade {}{}: {}\n", g.name, g.title.empty() ? "" : " \"" + g.title + "\"", levels);
  }
  return o;
}

std::string json(const ir::Policy& p) {
  using diag::json_quote;
  auto field = [&](const ir::FieldType& f) {
    std::string s = fmt::format("{{\"name\":{},\"type\":\"{}\"", json_quote(f.name), ir::kind_name(f.kind));
    if (f.kind == ir::ValueKind::Money) s += ",\"currency\":" + (f.currency.empty() ? std::string("null") : json_quote(f.currency));
    if (f.kind == ir::ValueKind::Choice) {
      s += ",\"choices\":[";
      const auto& cs = p.enums.at(f.index).choices;
      for (std::size_t i = 0; i < cs.size(); ++i) s += (i ? "," : "") + json_quote(cs[i]);
      s += "]";
    }
    return s + "}";
  };
  auto names = [&](const std::vector<std::int32_t>& ks) {
    std::string s = "[";
    for (std::size_t i = 0; i < ks.size(); ++i) s += (i ? "," : "") + json_quote(p.kinds.at(ks[i]).name);
    return s + "]";
  };
  std::string o = fmt::format("{{\"policy\":{},\"version\":{},\"kinds\":[", json_quote(p.name), json_quote(p.version));
  for (std::size_t i = 0; i < p.kinds.size(); ++i) {
    o += fmt::format("{}{{\"name\":{},\"attributes\":[", i ? "," : "", json_quote(p.kinds[i].name));
    for (std::size_t j = 0; j < p.kinds[i].attributes.size(); ++j) o += (j ? "," : "") + field(p.kinds[i].attributes[j]);
    o += "]}";
  }
  o += "],\"relations\":[";
  for (std::size_t i = 0; i < p.relations.size(); ++i) {
    const auto& r = p.relations[i];
    o += fmt::format("{}{{\"name\":{},\"from\":{},\"to\":{}}}", i ? "," : "", json_quote(r.name),
                     r.from >= 0 ? json_quote(p.kinds.at(r.from).name) : "null", r.to >= 0 ? json_quote(p.kinds.at(r.to).name) : "null");
  }
  o += "],\"events\":[";
  for (std::size_t i = 0; i < p.events.size(); ++i) {
    o += fmt::format("{}{{\"name\":{},\"for\":{},\"fields\":[", i ? "," : "", json_quote(p.events[i].name), names(p.events[i].kinds));
    for (std::size_t j = 0; j < p.events[i].fields.size(); ++j) o += (j ? "," : "") + field(p.events[i].fields[j]);
    o += "]}";
  }
  o += "],\"lists\":[";
  for (std::size_t i = 0; i < p.lists.size(); ++i) o += (i ? "," : "") + json_quote(p.lists[i].name);
  o += "],\"measures\":[";
  bool first = true;
  for (const auto& m : p.measures)
    if (m.applied) {
      o += (first ? "" : ",") + json_quote(m.name);
      first = false;
    }
  o += "],\"grades\":[";
  for (std::size_t i = 0; i < p.grades.size(); ++i) o += (i ? "," : "") + json_quote(p.grades[i].name);
  return o + "]}\n";
}

}  // namespace

int schema_command(const SchemaOptions& o, Env& env) {
  LoadedPolicy loaded;
  if (auto code = load_policy(o.policy, "schema", "no schema is printed", env, loaded)) return *code;
  const ir::Policy& policy = loaded.policy;
  env.out << (o.json ? json(policy) : text(policy, o.policy));
  return kOk;
}

}  // namespace credlex::driver
