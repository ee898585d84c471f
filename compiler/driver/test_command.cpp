// `credlex test FILES…`: runs the `test` blocks of each policy and of the files it uses, through
// the reference interpreter (compiler/ir), and compares every `expect` with the timeline.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <ostream>
#include <set>

#include "compiler/driver/commands.h"
#include "compiler/driver/backends.h"
#include "compiler/ir/calendar_file.h"
#ifdef CREDLEX_HAVE_LLVM
#include "compiler/codegen/timelines.h"
#endif
#include "compiler/ir/interpret.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/model.h"

namespace credlex::driver {
namespace {

using syntax::ExprKind;
using syntax::TestDecl;
using syntax::TestItem;

struct TestResult {
  std::string file;   // the file holding the test block
  std::string name;
  std::vector<std::string> failures;  // each a complete message (first line with the location)
};

class TestRunner {
 public:
  TestRunner(const sema::Model& model, const ir::Policy& policy, const diag::SourceManager& sources, ir::RunOptions run,
             std::vector<Backend> backends)
      : model_(model), p_(policy), sources_(sources), run_(run), backends_(std::move(backends)) {}

  TestResult run(const sema::Module& m, const TestDecl& t) {
    TestResult r;
    r.file = m.path;
    r.name = t.name;
    std::map<std::string, std::size_t> index;  // entity name → histories
    std::vector<ir::History> hs;
    std::vector<const TestItem*> expects;
    auto fail = [&](syntax::SourceRange at, const std::string& what) {
      r.failures.push_back(fmt::format("{}: test \"{}\" failed: {}", location(at), t.name, what));
    };
    for (const auto& item : t.items) {
      switch (item.kind) {
        case TestItem::Kind::Entity: {
          ir::History h;
          h.entity.id = item.name.text;
          h.entity.kind = p_.kind_index(item.reference.name);
          if (h.entity.kind < 0) { fail(item.range, "unknown kind of entity `" + item.reference.spelled() + "`"); return r; }
          const auto& attrs = p_.kinds[h.entity.kind].attributes;
          h.entity.attributes.resize(attrs.size());
          if (item.record)
            for (const auto& fv : item.record->fields) {
              auto slot = std::find_if(attrs.begin(), attrs.end(), [&](const ir::FieldType& f) { return f.name == fv.name.text; });
              if (slot == attrs.end()) continue;
              std::string why;
              auto v = value(m, *fv.value, *slot, index, why);
              if (!v) { fail(fv.value->range, why); return r; }
              h.entity.attributes[slot - attrs.begin()] = std::move(*v);
            }
          index[h.entity.id] = hs.size();
          hs.push_back(std::move(h));
          break;
        }
        case TestItem::Kind::Relation: {
          ir::RelationSpan rs;
          rs.relation = p_.relation_index(item.relation.text);
          rs.other = item.other.text;
          rs.since = item.date ? item.date->day : 0;
          if (item.until) rs.until = item.until->day;
          auto it = index.find(item.name.text);
          if (rs.relation < 0 || it == index.end()) { fail(item.range, "unknown relation or entity"); return r; }
          hs[it->second].relations.push_back(std::move(rs));
          break;
        }
        case TestItem::Kind::Event: {
          auto it = index.find(item.name.text);
          std::int32_t type = p_.event_index(qualified(m, item.reference));
          if (it == index.end() || type < 0) { fail(item.range, "unknown entity or event"); return r; }
          ir::Event e;
          e.date = item.date ? item.date->day : 0;
          e.type = type;
          const auto& fields = p_.events[type].fields;
          e.fields.resize(fields.size());
          if (item.record)
            for (const auto& fv : item.record->fields) {
              auto slot = p_.field_slot(type, fv.name.text);
              if (slot < 0) continue;
              std::string why;
              auto v = value(m, *fv.value, fields[slot], index, why);
              if (!v) { fail(fv.value->range, why); return r; }
              e.fields[slot] = std::move(*v);
            }
          // Histories are by date, ties in the order of the test's lines.
          auto& evs = hs[it->second].events;
          auto pos = std::upper_bound(evs.begin(), evs.end(), e.date, [](ir::Day d, const ir::Event& x) { return d < x.date; });
          evs.insert(pos, std::move(e));
          break;
        }
        case TestItem::Kind::Expect: expects.push_back(&item); break;
      }
    }
    std::vector<ir::Timeline> ts;
    for (const auto& h : hs) {
      ts.push_back(ir::run(p_, h, run_));
      for (const auto& err : ts.back().errors)
        fail(t.name_range, fmt::format("the run of `{}` stopped: event #{} on {}: {}", h.entity.id, err.event,
                                       ir::date_text(err.date), err.reason));
    }
    if (!r.failures.empty()) return r;
    ir::apply_reach(p_, hs, ts);
    std::vector<std::string> problems;  // per expectation: "" when it holds on the interpreter
    for (const TestItem* x : expects) {
      auto it = index.find(x->name.text);
      if (it == index.end()) { fail(x->range, "unknown entity `" + x->name.text + "`"); problems.emplace_back(); continue; }
      problems.push_back(expect(m, *x, hs[it->second], ts[it->second]));
      if (!problems.back().empty()) fail(x->range, problems.back());
    }
    // Every compiled backend: the interpreter's timelines item by item, and so the same outcome of
    // every expectation.
    for (const Backend& b : backends_) {
      std::vector<ir::Timeline> bs;
      for (const auto& h : hs) bs.push_back(b.run(h));
      ir::apply_reach(p_, hs, bs);
      bool same = true;
      for (std::size_t k = 0; k < hs.size(); ++k)
        if (auto diff = codegen_difference(ts[k], bs[k])) {
          fail(t.name_range, fmt::format("on {}, the timeline of `{}` is not the interpreter's: {}", b.name, hs[k].entity.id, *diff));
          same = false;
        }
      if (!same) continue;
      for (std::size_t k = 0; k < expects.size(); ++k) {
        auto it = index.find(expects[k]->name.text);
        if (it == index.end()) continue;
        std::string problem = expect(m, *expects[k], hs[it->second], bs[it->second]);
        if (problem.empty() != problems[k].empty()) fail(expects[k]->range, fmt::format("on {}: {}", b.name, problem.empty() ? "the expectation holds, but not on the interpreter" : problem));
      }
    }
    return r;
  }

 private:
  std::string location(syntax::SourceRange at) const {
    if (!at.valid()) return "?";
    const auto& f = sources_.file(at.file);
    auto lc = f.line_column(at.begin);
    return fmt::format("{}:{}:{}", f.path(), lc.line, lc.column);
  }

  // The IR's name of a declaration named in module m: unqualified for the root, `policy.name` for
  // a used file's.
  std::string qualified(const sema::Module& m, const syntax::QualifiedName& q) const {
    const sema::Symbol* s = sema::resolve(m, q);
    if (!s || !s->module || s->module == model_.program.root) return q.name;
    return s->module->policy_name() + "." + q.name;
  }

  std::optional<ir::Value> value(const sema::Module& m, const syntax::Expr& e, const ir::FieldType& f,
                                 const std::map<std::string, std::size_t>& entities, std::string& why) const {
    switch (e.kind) {
      case ExprKind::Int:
        if (f.kind == ir::ValueKind::Decimal) return ir::Value::decimal(e.integer, 0);
        return ir::Value::integer(e.integer);
      case ExprKind::Decimal: return ir::Value::decimal(e.decimal.mantissa, e.decimal.scale);
      case ExprKind::Percent: return ir::Value::decimal(e.decimal.mantissa, e.decimal.scale + 2);
      case ExprKind::Money: return ir::Value::money(ir::money_units(e.decimal), e.text);
      case ExprKind::Text: return ir::Value::of_text(e.text);
      case ExprKind::Date: return ir::Value::date(static_cast<ir::Day>(e.integer));
      case ExprKind::Bool: return ir::Value::boolean(e.integer != 0);
      case ExprKind::Duration:
        switch (e.unit) {
          case syntax::DurationUnit::Days: return ir::Value::duration(e.integer, ir::Unit::Days);
          case syntax::DurationUnit::WorkingDays: return ir::Value::duration(e.integer, ir::Unit::WorkingDays);
          case syntax::DurationUnit::Months: return ir::Value::duration(e.integer, ir::Unit::Months);
          case syntax::DurationUnit::Years: return ir::Value::duration(e.integer * 12, ir::Unit::Months);
        }
        break;
      case ExprKind::Unary:
        if (e.unary == syntax::UnaryOp::Negate && !e.operands.empty()) {
          auto v = value(m, *e.operands[0], f, entities, why);
          if (v && v->kind != ir::ValueKind::Bool && v->kind != ir::ValueKind::Text && v->kind != ir::ValueKind::Date) {
            v->i = -v->i;
            return v;
          }
        }
        break;
      case ExprKind::Name:
        if (f.kind == ir::ValueKind::Choice && f.index >= 0) {
          const auto& choices = p_.enums[f.index].choices;
          auto c = std::find(choices.begin(), choices.end(), e.text);
          if (c != choices.end()) return ir::Value::choice(f.index, c - choices.begin());
        }
        if (f.kind == ir::ValueKind::Entity && entities.count(e.text)) {
          ir::Value v = ir::Value::entity();
          v.text = e.text;
          return v;
        }
        break;
      case ExprKind::Field:  // `national.tax`: a choice of an enum declared in a used file, named with its alias
        if (f.kind == ir::ValueKind::Choice && f.index >= 0 && e.operands.size() == 1 && e.operands[0]->kind == ExprKind::Name) {
          const auto& en = p_.enums[f.index];
          auto used = m.uses.find(e.operands[0]->text);
          if (used != m.uses.end() && en.name.rfind(used->second->policy_name() + ".", 0) == 0) {
            auto c = std::find(en.choices.begin(), en.choices.end(), e.text);
            if (c != en.choices.end()) return ir::Value::choice(f.index, c - en.choices.begin());
          }
        }
        break;
      default: break;
    }
    why = fmt::format("the value of `{}` is not a literal the test runner can read", f.name);
    return std::nullopt;
  }

  std::string cause_text(const ir::Cause& c) const {
    std::string s = c.rule;
    if (c.event >= 0) s += fmt::format("; event #{} on {}", c.event, ir::date_text(c.date));
    for (const auto& u : c.params) s += fmt::format("; {} = {}", p_.params.at(u.param).name, ir::to_string(p_, u.value));
    return s;
  }

  static std::string span(ir::Day start, const std::optional<ir::Day>& end) {
    return fmt::format("[{}, {})", ir::date_text(start), end ? ir::date_text(*end) : std::string("open"));
  }
  static bool in_force(ir::Day start, const std::optional<ir::Day>& end, ir::Day d) {
    return start <= d && (!end || d < *end);
  }

  // What the entity is on day d: memberships, measures and grades with their causes.
  std::string state(const ir::History& h, const ir::Timeline& t, ir::Day d) const {
    std::string s;
    for (const auto& l : t.listings)
      if (in_force(l.start, l.end, d))
        s += fmt::format("\n    in {} {} (cause: {})", p_.lists.at(l.list).name, span(l.start, l.end), cause_text(l.cause));
    for (const auto& m : t.measures)
      if (in_force(m.start, m.end, d)) {
        s += fmt::format("\n    under {} {}", p_.measures.at(m.measure).name, span(m.start, m.end));
        if (m.source == ir::MeasureInterval::Source::Reach)
          s += fmt::format(" reached from {} over {}", m.reached_from, p_.relations.at(m.relation).name);
        s += fmt::format(" (cause: {})", cause_text(m.cause));
      }
    for (const auto& g : t.grades)
      if (in_force(g.start, g.end, d))
        s += fmt::format("\n    grade {} {} {} (cause: {})", p_.grades.at(g.grade).name,
                         p_.grades.at(g.grade).levels.at(g.level), span(g.start, g.end), cause_text(g.cause));
    if (s.empty()) return fmt::format("\n  on {} {} is in no list, under no measure and has no grade", ir::date_text(d), h.entity.id);
    return fmt::format("\n  on {} {} is:{}", ir::date_text(d), h.entity.id, s);
  }

  static std::string deadline_text(const std::optional<ir::Day>& d) {
    return d ? "due " + ir::date_text(*d) : std::string("with no deadline");
  }
  // A decision's deadline, and the event that extended it (`extend by … on E`).
  std::string deadline_text(const ir::History& h, const ir::Decision& x) const {
    std::string extended = ir::extension_text(p_, h, x);
    return deadline_text(x.deadline) + (extended.empty() ? "" : " (extended by " + extended + ")");
  }
  static std::string outcome_text(const ir::Decision& x) {
    switch (x.refusal) {
      case ir::Decision::Refusal::None: break;
      case ir::Decision::Refusal::Excluded: return "refused: restoration is excluded";
      case ir::Decision::Refusal::TooEarly:
        return x.earliest ? "refused: too early, not before " + ir::date_text(*x.earliest) : "refused: too early";
      case ir::Decision::Refusal::ConditionNotMet: return "refused: the conditions were not met";
    }
    return x.granted ? "granted" : "refused";
  }
  // The list of the listing a decision is about; -1 when the index is out of range.
  static std::int32_t decision_list(const ir::Timeline& t, const ir::Decision& x) {
    return x.listing >= 0 && static_cast<std::size_t>(x.listing) < t.listings.size() ? t.listings[x.listing].list : -1;
  }

  // What happened to the entity on day d: its removals and restoration decisions, with deadlines.
  std::string happened(const ir::History& h, const ir::Timeline& t, ir::Day d) const {
    std::string s;
    for (const auto& l : t.listings)
      if (ir::removed_on(l, d))
        s += fmt::format("\n    removed from {} {} {} ({})", p_.lists.at(l.list).name, span(l.start, l.end),
                         deadline_text(l.removal_deadline),
                         l.ended_by == ir::End::Period        ? "its period ran out"
                         : l.ended_by == ir::End::Restoration ? "a restoration was granted"
                                                              : "cause: " + cause_text(l.end_cause ? *l.end_cause : l.cause));
    for (const auto& x : t.decisions) {
      if (x.date != d) continue;
      std::int32_t l = decision_list(t, x);
      s += fmt::format("\n    restoration of {} {} {} (cause: {})", l >= 0 ? p_.lists.at(l).name : std::string("?"),
                       outcome_text(x), deadline_text(h, x), cause_text(x.cause));
    }
    if (s.empty())
      return fmt::format("\n  on {} {} was removed from no list and had no restoration decision", ir::date_text(d), h.entity.id);
    return fmt::format("\n  on {} {} had:{}", ir::date_text(d), h.entity.id, s);
  }

  // "" when the expectation holds, else the rest of the failure message.
  std::string expect(const sema::Module& m, const TestItem& x, const ir::History& h, const ir::Timeline& t) const {
    ir::Day d = x.date ? x.date->day : 0;
    std::string who = x.name.text, what = x.reference.spelled(), when = ir::date_text(d);
    std::string name = qualified(m, x.reference);
    switch (x.expect) {
      case TestItem::Expect::In:
      case TestItem::Expect::NotIn: {
        std::int32_t l = p_.list_index(name);
        bool in = std::any_of(t.listings.begin(), t.listings.end(),
                              [&](const ir::Listing& y) { return y.list == l && in_force(y.start, y.end, d); });
        bool want = x.expect == TestItem::Expect::In;
        if (in == want) return "";
        return fmt::format("expected {} {}in {} on {}, but {} is {}in {} on that date{}", who, want ? "" : "not ", what, when,
                           who, in ? "" : "not ", what, state(h, t, d));
      }
      case TestItem::Expect::Under:
      case TestItem::Expect::NotUnder: {
        std::int32_t ms = p_.measure_index(name);
        bool under = std::any_of(t.measures.begin(), t.measures.end(),
                                 [&](const ir::MeasureInterval& y) { return y.measure == ms && in_force(y.start, y.end, d); });
        bool want = x.expect == TestItem::Expect::Under;
        if (under == want) return "";
        return fmt::format("expected {} {}under {} on {}, but {} is {}under {} on that date{}", who, want ? "" : "not ", what,
                           when, who, under ? "" : "not ", what, state(h, t, d));
      }
      case TestItem::Expect::Grade: {
        std::int32_t g = p_.grade_index(name);
        std::string level = x.level ? x.level->text : "";
        std::string actual;
        for (const auto& y : t.grades)
          if (y.grade == g && in_force(y.start, y.end, d)) actual = p_.grades.at(g).levels.at(y.level);
        if (actual == level) return "";
        return fmt::format("expected {} grade {} {} on {}, but {} on that date{}", who, what, level, when,
                           actual.empty() ? who + " has no level of " + what : who + " has grade " + what + " " + actual,
                           state(h, t, d));
      }
      case TestItem::Expect::Removed: {
        std::int32_t l = p_.list_index(name);
        std::optional<ir::Day> due;
        if (x.due) due = x.due->day;
        const ir::Listing* seen = nullptr;  // a removal from the list on that date, if any
        for (const auto& y : t.listings) {
          if (y.list != l || !ir::removed_on(y, d)) continue;
          if (!due || y.removal_deadline == due) return "";
          if (!seen) seen = &y;
        }
        std::string actual = seen ? fmt::format("the removal of {} from {} on that date {}", who, what,
                                               seen->removal_deadline ? "is " + deadline_text(seen->removal_deadline) : "has no deadline")
                                  : fmt::format("{} was not removed from {} on that date", who, what);
        return fmt::format("expected {} removed from {} on {}{}, but {}{}{}", who, what, when, due ? " " + deadline_text(due) : "",
                           actual, happened(h, t, d), state(h, t, d));
      }
      case TestItem::Expect::RestorationGranted:
      case TestItem::Expect::RestorationRefused: {
        std::int32_t l = p_.list_index(name);
        bool want = x.expect == TestItem::Expect::RestorationGranted;
        std::optional<ir::Day> due;
        if (x.due) due = x.due->day;
        const ir::Decision* seen = nullptr;  // a decision on the list on that date, if any
        for (const auto& y : t.decisions) {
          if (y.date != d || decision_list(t, y) != l) continue;
          if (y.granted == want && (!due || y.deadline == due)) return "";
          if (!seen || (seen->granted != want && y.granted == want)) seen = &y;
        }
        std::string actual = seen ? fmt::format("the restoration of {} for {} on that date was {}, {}", what, who, outcome_text(*seen),
                                                deadline_text(h, *seen))
                                  : fmt::format("no restoration of {} was decided for {} on that date", what, who);
        return fmt::format("expected {} restoration of {} {} on {}{}, but {}{}{}", who, what, want ? "granted" : "refused", when,
                           due ? " " + deadline_text(due) : "", actual, happened(h, t, d), state(h, t, d));
      }
    }
    return "";
  }

  const sema::Model& model_;
  const ir::Policy& p_;
  std::optional<std::string> codegen_difference(const ir::Timeline& expected, const ir::Timeline& actual) const {
#ifdef CREDLEX_HAVE_LLVM
    return codegen::first_difference(p_, expected, actual);
#else
    (void)expected, (void)actual;
    return std::nullopt;  // no compiled backend exists in this build
#endif
  }

  const diag::SourceManager& sources_;
  ir::RunOptions run_;
  std::vector<Backend> backends_;
};

std::string xml(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') o += ' ';
        else o += c;
    }
  }
  return o;
}

std::string junit(const std::vector<TestResult>& results) {
  std::vector<std::string> files;
  for (const auto& r : results)
    if (std::find(files.begin(), files.end(), r.file) == files.end()) files.push_back(r.file);
  std::size_t failed = std::count_if(results.begin(), results.end(), [](const TestResult& r) { return !r.failures.empty(); });
  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += fmt::format("<testsuites name=\"credlex test\" tests=\"{}\" failures=\"{}\">\n", results.size(), failed);
  for (const auto& f : files) {
    std::size_t n = 0, k = 0;
    for (const auto& r : results)
      if (r.file == f) { ++n; k += !r.failures.empty(); }
    o += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", xml(f), n, k);
    for (const auto& r : results) {
      if (r.file != f) continue;
      o += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml(f), xml(r.name));
      if (r.failures.empty()) {
        o += "/>\n";
        continue;
      }
      std::string text;
      for (const auto& x : r.failures) text += x + "\n";
      auto first = r.failures.front().substr(0, r.failures.front().find('\n'));
      o += fmt::format(">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n", xml(first), xml(text));
    }
    o += "  </testsuite>\n";
  }
  return o + "</testsuites>\n";
}

}  // namespace

int test_command(const TestOptions& o, Env& env) {
  ir::Calendar calendar;
  ir::RunOptions run;
  if (auto code = load_calendar_option(o.calendar, "test", "no test was run", env, calendar, run)) return *code;
  Backends backends(o.backend, run.calendar);
#ifndef CREDLEX_HAVE_LLVM
  if (o.backend != "interp") {
    env.err << "credlex test: --backend " << o.backend << " needs a build with the LLVM backend (cmake -DCREDLEX_LLVM=ON)\n";
    return kUsage;
  }
#endif
  diag::SourceManager sources;
  diag::Sink sink;
  sema::LoadOptions load;
  load.read_file = env.read_file;
  bool unreadable = false;
  std::vector<TestResult> results;
  std::set<std::string> done;  // module keys whose tests have run
  auto count_failed = [&](const sema::Module& m, const std::string& why) {
    for (const auto& d : m.ast.declarations)
      if (auto* t = std::get_if<TestDecl>(&d)) results.push_back(TestResult{m.path, t->name, {fmt::format("{}: test \"{}\" failed: {}", m.path, t->name, why)}});
  };
  for (const auto& path : o.files) {
    auto program = sema::load(path, sources, sink, load);
    if (!program.root) {
      unreadable = true;
      continue;
    }
    std::size_t before = sink.error_count();
    bool syntax_ok = program.syntax_ok();
    std::vector<const sema::Module*> modules;
    for (const auto& mod : program.modules) modules.push_back(mod.get());
    if (!syntax_ok) {
      for (const auto* mod : modules)
        if (done.insert(mod->key).second) count_failed(*mod, "the policy has errors");
      continue;
    }
    auto model = sema::check(std::move(program), sources, sink);
    if (sink.error_count() != before) {
      for (const auto& mod : model.program.modules)
        if (done.insert(mod->key).second) count_failed(*mod, "the policy has errors");
      continue;
    }
    auto policy = ir::lower(model);
    for (const auto& mod : model.program.modules) {
      if (!done.insert(mod->key).second) continue;
      bool has_tests = std::any_of(mod->ast.declarations.begin(), mod->ast.declarations.end(),
                                   [](const syntax::Declaration& d) { return std::holds_alternative<TestDecl>(d); });
      if (!has_tests) continue;
      std::vector<Backend> compiled;
      if (mod.get() == model.program.root) {
        std::string error;
        if (!backends.compile(policy, compiled, error)) {
          count_failed(*mod, "the policy could not be compiled: " + error);
          continue;
        }
        TestRunner runner(model, policy, sources, run, std::move(compiled));
        for (const auto& d : mod->ast.declarations)
          if (auto* t = std::get_if<TestDecl>(&d)) results.push_back(runner.run(*mod, *t));
        continue;
      }
      // A used file's tests run under that file as the root: its names are its own.
      diag::Sink scratch;
      auto used = sema::load(mod->path, sources, scratch, load);
      if (!used.root || !used.syntax_ok()) {
        count_failed(*mod, "the file could not be loaded on its own");
        continue;
      }
      auto used_model = sema::check(std::move(used), sources, scratch);
      if (scratch.has_errors()) {
        count_failed(*mod, "the file has errors when checked on its own");
        continue;
      }
      auto used_policy = ir::lower(used_model);
      std::string error;
      if (!backends.compile(used_policy, compiled, error)) {
        count_failed(*mod, "the file could not be compiled: " + error);
        continue;
      }
      TestRunner runner(used_model, used_policy, sources, run, std::move(compiled));
      const sema::Module& root = *used_model.program.root;
      for (const auto& d : root.ast.declarations)
        if (auto* t = std::get_if<TestDecl>(&d)) results.push_back(runner.run(root, *t));
    }
  }
  sink.sort();
  if (sink.has_errors() || !sink.diagnostics().empty() || unreadable) {
    CommandOptions c;
    print_diagnostics(sink, sources, c, env, o.files.size());
  }
  std::size_t failed = 0;
  for (const auto& r : results) {
    if (r.failures.empty()) continue;
    ++failed;
    for (const auto& f : r.failures) env.out << f << "\n";
  }
  env.out << fmt::format("{} passed, {} failed\n", results.size() - failed, failed);
  if (!o.junit.empty()) {
    std::string error;
    if (!env.write_file(o.junit, junit(results), error)) {
      env.err << fmt::format("credlex test: cannot write the JUnit report `{}`: {}\n", o.junit, error);
      return kUsage;
    }
  }
  if (unreadable) return kUsage;
  return failed || sink.has_errors() ? kPolicyErrors : kOk;
}

}  // namespace credlex::driver
