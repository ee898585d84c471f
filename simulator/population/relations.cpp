// relations.csv: `from,relation,to,since[,until]` → a RelationSpan on the history of `from`, which
// is where ir::apply_reach looks for them (a measure on `from` reaches `to`).
#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "simulator/population/reader.h"
#include "simulator/population/text.h"
#include "simulator/population/values.h"

namespace credlex::population {

namespace {

class RelationsFile {
 public:
  explicit RelationsFile(Reader& r) : r_(r), p_(r.policy), file_((r.dir / "relations.csv").string()) {}

  void read() {
    bool ok = r_.for_each_csv_row(
        r_.dir / "relations.csv", /*required=*/false, [&](Row& row, const std::vector<csv::Field>& h) { return header(row, h); },
        [&](Row& row, const std::vector<csv::Field>& f) { relation(row, f); });
    if (ok) reject_overlaps();
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  bool header(Row& row, const std::vector<csv::Field>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string& name = cells[c].text;
      std::size_t* slot = name == "from" ? &from_ : name == "relation" ? &relation_ : name == "to" ? &to_
                        : name == "since" ? &since_ : name == "until" ? &until_ : nullptr;
      if (!slot) {
        row.problem(cells[c].offset, fmt::format("unknown column {}; the columns are `from,relation,to,since` and optionally `until`",
                                                 text::quote(name)));
      } else if (*slot != kNone) {
        row.problem(cells[c].offset, fmt::format("the column `{}` appears twice (first at column {})", name, row.column(cells[*slot].offset)));
      } else {
        *slot = c;
      }
    }
    std::vector<std::string> missing;
    if (from_ == kNone) missing.push_back("`from`");
    if (relation_ == kNone) missing.push_back("`relation`");
    if (to_ == kNone) missing.push_back("`to`");
    if (since_ == kNone) missing.push_back("`since`");
    if (!missing.empty())
      row.problem(fmt::format("the header has no {} column{} (expected `from,relation,to,since[,until]`)", text::join(missing),
                              missing.size() == 1 ? "" : "s"));
    return !row.bad();
  }

  void relation(Row& row, const std::vector<csv::Field>& cells) {
    const csv::Field& rel = cells[relation_];
    std::int32_t r = -1;
    if (rel.text.empty()) {
      row.problem(rel.offset, "the relation is empty");
    } else if (auto it = r_.relations.find(rel.text); it != r_.relations.end()) {
      r = it->second;
    } else {
      std::vector<std::string> names;
      for (const auto& x : p_.relations) names.push_back(x.name);
      row.problem(rel.offset, fmt::format("{} is not a relation of the policy; expected one of {}", text::quote(rel.text),
                                          names.empty() ? std::string("(the policy declares none)") : text::join(names)));
    }
    auto from = r_.entity(row, cells[from_].offset, cells[from_].text, "from");
    auto to = r_.entity(row, cells[to_].offset, cells[to_].text, "to");
    if (from && to && *from == *to) row.problem(cells[to_].offset, "an entity cannot be related to itself");
    if (r >= 0) {
      const ir::Relation& decl = p_.relations[static_cast<std::size_t>(r)];
      check_kind(row, cells[from_], from, decl.from, decl);
      check_kind(row, cells[to_], to, decl.to, decl);
    }
    auto since = date(row, cells[since_], "since");
    std::optional<ir::Day> until;
    if (until_ != kNone && !cells[until_].text.empty()) {
      auto u = date(row, cells[until_], "until");
      if (u && since && *u <= *since)
        row.problem(cells[until_].offset, fmt::format("`until` ({}) must be after `since` ({}); a relation holds from `since` up to the day before `until`",
                                                      cells[until_].text, cells[since_].text));
      until = u;
    }
    if (row.bad()) return;
    ir::History& h = r_.out.histories[*from];
    h.relations.push_back(ir::RelationSpan{r, r_.out.histories[*to].entity.id, *since, until});
    spans_.push_back(Span{*from, h.relations.size() - 1, row.line()});
  }

  // `kind` is the kind the relation's declaration wants on this side.
  void check_kind(Row& row, const csv::Field& cell, std::optional<std::size_t> entity, std::int32_t kind, const ir::Relation& decl) {
    if (!entity || kind < 0 || decl.from < 0 || decl.to < 0) return;
    const ir::Entity& e = r_.out.histories[*entity].entity;
    if (e.kind == kind) return;
    row.problem(cell.offset, fmt::format("`{}` goes from `{}` to `{}`; {} is of kind `{}`", decl.name,
                                         p_.kinds[static_cast<std::size_t>(decl.from)].name, p_.kinds[static_cast<std::size_t>(decl.to)].name,
                                         text::quote(e.id), p_.kinds[static_cast<std::size_t>(e.kind)].name));
  }

  std::optional<ir::Day> date(Row& row, const csv::Field& cell, const char* column) {
    if (cell.text.empty()) {
      row.problem(cell.offset, fmt::format("`{}` is empty; expected a date `YYYY-MM-DD`", column));
      return std::nullopt;
    }
    ir::FieldType type;
    type.kind = ir::ValueKind::Date;
    std::string why;
    auto v = parse_value(cell.text, type, p_, why);
    if (!v) {
      row.problem(cell.offset, fmt::format("`{}`: {}", column, why));
      return std::nullopt;
    }
    return static_cast<ir::Day>(v->i);
  }

  // The same relation between the same two entities cannot hold twice on one day: reach would
  // apply twice. Spans are compared per (from, relation, to) in order of `since`; a span that
  // starts before an earlier one ends is reported and left out.
  void reject_overlaps() {
    auto& hs = r_.out.histories;
    std::vector<std::size_t> order(spans_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto key = [&](std::size_t i) {
      const ir::RelationSpan& s = hs[spans_[i].history].relations[spans_[i].index];
      return std::tie(spans_[i].history, s.relation, s.other, s.since, spans_[i].line);
    };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
    std::vector<std::size_t> rejected;  // spans_ indices
    std::vector<std::string> reasons;
    std::size_t open = kNone;  // the kept span of the current group that ends last
    for (std::size_t i : order) {
      const ir::RelationSpan& s = hs[spans_[i].history].relations[spans_[i].index];
      if (open != kNone) {
        const ir::RelationSpan& o = hs[spans_[open].history].relations[spans_[open].index];
        bool same = spans_[open].history == spans_[i].history && o.relation == s.relation && o.other == s.other;
        if (same && (!o.until || *o.until > s.since)) {
          rejected.push_back(i);
          reasons.push_back(fmt::format("this `{}` from {} to {} overlaps the one at line {}; a relation cannot hold twice at once",
                                        p_.relations[static_cast<std::size_t>(s.relation)].name,
                                        text::quote(hs[spans_[i].history].entity.id), text::quote(s.other), spans_[open].line));
          continue;
        }
      }
      open = i;
    }
    if (rejected.empty()) return;
    std::vector<std::size_t> by_line(rejected.size());
    for (std::size_t k = 0; k < by_line.size(); ++k) by_line[k] = k;
    std::sort(by_line.begin(), by_line.end(), [&](std::size_t a, std::size_t b) { return spans_[rejected[a]].line < spans_[rejected[b]].line; });
    std::vector<std::vector<bool>> drop(hs.size());
    for (std::size_t k : by_line) {
      r_.problem(file_, spans_[rejected[k]].line, 0, std::move(reasons[k]));
      const Span& sp = spans_[rejected[k]];
      if (drop[sp.history].empty()) drop[sp.history].assign(hs[sp.history].relations.size(), false);
      drop[sp.history][sp.index] = true;
    }
    r_.out.rows_skipped += static_cast<std::int64_t>(rejected.size());
    for (std::size_t h = 0; h < hs.size(); ++h) {
      if (drop[h].empty()) continue;
      std::vector<ir::RelationSpan> kept;
      for (std::size_t k = 0; k < hs[h].relations.size(); ++k)
        if (!drop[h][k]) kept.push_back(std::move(hs[h].relations[k]));
      hs[h].relations = std::move(kept);
    }
  }

  struct Span {
    std::size_t history = 0, index = 0;  // hs[history].relations[index]
    std::int64_t line = 0;
  };

  Reader& r_;
  const ir::Policy& p_;
  std::string file_;
  std::size_t from_ = kNone, relation_ = kNone, to_ = kNone, since_ = kNone, until_ = kNone;
  std::vector<Span> spans_;
};

}  // namespace

void read_relations(Reader& reader) { RelationsFile(reader).read(); }

}  // namespace credlex::population
