// Parameters a file that uses this one may set (G29): the law lets each province fix a figure
// within a national range (SPC 2013 Interpretation Art 3 para 2: "a large amount" is CNY 5,000 to
// 20,000, each province fixes its own). The national file declares the range,
// `param x: money(CNY) = 20000 CNY within 5000 CNY .. 20000 CNY`, and a provincial file that uses
// it sets its figure, `param wage.x = 10000 CNY from 2014-01-01 basis …`; lowering puts the set
// versions in place of the used file's from their first date (ir/lower.cpp).
//
// The checks: the range is written out (numbers, amounts, durations: values the checker can
// compare without running anything), runs forwards, holds the declared value and every value set
// for it; a value is set only where the used file gives a range, with the parameter's type, once
// per date.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compiler/sema/checker.h"
#include "compiler/syntax/print.h"

namespace credlex::sema {

using namespace syntax;

namespace {

// -1, 0 or 1 as a is less than, equal to or more than b (exact, in 128 bits).
int compare_decimals(const Decimal& a, const Decimal& b) {
  __int128 x = a.mantissa, y = b.mantissa;
  for (int s = a.scale; s < b.scale; ++s) x *= 10;
  for (int s = b.scale; s < a.scale; ++s) y *= 10;
  return x < y ? -1 : x > y ? 1 : 0;
}

int compare_integers(std::int64_t a, std::int64_t b) { return a < b ? -1 : a > b ? 1 : 0; }

// The order of two values written out, or nothing when they cannot be compared before the data is
// seen: not literals, of different types, amounts in different currencies, or durations whose
// units have no fixed ratio (days and months).
std::optional<int> compare_literals(const Expr& a, const Expr& b) {
  auto decimal = [](const Expr& e) { return e.kind == ExprKind::Int ? Decimal{e.integer, 0} : e.decimal; };
  auto number = [](const Expr& e) { return e.kind == ExprKind::Int || e.kind == ExprKind::Decimal; };
  if (number(a) && number(b)) return compare_decimals(decimal(a), decimal(b));
  if (a.kind != b.kind) return std::nullopt;
  switch (a.kind) {
    case ExprKind::Percent: return compare_decimals(a.decimal, b.decimal);
    case ExprKind::Money:
      if (a.text != b.text) return std::nullopt;
      return compare_decimals(a.decimal, b.decimal);
    case ExprKind::Duration: {
      auto calendar = [](const Expr& e) { return e.unit == DurationUnit::Months || e.unit == DurationUnit::Years; };
      auto months = [](const Expr& e) { return e.unit == DurationUnit::Years ? 12 * e.integer : e.integer; };
      if (calendar(a) && calendar(b)) return compare_integers(months(a), months(b));
      if (a.unit != b.unit) return std::nullopt;
      return compare_integers(a.integer, b.integer);
    }
    default: return std::nullopt;
  }
}

// The bounds of a range that is complete, comparable and in order (else reported where declared).
bool usable(const Range& r) {
  if (!r.high) return false;
  auto order = compare_literals(*r.low, *r.high);
  return order && *order <= 0;
}

std::int32_t from_day(const ParamDecl& d) { return d.from && d.from->valid ? d.from->day : INT32_MIN; }

}  // namespace

void Checker::check_param_range(const ParamDecl& d) {
  const Range& r = *d.within;
  if (!r.high) {
    sink_.report<diag::kind::ParamRangeOpen>(r.range, d.spelled());
    return;
  }
  auto order = compare_literals(*r.low, *r.high);
  if (!order) {
    sink_.report<diag::kind::ParamNotComparable>(r.range, print(*r.low), print(*r.high));
    return;
  }
  if (*order > 0) {
    sink_.report<diag::kind::ParamRangeBackwards>(r.range, print(*r.low), print(*r.high));
    return;
  }
  check_within(*d.value, r, d.spelled());
}

void Checker::check_within(const Expr& value, const Range& r, const std::string& name) {
  auto low = compare_literals(value, *r.low), high = compare_literals(value, *r.high);
  if (!low || !high) {
    sink_.report<diag::kind::ParamNotComparable>(value.range, print(value), print(*r.low));
    return;
  }
  if (*low >= 0 && *high <= 0) return;
  auto& d = sink_.report<diag::kind::ParamOutsideRange>(value.range, print(value), print(*r.low), print(*r.high), name);
  diag::with_note(d, r.range, "the range is declared here");
}

void Checker::check_param_set(Module& m, const ParamDecl& d) {
  if (d.within) sink_.report<diag::kind::ParamSetWithRange>(d.within->range, d.spelled());
  if (d.basis.present()) check_basis(d.basis, &m);
  QualifiedName q{d.file_alias, d.name.text, d.name.range};
  const Symbol* s = lookup(&m, q, {Symbol::Kind::Param}, "parameter");
  if (!s || s->versions.empty()) return;
  Scope scope;
  scope.module = &m;
  Type value = type_of(*d.value, scope), wanted = param_type(*s);
  if (value.error() || wanted.error()) return;
  if (d.type) {  // a stated type is the parameter's own
    Type declared = resolve_type(&m, *d.type);
    if (!declared.error() && !assignable(declared, value)) {
      sink_.report<diag::kind::TypeMismatch>(d.value->range, describe(declared), describe(value));
      return;
    }
  }
  if (!assignable(wanted, value)) {
    sink_.report<diag::kind::TypeMismatch>(d.value->range, describe(wanted), describe(value));
    return;
  }
  params_set_[s].push_back({&d, &m});
}

// Once every file is checked: the values set for each parameter, against every version of the
// used file they replace. A set value is in force from its date to the next set value's; each
// version of the declaring file in force at some time in that span (the one in force on its first
// day, or the first version when none is yet, and every later one starting before its end) must
// give a range, and the value must lie within it. One file sets a parameter, once per date: two
// provinces' figures for one parameter in one policy would apply to each other's entities.
void Checker::check_params_set() {
  for (auto& [s, set] : params_set_) {
    std::stable_sort(set.begin(), set.end(), [](const auto& a, const auto& b) { return from_day(*a.first) < from_day(*b.first); });
    std::set<const Module*> reported;
    for (std::size_t i = 1; i < set.size(); ++i) {
      const auto& [d, m] = set[i];
      bool other_file = m != set[0].second;
      const auto& [earlier, by] = other_file ? set[0] : set[i - 1];
      if (other_file ? !reported.insert(m).second  // another file: said once
                     : by != m || from_day(*earlier) != from_day(*d))  // one file, another date: fine
        continue;
      auto& diag = sink_.report<diag::kind::ParamSetTwice>(
          d->range, d->spelled(), earlier->from ? earlier->from->text : std::string("the beginning"), by->policy_name());
      diag::with_note(diag, earlier->range, "it is first set here");
    }
    std::vector<const ParamDecl*> own(s->versions.begin(), s->versions.end());
    std::stable_sort(own.begin(), own.end(), [](const ParamDecl* a, const ParamDecl* b) { return from_day(*a) < from_day(*b); });
    for (std::size_t i = 0; i < set.size(); ++i) {
      const ParamDecl& d = *set[i].first;
      std::int32_t from = from_day(d), until = i + 1 < set.size() ? from_day(*set[i + 1].first) : INT32_MAX;
      for (std::size_t k = 0; k < own.size(); ++k) {
        std::int32_t next = k + 1 < own.size() ? from_day(*own[k + 1]) : INT32_MAX;
        bool in_force_at_start = from_day(*own[k]) <= from && next > from;
        bool first_when_none = k == 0 && from < from_day(*own[0]);
        bool starts_within = from_day(*own[k]) > from && from_day(*own[k]) < until;
        if (!in_force_at_start && !first_when_none && !starts_within) continue;
        if (!own[k]->within) {
          auto& diag = sink_.report<diag::kind::ParamNotSettable>(d.name.range, d.spelled(), s->module->policy_name());
          diag::with_note(diag, own[k]->range, "this version has no range");
        } else if (usable(*own[k]->within)) {
          check_within(*d.value, *own[k]->within, d.spelled());
        }
      }
    }
  }
}

}  // namespace credlex::sema
