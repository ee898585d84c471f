// The reference interpreter. Deliberately plain: every step of LANGUAGE.md §3 is one function,
// state is the timeline itself (an item is in force at d when start <= d < end), and nothing is
// cached that could make two backends disagree. README.md states the rules it implements.
#include "compiler/ir/interpret.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "compiler/ir/calendar.h"
#include "compiler/ir/values.h"
#include "credlex/interval.h"

namespace credlex::ir {
namespace {

// Intervals are the runtime's (credlex/interval.h): [start, end), no end = CLX_OPEN_END.
clx_interval interval(Day start, const std::optional<Day>& end) { return clx_interval{start, end ? *end : CLX_OPEN_END}; }
bool in_force(Day start, const std::optional<Day>& end, Day d) {
  clx_interval i = interval(start, end);
  return clx_interval_contains(&i, d) != 0;
}

// What an expression sees: the date, the events visible (indices below `visible`), the event
// being applied, the cause of the listing being evaluated, aggregate slots, and the parameter
// values it read.
struct Ctx {
  Day date = 0;
  std::int32_t visible = 0;
  std::int32_t current = -1;
  std::int32_t cause = -1;
  std::vector<std::int32_t> locals;
  std::vector<ParamUse> params;
};

void merge(std::vector<ParamUse>& into, const std::vector<ParamUse>& more) {
  for (const auto& p : more)
    if (std::find(into.begin(), into.end(), p) == into.end()) into.push_back(p);
}

class Interpreter {
 public:
  Interpreter(const Policy& p, const History& h, const RunOptions& options)
      : p_(p), h_(h), cal_(options.calendar), chains_(options.chains) {}

  Timeline run() {
    steps();
    return std::move(t_);
  }

  // After the steps of the whole history: what condition `e` says on day `d` with no triggering
  // event and `cause` = the listing's event. Nothing when it reads the triggering event, or any
  // other evaluation fails (the failure is not recorded: this is a question, not a run).
  std::optional<bool> evaluate(ExprId e, Day d, std::int32_t cause) {
    steps();
    if (failed_ || !t_.errors.empty()) return std::nullopt;
    visible_ = static_cast<std::int32_t>(h_.events.size());
    Ctx c = context(d, -1, cause);
    bool out = false;
    if (!holds(e, c, out)) {
      failed_ = false;
      t_.errors.clear();
      return std::nullopt;
    }
    return out;
  }

  // After the steps of the whole history: the value of expression `e` on day `d` with `current`
  // the event being applied (-1 for none), `cause` the listing's event and the first `visible`
  // events visible. Nothing, with the reason in `error`, when it cannot be computed.
  std::optional<Value> value(ExprId e, Day d, std::int32_t current, std::int32_t cause, std::int32_t visible,
                             std::string& error) {
    steps();
    if (failed_ || !t_.errors.empty()) {
      error = t_.errors.empty() ? "the run failed" : t_.errors.front().reason;
      return std::nullopt;
    }
    visible_ = visible;
    Ctx c = context(d, current, cause);
    Value out;
    if (!eval(e, c, out)) {
      error = t_.errors.empty() ? "failed" : t_.errors.front().reason;
      failed_ = false;
      t_.errors.clear();
      return std::nullopt;
    }
    return out;
  }

 private:
  void steps() {
    if (!validate()) return;
    collect_windows();
    std::size_t i = 0, n = h_.events.size();
    std::optional<Day> last;
    while (!failed_) {
      // The next date: an event, an ending, or a day an event leaves a sliding window.
      std::optional<Day> d;
      if (i < n) d = h_.events[i].date;
      if (auto e = next_end(last); e && (!d || *e < *d)) d = e;
      if (auto w = next_window_day(last); w && (!d || *w < *d)) d = w;
      if (!d) break;
      // (1) Whatever ends on or before d has ended: items carry their end, so nothing to do.
      // (2) The events of d, in input order.
      std::size_t today = i;
      for (; i < n && h_.events[i].date == *d && !failed_; ++i) apply(static_cast<std::int32_t>(i));
      if (failed_) break;
      for (std::size_t k = today; k < i; ++k) schedule_window_days(h_.events[k]);
      // (3) Grades, then measures.
      visible_ = static_cast<std::int32_t>(i);
      recompute(*d);
      last = d;
    }
    deadlines_after_periods();
  }

  // (4) A listing whose period ran out under `for D then remove within W`: the authority must
  // delete it within W after the period's last day, counted from the next day as a removal's
  // deadline is counted from its event (SPC 2017 Art 10 para 2). W depends on the date alone
  // (E0512), so evaluating it again on the listing's event gives what the include rule saw.
  void deadlines_after_periods() {
    for (std::size_t k = 0; k < t_.listings.size() && !failed_; ++k) {
      Listing& ls = t_.listings[k];
      const ListRule& r = p_.lists[ls.list].includes.at(static_cast<std::size_t>(ls.rule));
      if (ls.ended_by != End::Period || r.deadline == kNoExpr || !ls.end) continue;
      // On the event's date, as the include rule evaluated it (a listing may start later).
      Day on = h_.events[ls.cause_event].date;
      where_event_ = ls.cause_event;
      where_date_ = on;
      Ctx c = context(on, ls.cause_event, -1);
      Value w;
      if (!eval_duration(r.deadline, c, w)) return;
      ls.removal_deadline = calendar::add(cal_, *ls.end - 1, w.i, w.unit);
      if (!ls.removal_deadline) fail("the deadline is outside the years 1 to 9999");
    }
  }

  // ----- input -----
  bool validate() {
    auto error = [&](std::int32_t ev, Day d, std::string reason) { t_.errors.push_back(RunError{ev, d, std::move(reason)}); };
    const Entity& en = h_.entity;
    if (en.kind < 0 || en.kind >= static_cast<std::int32_t>(p_.kinds.size())) {
      error(-1, 0, "the entity has no known kind");
      return false;
    }
    if (en.attributes.size() > p_.kinds[en.kind].attributes.size())
      error(-1, 0, fmt::format("the entity has {} attributes; a `{}` has {}", en.attributes.size(),
                               p_.kinds[en.kind].name, p_.kinds[en.kind].attributes.size()));
    for (std::size_t a = 0; a < en.attributes.size() && a < p_.kinds[en.kind].attributes.size(); ++a) {
      if (!en.attributes[a]) continue;
      if (!fits(*en.attributes[a], p_.kinds[en.kind].attributes[a]))
        error(-1, 0, fmt::format("the entity's `{}` has the wrong type", p_.kinds[en.kind].attributes[a].name));
      else if (!currency_ok(*en.attributes[a]))
        error(-1, 0, fmt::format("the entity's `{}` has no currency code of three letters A to Z", p_.kinds[en.kind].attributes[a].name));
    }
    for (std::size_t i = 0; i < h_.events.size(); ++i) {
      const Event& e = h_.events[i];
      auto at = static_cast<std::int32_t>(i);
      if (!calendar::in_range(e.date)) { error(at, e.date, "the date is outside the years 1 to 9999"); continue; }
      if (i > 0 && e.date < h_.events[i - 1].date) error(at, e.date, "the events are not in date order");
      if (e.type < 0 || e.type >= static_cast<std::int32_t>(p_.events.size())) { error(at, e.date, "unknown event type"); continue; }
      const EventType& t = p_.events[e.type];
      if (!t.kinds.empty() && std::find(t.kinds.begin(), t.kinds.end(), en.kind) == t.kinds.end())
        error(at, e.date, fmt::format("a `{}` event cannot happen to a `{}`", t.name, p_.kinds[en.kind].name));
      if (e.fields.size() != t.fields.size()) {
        error(at, e.date, fmt::format("a `{}` event has {} fields, not {}", t.name, t.fields.size(), e.fields.size()));
        continue;
      }
      for (std::size_t f = 0; f < t.fields.size(); ++f) {
        if (!e.fields[f]) error(at, e.date, fmt::format("the field `{}` has no value", t.fields[f].name));
        else if (!fits(*e.fields[f], t.fields[f]))
          error(at, e.date, fmt::format("the field `{}` has the wrong type", t.fields[f].name));
        else if (!currency_ok(*e.fields[f]))
          error(at, e.date, fmt::format("the field `{}` has no currency code of three letters A to Z", t.fields[f].name));
      }
    }
    return t_.errors.empty();
  }

  // Money in the input is in a currency the runtime accepts (three letters A to Z).
  static bool currency_ok(const Value& v) { return v.kind != ValueKind::Money || values::valid_currency(v.text); }

  static bool fits(const Value& v, const FieldType& f) {
    if (f.kind == ValueKind::Decimal && v.kind == ValueKind::Int) return true;
    if (v.kind != f.kind) return false;
    if (f.kind == ValueKind::Money && !f.currency.empty() && v.text != f.currency) return false;
    if (f.kind == ValueKind::Choice && v.index != f.index) return false;
    return true;
  }

  // ----- errors -----
  bool fail(std::string reason) {
    if (!failed_) t_.errors.push_back(RunError{where_event_, where_date_, std::move(reason)});
    failed_ = true;
    return false;
  }

  // ----- time -----
  std::optional<Day> next_end(const std::optional<Day>& last) const {
    std::optional<Day> out;
    auto consider = [&](const std::optional<Day>& end) {
      if (end && (!last || *end > *last) && (!out || *end < *out)) out = end;
    };
    for (const auto& l : t_.listings) {
      consider(l.start);  // a listing `starting after D` starts on a day of its own
      consider(l.end);
    }
    for (const auto& m : t_.measures) consider(m.end);
    return out;
  }

  // ----- sliding windows -----
  // An aggregate `E within D` in a grade or measure condition changes value not only when an
  // event happens but also on the day an event of type E leaves the window (d − D, d]. For every
  // *constant* window (D a duration literal, or a parameter whose versions are all duration
  // literals) those days are computed as events become visible, and visited like any other date.
  // A parameter's window is D_v on [from_v, from_v+1): an exit day computed with D_v counts only
  // when version v is in force on it, and the day each version comes into force is visited too.

  void collect_windows() {
    SlidingWindows sw = sliding_windows(p_, h_.entity.kind);
    windows_ = std::move(sw.windows);
    window_days_.insert(sw.days.begin(), sw.days.end());
  }

  std::optional<Day> leaves(Day t, const Value& D) const {
    if (D.i <= 0) return std::nullopt;  // an empty window never holds the event
    auto outside = [&](Day d) {
      auto lower = calendar::add(cal_, d, -D.i, D.unit);
      return lower && *lower >= t;
    };
    auto bound = calendar::add(cal_, t, D.i, D.unit);
    if (!bound) return std::nullopt;
    std::int64_t hi = *bound, step = 1;
    while (!outside(static_cast<Day>(hi))) {  // t + D can be too early by a few days (month ends)
      hi += step;
      step *= 2;
      if (!calendar::in_range(hi)) return std::nullopt;
    }
    std::int64_t lo = t;  // outside(t) is false: t − D < t
    while (hi - lo > 1) {
      std::int64_t mid = lo + (hi - lo) / 2;
      (outside(static_cast<Day>(mid)) ? hi : lo) = mid;
    }
    return static_cast<Day>(hi);
  }

  // An event has become visible: the days it leaves each window over its type.
  void schedule_window_days(const Event& e) {
    for (const auto& w : windows_) {
      if (w.event != e.type) continue;
      for (const auto& piece : w.pieces) {
        auto day = leaves(e.date, piece.duration);
        if (day && *day >= piece.from && (!piece.until || *day < *piece.until)) window_days_.insert(*day);
      }
    }
  }

  // The next such day after `last`; none before the first visit (the first event's date).
  std::optional<Day> next_window_day(const std::optional<Day>& last) {
    if (!last) return std::nullopt;
    while (!window_days_.empty() && *window_days_.begin() <= *last) window_days_.erase(window_days_.begin());
    if (window_days_.empty()) return std::nullopt;
    return *window_days_.begin();
  }

  // In force on d, or also (`waiting`) a listing `starting after D` that has not started yet:
  // inclusion, extensions and removals see those too; restoration decisions and `listed(L)` do not.
  static bool open(const Listing& l, Day d, bool waiting) {
    return in_force(l.start, l.end, d) || (waiting && d < l.start && (!l.end || d < *l.end));
  }
  bool listed(std::int32_t list, Day d, bool waiting = false) const {
    return std::any_of(t_.listings.begin(), t_.listings.end(),
                       [&](const Listing& l) { return l.list == list && open(l, d, waiting); });
  }
  std::vector<std::int32_t> open_listings(std::int32_t list, Day d, bool waiting = false) const {
    std::vector<std::int32_t> out;
    for (std::size_t k = 0; k < t_.listings.size(); ++k)
      if (t_.listings[k].list == list && open(t_.listings[k], d, waiting)) out.push_back(static_cast<std::int32_t>(k));
    return out;
  }
  bool of_kinds(const std::vector<std::int32_t>& kinds) const {
    return kinds.empty() || std::find(kinds.begin(), kinds.end(), h_.entity.kind) != kinds.end();
  }

  Ctx context(Day d, std::int32_t current, std::int32_t cause) const {
    Ctx c;
    c.date = d;
    c.visible = visible_;
    c.current = current;
    c.cause = cause;
    c.locals.assign(static_cast<std::size_t>(std::max(p_.locals, 1)), -1);
    return c;
  }

  // ----- expressions -----
  bool holds(ExprId e, Ctx& c, bool& out) {
    if (e == kNoExpr) { out = true; return true; }
    Value v;
    if (!eval(e, c, v)) return false;
    out = v.i != 0;
    return true;
  }

  bool eval_duration(ExprId e, Ctx& c, Value& out) {
    if (!eval(e, c, out)) return false;
    if (out.kind != ValueKind::Duration) return fail("a duration was expected");
    return true;
  }

  bool event_of(const Value& v, const Event*& out) {
    if (v.kind != ValueKind::Event || v.i < 0 || v.i >= static_cast<std::int64_t>(h_.events.size()))
      return fail("an event was expected");
    out = &h_.events[static_cast<std::size_t>(v.i)];
    return true;
  }

  bool param(std::int32_t index, Ctx& c, Value& out) {
    const Param& p = p_.params.at(static_cast<std::size_t>(index));
    std::int32_t version = -1;
    for (std::size_t v = 0; v < p.versions.size(); ++v)
      if (p.versions[v].from <= c.date) version = static_cast<std::int32_t>(v);
    if (version < 0) return fail(fmt::format("the parameter `{}` has no value on {}", p.name, date_text(c.date)));
    if (!eval(p.versions[version].value, c, out)) return false;
    ParamUse use{index, version, out};
    if (std::find(c.params.begin(), c.params.end(), use) == c.params.end()) c.params.push_back(use);
    return true;
  }

  bool aggregate(const Node& n, Ctx& c, Value& out) {
    std::optional<Day> after;  // events strictly after this day and on or before c.date
    if (n.within != kNoExpr) {
      Value w;
      if (!eval_duration(n.within, c, w)) return false;
      if (w.i == INT64_MIN) return fail("arithmetic overflow");
      auto lower = calendar::add(cal_, c.date, -w.i, w.unit);
      if (!lower) return fail("a date outside the years 1 to 9999");
      after = *lower;
    }
    std::int64_t count = 0;
    Value sum;
    if (n.op == Op::Sum) {
      const auto& fields = p_.events.at(n.index).fields;
      std::int32_t slot = n.slots.at(n.index);
      sum = values::zero(slot >= 0 ? fields[slot].kind : ValueKind::Int);
    }
    std::int32_t found = -1;
    auto visit = [&](std::int32_t k) -> int {  // 1 = stop, 0 = go on, -1 = error
      const Event& e = h_.events[k];
      if (e.type != n.index || e.date > c.date || (after && e.date <= *after)) return 0;
      c.locals.at(n.local) = k;
      bool ok = true;
      if (!holds(n.where, c, ok)) return -1;
      if (!ok) return 0;
      ++count;
      if (n.op == Op::Sum) {
        Value f;
        if (!field(Value::event(k), n.slots, n.name, f)) return -1;
        std::string error;
        if (!values::arithmetic(Op::Add, sum, f, sum, error, cal_)) return fail(error), -1;
        return 0;
      }
      found = k;
      return n.op == Op::Count ? 0 : 1;
    };
    if (n.op == Op::Latest) {
      for (std::int32_t k = c.visible - 1; k >= 0; --k)
        if (int r = visit(k)) { if (r < 0) return false; break; }
    } else {
      for (std::int32_t k = 0; k < c.visible; ++k)
        if (int r = visit(k)) { if (r < 0) return false; break; }
    }
    switch (n.op) {
      case Op::Count: out = Value::integer(count); return true;
      case Op::Exists: out = Value::boolean(count > 0); return true;
      case Op::Sum: out = sum; return true;
      default:
        if (found < 0) return fail(fmt::format("there is no `{}` event to look at", p_.events.at(n.index).name));
        out = Value::event(found);
        return true;
    }
  }

  bool field(const Value& ev, const std::vector<std::int32_t>& slots, const std::string& name, Value& out) {
    const Event* e = nullptr;
    if (!event_of(ev, e)) return false;
    std::int32_t slot = slots.at(static_cast<std::size_t>(e->type));
    if (slot == kDateSlot) { out = Value::date(e->date); return true; }
    if (slot < 0) return fail(fmt::format("a `{}` event has no field `{}`", p_.events[e->type].name, name));
    if (!e->fields.at(slot)) return fail(fmt::format("event {} has no value for `{}`", ev.i, name));
    out = *e->fields[slot];
    return true;
  }

  bool eval(ExprId id, Ctx& c, Value& out) {
    const Node& n = p_.nodes.at(static_cast<std::size_t>(id));
    std::string error;
    switch (n.op) {
      case Op::Const: out = n.value; return true;
      case Op::Param: return param(n.index, c, out);
      case Op::Current:
        if (c.current < 0) return fail("no event is being applied");
        out = Value::event(c.current);
        return true;
      case Op::Cause:
        if (c.cause < 0) return fail("`cause` is used where no listing is being evaluated");
        out = Value::event(c.cause);
        return true;
      case Op::Local:
        if (c.locals.at(n.index) < 0) return fail("an aggregate's event is not bound");
        out = Value::event(c.locals[n.index]);
        return true;
      case Op::Self: out = Value::entity(); return true;
      case Op::Field: {
        Value ev;
        if (!eval(n.args[0], c, ev)) return false;
        return field(ev, n.slots, n.name, out);
      }
      case Op::Attribute: {
        std::int32_t slot = n.slots.at(static_cast<std::size_t>(h_.entity.kind));
        if (slot < 0) return fail(fmt::format("a `{}` has no `{}`", p_.kinds[h_.entity.kind].name, n.name));
        if (static_cast<std::size_t>(slot) >= h_.entity.attributes.size() || !h_.entity.attributes[slot])
          return fail(fmt::format("the entity's `{}` is not known", n.name));
        out = *h_.entity.attributes[slot];
        return true;
      }
      case Op::IsKind: out = Value::boolean(h_.entity.kind == n.index); return true;
      case Op::IsEvent: {
        Value v;
        const Event* ev = nullptr;
        if (!eval(n.args[0], c, v) || !event_of(v, ev)) return false;
        out = Value::boolean(ev->type == n.index);
        return true;
      }
      case Op::Listed: out = Value::boolean(listed(n.index, c.date)); return true;
      case Op::Not: {
        Value v;
        if (!eval(n.args[0], c, v)) return false;
        out = Value::boolean(v.i == 0);
        return true;
      }
      case Op::Negate: {
        Value v;
        if (!eval(n.args[0], c, v)) return false;
        return values::negate(v, out, error) || fail(error);
      }
      case Op::And: case Op::Or: {
        Value l;
        if (!eval(n.args[0], c, l)) return false;
        if ((n.op == Op::And) == (l.i == 0)) { out = Value::boolean(l.i != 0); return true; }
        Value r;
        if (!eval(n.args[1], c, r)) return false;
        out = Value::boolean(r.i != 0);
        return true;
      }
      case Op::If: {
        Value cond;
        if (!eval(n.args[0], c, cond)) return false;
        return eval(n.args[cond.i != 0 ? 1 : 2], c, out);
      }
      case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: {
        Value l, r;
        if (!eval(n.args[0], c, l) || !eval(n.args[1], c, r)) return false;
        return values::arithmetic(n.op, l, r, out, error, cal_) || fail(error);
      }
      case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: {
        Value l, r;
        if (!eval(n.args[0], c, l) || !eval(n.args[1], c, r)) return false;
        bool b = false;
        if (!values::compare(n.op, l, r, b, error)) return fail(error);
        out = Value::boolean(b);
        return true;
      }
      case Op::Count: case Op::Exists: case Op::Sum: case Op::Latest: case Op::First:
        return aggregate(n, c, out);
    }
    return fail("unknown operation");
  }

  // ----- step (2): one event -----
  void apply(std::int32_t i) {
    const Event& ev = h_.events[i];
    Day d = ev.date;
    where_event_ = i;
    where_date_ = d;
    visible_ = i + 1;
    for (std::size_t l = 0; l < p_.lists.size() && !failed_; ++l) include(static_cast<std::int32_t>(l), i);
    for (std::size_t l = 0; l < p_.lists.size() && !failed_; ++l)
      for (const auto& r : p_.lists[l].extends)
        if (r.event == ev.type && !failed_) extend(static_cast<std::int32_t>(l), r, i);
    for (std::size_t l = 0; l < p_.lists.size() && !failed_; ++l)
      for (const auto& r : p_.lists[l].removes)
        if (r.event == ev.type && !failed_) remove(static_cast<std::int32_t>(l), r, i);
    // `extend by D on E`: pending decisions get their longer time before this event's own ones.
    for (std::size_t k = 0; k < p_.restorations.size() && !failed_; ++k)
      for (std::size_t r = 0; r < p_.restorations[k].decide.size() && !failed_; ++r)
        if (p_.restorations[k].decide[r].extension_event == ev.type)
          extend_deadlines(static_cast<std::int32_t>(k), static_cast<std::int32_t>(r), i);
    std::size_t decided = t_.decisions.size();
    for (std::size_t k = 0; k < p_.restorations.size() && !failed_; ++k)
      for (std::size_t r = 0; r < p_.restorations[k].decide.size() && !failed_; ++r)
        if (p_.restorations[k].decide[r].event == ev.type) decide(static_cast<std::int32_t>(k), static_cast<std::int32_t>(r), i);
    // `include on restored(L)`: after this event's decisions, once for each list L of which a
    // listing was restored, in the order of the lists; the event is the new listing's cause.
    for (std::size_t restored = 0; restored < p_.lists.size() && !failed_; ++restored) {
      bool granted = false;
      for (std::size_t x = decided; x < t_.decisions.size(); ++x)
        granted |= t_.decisions[x].granted && t_.listings[t_.decisions[x].listing].list == static_cast<std::int32_t>(restored);
      if (!granted) continue;
      for (std::size_t l = 0; l < p_.lists.size() && !failed_; ++l)
        include(static_cast<std::int32_t>(l), i, static_cast<std::int32_t>(restored));
    }
  }

  // The first include rule of the list whose conditions hold applies; an entity already listed
  // stays on its listing unless the rule says `separately`. The rules on the event's type, or
  // with `restored` >= 0 those `on restored(that list)`.
  void include(std::int32_t l, std::int32_t i, std::int32_t restored = -1) {
    const List& list = p_.lists[l];
    const Event& ev = h_.events[i];
    if (!of_kinds(list.kinds)) return;
    for (std::size_t ri = 0; ri < list.includes.size(); ++ri) {
      const ListRule& r = list.includes[ri];
      if (restored < 0 ? r.event != ev.type : r.restored != restored) continue;
      Ctx c = context(ev.date, i, -1);
      bool ok = false;
      if (!holds(r.condition, c, ok)) return;
      if (!ok) continue;
      // Already listed, or about to be: the entity stays on that listing.
      if (!r.separately && listed(l, ev.date, true)) return;
      Listing ls;
      ls.list = l;
      ls.rule = static_cast<std::int32_t>(ri);
      ls.start = ev.date;
      ls.cause_event = i;
      // `starting after D`: the listing starts once D has passed, counted as a period of the
      // file is; its own period counts from that start.
      if (r.delay != kNoExpr) {
        Value delay;
        if (!eval_duration(r.delay, c, delay)) return;
        if (delay.i < 0) { fail("the time before the listing starts is negative"); return; }
        auto start = calendar::period_end(cal_, ev.date, delay.i, delay.unit, r.span.next_day);
        if (!start) { fail("the listing would start outside the years 1 to 9999"); return; }
        ls.start = *start;
      }
      if (!r.until_removed) {
        Value low;
        if (!eval_duration(r.span.low, c, low)) return;
        auto end = calendar::period_end(cal_, ls.start, low.i, low.unit, r.span.next_day);
        if (!end) { fail("the listing would end outside the years 1 to 9999"); return; }
        ls.end = *end;
        ls.ended_by = End::Period;
        if (r.span.high != kNoExpr) {
          Value high;
          if (!eval_duration(r.span.high, c, high)) return;
          if (auto max = calendar::period_end(cal_, ls.start, high.i, high.unit, r.span.next_day)) ls.legal_maximum = *max;
        }
        if (r.chosen != kNoExpr && !chosen_period(r, c, ls)) return;
      }
      // `then remove within`: evaluated here for its errors (and the parameters it reads); used by
      // deadlines_after_periods once the period's end is final.
      Value within;
      if (!r.until_removed && r.deadline != kNoExpr && !eval_duration(r.deadline, c, within)) return;
      // The authority chose no time at all (`0 months`: not published): no listing.
      if (r.chosen != kNoExpr && ls.end && *ls.end <= ls.start) return;
      ls.cause = Cause{r.label, i, ev.date, c.params, r.basis};
      t_.listings.push_back(std::move(ls));
      return;
    }
  }

  // `for x.period within a .. b`: the listing lasts the period the authority chose, but never
  // past the upper bound (`within a` alone: a), which is its legal maximum; a choice below `a`
  // applies as decided, as for extensions (credlex adds no punishment the decision did not impose).
  bool chosen_period(const ListRule& r, Ctx& c, Listing& ls) {
    Value chosen;
    if (!eval_duration(r.chosen, c, chosen)) return false;
    if (chosen.i < 0) { fail("the listing period the authority chose is negative"); return false; }
    if (r.span.high == kNoExpr) ls.legal_maximum = ls.end;
    auto end = calendar::period_end(cal_, ls.start, chosen.i, chosen.unit, r.span.next_day);
    if (end && (!ls.legal_maximum || *end < *ls.legal_maximum)) ls.end = end;
    else if (ls.legal_maximum) ls.end = ls.legal_maximum;
    else { fail("the listing would end outside the years 1 to 9999"); return false; }
    return true;
  }

  // Each open listing with an end whose conditions hold (with its own `cause`) moves its end by
  // the lower bound, but the total of its extensions never passes the upper bound.
  void extend(std::int32_t l, const ListRule& r, std::int32_t i) {
    const Event& ev = h_.events[i];
    for (std::int32_t k : open_listings(l, ev.date, true)) {
      Ctx c = context(ev.date, i, t_.listings[k].cause_event);
      bool ok = false;
      if (!holds(r.condition, c, ok)) return;
      if (!ok || !t_.listings[k].end) continue;
      // The step is the authority's choice when the rule reads one (`by x.period within a .. b`),
      // else the lower bound; the total never passes the upper bound (or `a` alone).
      Value step, cap, total, room, added;
      if (!eval_duration(r.span.low, c, step)) return;
      cap = step;
      if (r.span.high != kNoExpr && !eval_duration(r.span.high, c, cap)) return;
      if (r.chosen != kNoExpr && !eval_duration(r.chosen, c, step)) return;
      total = t_.listings[k].extended.value_or(Value::duration(0, step.unit));
      std::string error;
      if (!values::arithmetic(Op::Sub, cap, total, room, error, cal_)) { fail(error); return; }
      bool less = false;
      if (!values::compare(Op::Lt, room, step, less, error)) { fail(error); return; }
      added = less ? room : step;
      if (added.i < 0) added.i = 0;
      Listing& ls = t_.listings[k];
      auto end = calendar::extended_end(cal_, *ls.end, added.i, added.unit, r.span.next_day);
      if (!end) { fail("the listing would end outside the years 1 to 9999"); return; }
      ls.end = *end;
      if (!values::arithmetic(Op::Add, total, added, total, error, cal_)) { fail(error); return; }
      ls.extended = total;
      ls.extensions.push_back(Extension{i, ev.date, added, less, Cause{r.label, i, ev.date, c.params, r.basis}});
    }
  }

  // Each open listing whose conditions hold ends on the event's date; `within` is recorded. A
  // listing that has not started yet is cancelled: it starts and ends that day, in force on none.
  void remove(std::int32_t l, const ListRule& r, std::int32_t i) {
    const Event& ev = h_.events[i];
    for (std::int32_t k : open_listings(l, ev.date, true)) {
      Ctx c = context(ev.date, i, t_.listings[k].cause_event);
      bool ok = false;
      if (!holds(r.condition, c, ok)) return;
      if (!ok) continue;
      std::optional<Day> deadline;
      if (r.deadline != kNoExpr) {
        Value w;
        if (!eval_duration(r.deadline, c, w)) return;
        deadline = calendar::add(cal_, ev.date, w.i, w.unit);
        if (!deadline) { fail("the deadline is outside the years 1 to 9999"); return; }
      }
      Listing& ls = t_.listings[k];
      ls.start = std::min(ls.start, ev.date);
      ls.end = ev.date;
      ls.ended_by = End::Removal;
      ls.end_cause = Cause{r.label, i, ev.date, c.params, r.basis};
      ls.removal_deadline = deadline;
    }
  }

  // `extend by D on E x when C` (the law's "if complex"): event i, of type E, gives the authority
  // D more time on each decision of the rule whose deadline it falls within (from the application's
  // date to the deadline, both included) and for which C holds, once per decision. The new
  // deadline is the old one + D; C and D are read on event i's date, x being event i and `cause`
  // the listing's.
  void extend_deadlines(std::int32_t ri, std::int32_t di, std::int32_t i) {
    const Restoration::Decide& rule = p_.restorations[ri].decide[di];
    const Day d = h_.events[i].date;
    for (Decision& dec : t_.decisions) {
      if (dec.restoration != ri || dec.rule != di || dec.extended_by >= 0 || !dec.deadline) continue;
      if (d < dec.date || d > *dec.deadline) continue;
      Ctx c = context(d, i, t_.listings[dec.listing].cause_event);
      bool ok = false;
      if (!holds(rule.extension_condition, c, ok)) return;
      if (!ok) continue;
      Value w;
      if (!eval_duration(rule.extension, c, w)) return;
      dec.deadline = calendar::add(cal_, *dec.deadline, w.i, w.unit);
      if (!dec.deadline) { fail("the deadline is outside the years 1 to 9999"); return; }
      dec.extended_by = i;
    }
  }

  // A decision on each open listing of the list: refused when a `never` condition holds, else
  // granted by the first `eligible` rule whose minimum period has passed and whose conditions
  // hold, else refused for the first eligible rule's reason.
  void decide(std::int32_t ri, std::int32_t di, std::int32_t i) {
    const Restoration& r = p_.restorations[ri];
    const Restoration::Decide& rule = r.decide[di];
    const Event& ev = h_.events[i];
    for (std::int32_t k : open_listings(r.list, ev.date)) {
      Ctx c = context(ev.date, i, t_.listings[k].cause_event);
      Decision dec;
      dec.restoration = ri;
      dec.rule = di;
      dec.listing = k;
      dec.event = i;
      dec.date = ev.date;
      if (rule.within != kNoExpr) {
        Value w;
        if (!eval_duration(rule.within, c, w)) return;
        dec.deadline = calendar::add(cal_, ev.date, w.i, w.unit);
        if (!dec.deadline) { fail("the deadline is outside the years 1 to 9999"); return; }
      }
      Basis basis = rule.basis;
      std::string label = rule.label;
      for (const auto& nv : r.never) {
        bool excluded = false;
        if (!holds(nv.condition, c, excluded)) return;
        if (excluded) {
          dec.refusal = Decision::Refusal::Excluded;
          basis = chain(nv.basis, basis);
          label += "; " + nv.label;
          break;
        }
      }
      if (dec.refusal == Decision::Refusal::None) {
        dec.refusal = Decision::Refusal::ConditionNotMet;
        bool first = true;
        for (const auto& el : r.eligible) {
          Decision::Refusal reason = Decision::Refusal::None;
          std::optional<Day> earliest;
          Value after = Value::duration(0, Unit::Days);
          if (el.after.low != kNoExpr && !eval_duration(el.after.low, c, after)) return;
          auto from = calendar::period_end(cal_, t_.listings[k].start, after.i, after.unit, el.after.next_day);
          if (!from) { fail("the minimum period ends outside the years 1 to 9999"); return; }
          bool ok = false;
          if (*from > ev.date) {
            reason = Decision::Refusal::TooEarly;
            earliest = *from;
          } else {
            if (!holds(el.condition, c, ok)) return;
            if (!ok) reason = Decision::Refusal::ConditionNotMet;
          }
          if (reason == Decision::Refusal::None) {
            dec.granted = true;
            dec.refusal = reason;
            dec.earliest.reset();
            basis = chain(el.basis, basis);
            label += "; " + el.label;
            break;
          }
          if (first) {
            dec.refusal = reason;
            dec.earliest = earliest;
            basis = chain(el.basis, basis);
            label += "; " + el.label;
            first = false;
          }
        }
      }
      dec.cause = Cause{label, i, ev.date, c.params, basis};
      if (dec.granted) {
        Listing& ls = t_.listings[k];
        ls.end = ev.date;
        ls.ended_by = End::Restoration;
        // `then remove within W`: the authority owes the deletion by the decision's date + W.
        if (rule.removal != kNoExpr) {
          Value w;
          if (!eval_duration(rule.removal, c, w)) return;
          ls.removal_deadline = calendar::add(cal_, ev.date, w.i, w.unit);
          if (!ls.removal_deadline) { fail("the deadline is outside the years 1 to 9999"); return; }
        }
      }
      t_.decisions.push_back(std::move(dec));
    }
  }

  // ----- step (3) -----
  void recompute(Day d) {
    where_date_ = d;
    where_event_ = visible_ > 0 && h_.events[visible_ - 1].date == d ? visible_ - 1 : -1;
    for (std::size_t g = 0; g < p_.grades.size() && !failed_; ++g) grade(static_cast<std::int32_t>(g), d);
    for (std::size_t m = 0; m < p_.measures.size() && !failed_; ++m) {
      const Measure& ms = p_.measures[m];
      if (!ms.applied) continue;
      for (const auto& t : ms.targets) {
        switch (t.kind) {
          case Target::Kind::Members:
            for (std::size_t k = 0; k < t_.listings.size() && !failed_; ++k)
              if (t_.listings[k].list == t.index) measure(static_cast<std::int32_t>(m), t, static_cast<std::int32_t>(k), d);
            break;
          case Target::Kind::Grade:
            for (std::size_t k = 0; k < t_.grades.size() && !failed_; ++k)
              if (t_.grades[k].grade == t.index) measure(static_cast<std::int32_t>(m), t, static_cast<std::int32_t>(k), d);
            break;
          case Target::Kind::EntityKind:
            if (h_.entity.kind == t.index) measure(static_cast<std::int32_t>(m), t, -1, d);
            break;
        }
      }
    }
  }

  void grade(std::int32_t g, Day d) {
    const Grade& gr = p_.grades[g];
    Ctx c = context(d, -1, -1);
    std::int32_t level = -1;
    std::string rule;
    Basis basis = gr.basis;
    if (of_kinds(gr.kinds)) {
      for (std::size_t r = 0; r < gr.rules.size(); ++r) {
        bool ok = false;
        if (!holds(gr.rules[r].condition, c, ok)) return;
        if (ok) {
          level = gr.rules[r].level;
          rule = fmt::format("grade {}, level rule {}", gr.name, r + 1);
          basis = gr.rules[r].basis;
          break;
        }
      }
      if (level < 0 && gr.fallback >= 0) {
        level = gr.fallback;
        rule = fmt::format("grade {}, otherwise", gr.name);
      }
    }
    GradeInterval* current = nullptr;
    for (auto& gi : t_.grades)
      if (gi.grade == g && !gi.end) current = &gi;
    if (current && current->level == level) return;
    if (current) current->end = d;
    if (level < 0) return;
    Day when = where_event_ >= 0 ? h_.events[where_event_].date : d;
    t_.grades.push_back(GradeInterval{g, level, d, std::nullopt, Cause{rule, where_event_, when, c.params, basis}});
  }

  // One measure for one source (a listing, a grade interval, or the entity's kind).
  void measure(std::int32_t m, const Target& t, std::int32_t k, Day d) {
    const Measure& ms = p_.measures[m];
    auto source = t.kind == Target::Kind::Members ? MeasureInterval::Source::Listing
                  : t.kind == Target::Kind::Grade ? MeasureInterval::Source::Grade : MeasureInterval::Source::Kind;
    auto key = std::make_tuple(m, static_cast<int>(source), k);
    std::int32_t cause_event = source == MeasureInterval::Source::Listing ? t_.listings[k].cause_event : -1;

    // The source: its interval, and whether it is in force now.
    Day source_start = d;
    std::optional<Day> source_end;
    bool source_open = true;
    const Cause* source_cause = nullptr;
    if (source == MeasureInterval::Source::Listing) {
      const Listing& ls = t_.listings[k];
      source_start = ls.start;
      source_end = ls.end;
      source_open = in_force(ls.start, ls.end, d);
      source_cause = &ls.cause;
    } else if (source == MeasureInterval::Source::Grade) {
      const GradeInterval& gi = t_.grades[k];
      source_start = gi.start;
      source_end = gi.end;
      source_open = in_force(gi.start, gi.end, d) &&
                    std::find(t.levels.begin(), t.levels.end(), gi.level) != t.levels.end();
      source_cause = &gi.cause;
    }

    auto running = running_.find(key);
    if (running != running_.end()) {
      MeasureInterval& mi = t_.measures[running->second];
      if (mi.end && *mi.end <= d) {
        running_.erase(running);  // its `for` period ran out (step 1); it may not restart below
      } else {
        // `while listed and for D after`: once the source has ended, D more counted from its end
        // (G5). D takes its value on the day the end is seen, which is the end's own day. With
        // `periods count from the next day`, D counts from the day after the listing's last day
        // when its period ran out (as an extension does), else from the day after the removal.
        if (ms.duration == Measure::Duration::AfterListing && !source_open && !mi.end) {
          Day from = source_end && *source_end <= d ? *source_end : d;
          Ctx c = context(d, -1, cause_event);
          Value low;
          if (!eval_duration(ms.span.low, c, low)) return;
          bool period_ran_out = source == MeasureInterval::Source::Listing && t_.listings[k].ended_by == End::Period;
          auto end = period_ran_out ? calendar::extended_end(cal_, from, low.i, low.unit, ms.span.next_day)
                                    : calendar::period_end(cal_, from, low.i, low.unit, ms.span.next_day);
          if (!end) { fail("the measure would end outside the years 1 to 9999"); return; }
          mi.end = end;
          mi.ended_by = End::Period;
          if (*end <= d) { running_.erase(running); return; }
        }
        // `for D` and `for life` do not follow their source: only the period or the condition ends them.
        bool ends_with_source = ms.duration == Measure::Duration::WhileListed ||
                                (ms.duration == Measure::Duration::UntilRestored &&
                                 (source != MeasureInterval::Source::Listing ||
                                  t_.listings[k].ended_by == End::Removal || t_.listings[k].ended_by == End::Restoration));
        if (ends_with_source && !source_open) {
          mi.end = source_end && *source_end <= d ? *source_end : d;
          mi.ended_by = End::SourceEnded;
          running_.erase(running);
          return;
        }
        Ctx c = context(d, -1, cause_event);
        bool ok = false;
        if (!holds(ms.condition, c, ok)) return;
        if (!ok) {
          mi.end = d;
          mi.ended_by = End::Condition;
          running_.erase(running);
        }
        return;
      }
    }
    if (!source_open) return;
    Ctx c = context(d, -1, cause_event);
    std::optional<Day> end;
    if (ms.duration == Measure::Duration::For) {
      // `for D` counts from the start of the source listing or grade level, or from the first
      // start of a measure on the entity's kind; it never restarts within one source.
      Day from = source_start;
      if (source == MeasureInterval::Source::Kind) {
        auto first = first_start_.find(key);
        if (first != first_start_.end()) from = first->second;
      }
      Value low;
      if (!eval_duration(ms.span.low, c, low)) return;
      end = calendar::period_end(cal_, from, low.i, low.unit, ms.span.next_day);
      if (!end) { fail("the measure would end outside the years 1 to 9999"); return; }
      if (*end <= d) return;
    }
    bool ok = false;
    if (!holds(ms.condition, c, ok)) return;
    if (!ok) return;
    first_start_.try_emplace(key, d);
    MeasureInterval mi;
    mi.measure = m;
    mi.start = d;
    mi.end = end;
    mi.ended_by = end ? End::Period : End::Open;
    mi.source = source;
    mi.source_index = k;
    std::string target;
    if (source == MeasureInterval::Source::Listing) target = "members of " + p_.lists[t.index].name;
    else if (source == MeasureInterval::Source::Grade) target = "grade " + p_.grades[t.index].name + " " + p_.grades[t.index].levels[t_.grades[k].level];
    else target = p_.kinds[t.index].name;
    mi.cause.rule = fmt::format("measure {}, applies to {}", ms.name, target);
    mi.cause.params = c.params;
    mi.cause.basis = ms.basis;
    if (source_cause) {
      mi.cause.event = source_cause->event;
      mi.cause.date = source_cause->date;
      merge(mi.cause.params, source_cause->params);
      mi.cause.basis = chain(ms.basis, source_cause->basis);
    } else {
      mi.cause.event = where_event_;
      mi.cause.date = where_event_ >= 0 ? h_.events[where_event_].date : d;
    }
    running_[key] = static_cast<std::int32_t>(t_.measures.size());
    t_.measures.push_back(std::move(mi));
  }

  const Policy& p_;
  const History& h_;
  const clx_calendar* cal_ = nullptr;
  ChainMemo* chains_ = nullptr;  // RunOptions::chains
  Basis chain(const Basis& a, const Basis& b) const { return chains_ ? (*chains_)(a, b) : ir::chain(a, b); }
  Timeline t_;
  std::int32_t visible_ = 0;
  bool failed_ = false;
  std::int32_t where_event_ = -1;
  Day where_date_ = 0;
  std::map<std::tuple<std::int32_t, int, std::int32_t>, std::int32_t> running_;  // → Timeline::measures
  std::map<std::tuple<std::int32_t, int, std::int32_t>, Day> first_start_;
  std::vector<Window> windows_;
  std::set<Day> window_days_;  // days still to visit because a window slides (see schedule_window_days)
};

}  // namespace

Timeline run(const Policy& policy, const History& history, const RunOptions& options) {
  return Interpreter(policy, history, options).run();
}

std::optional<bool> evaluate_condition(const Policy& policy, const History& history, ExprId condition, Day d, std::int32_t cause,
                                       const RunOptions& options) {
  if (condition == kNoExpr) return true;
  if (cause >= static_cast<std::int32_t>(history.events.size())) return std::nullopt;
  return Interpreter(policy, history, options).evaluate(condition, d, cause);
}

std::optional<Value> evaluate_expression(const Policy& policy, const History& history, ExprId e, Day d,
                                         std::int32_t current, std::int32_t cause, std::int32_t visible, std::string& error,
                                         const RunOptions& options) {
  auto n = static_cast<std::int32_t>(history.events.size());
  if (e == kNoExpr) return Value::boolean(true);
  if (current >= n || cause >= n || visible < 0 || visible > n) {
    error = "an event index outside the history";
    return std::nullopt;
  }
  return Interpreter(policy, history, options).value(e, d, current, cause, visible, error);
}

void reach(const Policy& policy, const History& source, const Timeline& t,
           const std::function<void(std::size_t span, MeasureInterval&& reached)>& emit) {
  if (!t.ok()) return;
  for (std::size_t k = 0; k < t.measures.size(); ++k) {
    const MeasureInterval& src = t.measures[k];
    if (src.source == MeasureInterval::Source::Reach) continue;  // one hop only
    const Measure& m = policy.measures.at(static_cast<std::size_t>(src.measure));
    for (const auto& r : m.reaches) {
      std::int32_t rel = policy.relation_index(r);
      for (std::size_t s = 0; s < source.relations.size(); ++s) {
        const RelationSpan& span = source.relations[s];
        if (span.relation != rel || rel < 0 || span.other == source.entity.id) continue;
        clx_interval measure = interval(src.start, src.end), relation = interval(span.since, span.until), both{};
        if (!clx_interval_intersect(&measure, &relation, &both)) continue;  // no overlap
        MeasureInterval x;
        x.measure = src.measure;
        x.start = both.start;
        x.end = src.end;
        x.ended_by = src.ended_by;
        if (span.until && (!x.end || *span.until < *x.end)) {
          x.end = span.until;
          x.ended_by = End::RelationEnded;
        }
        x.source = MeasureInterval::Source::Reach;
        x.source_index = static_cast<std::int32_t>(k);
        x.reached_from = source.entity.id;
        x.relation = rel;
        x.cause = src.cause;
        x.cause.rule = fmt::format("measure {}, reaches {} of {}", m.name, r, source.entity.id);
        emit(s, std::move(x));
      }
    }
  }
}

void apply_reach(const Policy& policy, const std::vector<History>& histories, std::vector<Timeline>& timelines) {
  // Ids are unique in a population; a test's entities too. The first history of an id wins.
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t j = 0; j < histories.size(); ++j) index.emplace(histories[j].entity.id, j);
  std::vector<std::vector<MeasureInterval>> reached(timelines.size());
  for (std::size_t i = 0; i < histories.size() && i < timelines.size(); ++i)
    reach(policy, histories[i], timelines[i], [&](std::size_t s, MeasureInterval&& x) {
      auto it = index.find(histories[i].relations[s].other);
      if (it != index.end() && it->second < reached.size()) reached[it->second].push_back(std::move(x));
    });
  for (std::size_t j = 0; j < reached.size(); ++j)
    for (auto& x : reached[j]) timelines[j].measures.push_back(std::move(x));
}

}  // namespace credlex::ir

namespace credlex::ir {
namespace {

// The seriousness of one event without replaying the history: what an event type's `seriousness`
// may be made of (its fields, parameters, literals, `if`, comparisons, arithmetic); aggregates,
// `self` and `listed` need an entity and are rejected there by the checker (E0312).
struct Seriousness {
  const Policy& p;
  const Event& ev;
  const clx_calendar* cal;

  bool eval(ExprId e, Value& out, int depth) {
    if (e < 0 || e >= static_cast<ExprId>(p.nodes.size()) || depth > 64) return false;
    const Node& n = p.nodes[e];
    std::string error;
    switch (n.op) {
      case Op::Const: out = n.value; return true;
      case Op::Param: {
        if (n.index < 0 || n.index >= static_cast<std::int32_t>(p.params.size())) return false;
        const ParamVersion* in_force = nullptr;
        for (const auto& v : p.params[n.index].versions)
          if (v.from <= ev.date) in_force = &v;
        return in_force && eval(in_force->value, out, depth + 1);
      }
      case Op::Field: {
        if (p.nodes[n.args[0]].op != Op::Current || ev.type < 0 || ev.type >= static_cast<std::int32_t>(n.slots.size())) return false;
        std::int32_t slot = n.slots[ev.type];
        if (slot == kDateSlot) { out = Value::date(ev.date); return true; }
        if (slot < 0 || slot >= static_cast<std::int32_t>(ev.fields.size()) || !ev.fields[slot]) return false;
        out = *ev.fields[slot];
        return true;
      }
      case Op::If: {
        Value c;
        if (!eval(n.args[0], c, depth + 1) || c.kind != ValueKind::Bool) return false;
        return eval(n.args[c.i ? 1 : 2], out, depth + 1);
      }
      case Op::And: case Op::Or: {
        Value a;
        if (!eval(n.args[0], a, depth + 1) || a.kind != ValueKind::Bool) return false;
        if ((n.op == Op::And) != (a.i != 0)) { out = a; return true; }
        return eval(n.args[1], out, depth + 1);
      }
      case Op::Not: {
        Value a;
        if (!eval(n.args[0], a, depth + 1) || a.kind != ValueKind::Bool) return false;
        out = Value::boolean(a.i == 0);
        return true;
      }
      case Op::Negate: {
        Value a;
        return eval(n.args[0], a, depth + 1) && values::negate(a, out, error);
      }
      case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: {
        Value a, b;
        return eval(n.args[0], a, depth + 1) && eval(n.args[1], b, depth + 1) && values::arithmetic(n.op, a, b, out, error, cal);
      }
      case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: {
        Value a, b;
        bool r = false;
        if (!eval(n.args[0], a, depth + 1) || !eval(n.args[1], b, depth + 1) || !values::compare(n.op, a, b, r, error)) return false;
        out = Value::boolean(r);
        return true;
      }
      default: return false;
    }
  }
};

}  // namespace

std::optional<std::int32_t> seriousness_rank(const Policy& policy, const History& history, std::int32_t event,
                                             const RunOptions& options) {
  if (event < 0 || event >= static_cast<std::int32_t>(history.events.size())) return std::nullopt;
  const Event& ev = history.events[event];
  if (ev.type < 0 || ev.type >= static_cast<std::int32_t>(policy.events.size())) return std::nullopt;
  ExprId e = policy.events[ev.type].seriousness;
  if (e == kNoExpr) return std::nullopt;
  Seriousness s{policy, ev, options.calendar};
  Value v;
  bool ok = s.eval(e, v, 0);
  if (!ok || v.kind != ValueKind::Level || v.i < 1 || v.i > static_cast<std::int64_t>(policy.scale.size())) return std::nullopt;
  return static_cast<std::int32_t>(v.i);
}

}  // namespace credlex::ir
