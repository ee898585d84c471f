// entities.csv: `id,kind[,attribute…]` → one history per row, attributes by slot of the row's kind.
#include <fmt/format.h>

#include <algorithm>
#include <deque>

#include "simulator/population/reader.h"
#include "simulator/population/text.h"
#include "simulator/population/values.h"

namespace credlex::population {

namespace {

// A reference to another entity from an Entity-typed attribute, checked once every row is read
// (the entity may come later in the file).
struct Reference {
  std::size_t from = 0;  // history
  std::int64_t line = 0;
  std::int32_t column = 0;
  std::string attribute, id;
};

class EntitiesFile {
 public:
  explicit EntitiesFile(Reader& r) : r_(r), p_(r.policy) {}

  bool read() {
    bool ok = r_.for_each_csv_row(
        r_.dir / "entities.csv", /*required=*/true, [&](Row& row, const std::vector<csv::Field>& h) { return header(row, h); },
        [&](Row& row, const std::vector<csv::Field>& f) { entity(row, f); });
    if (ok) resolve_references();
    return ok;
  }

 private:
  bool header(Row& row, const std::vector<csv::Field>& cells) {
    std::unordered_map<std::string, std::size_t> seen;
    slots_.assign(cells.size(), {});
    header_names_.clear();
    for (const auto& cell : cells) header_names_.push_back(cell.text);
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const csv::Field& cell = cells[c];
      if (cell.text.empty()) {
        row.problem(cell.offset, "a column without a name");
        continue;
      }
      if (auto [it, fresh] = seen.emplace(cell.text, c); !fresh) {
        row.problem(cell.offset, fmt::format("the column {} appears twice (first at column {})", text::quote(cell.text),
                                             row.column(cells[it->second].offset)));
        continue;
      }
      if (cell.text == "id") { id_ = c; continue; }
      if (cell.text == "kind") { kind_ = c; continue; }
      // The attribute's slot in each kind that has it; -1 in the others.
      std::vector<std::int32_t> slots(p_.kinds.size(), -1);
      bool any = false;
      for (std::size_t k = 0; k < p_.kinds.size(); ++k)
        for (std::size_t a = 0; a < p_.kinds[k].attributes.size(); ++a)
          if (p_.kinds[k].attributes[a].name == cell.text) {
            slots[k] = static_cast<std::int32_t>(a);
            any = true;
          }
      if (!any) {
        row.problem(cell.offset, fmt::format("{} is not an attribute of any entity kind of the policy ({})", text::quote(cell.text),
                                             attribute_names()));
        continue;
      }
      slots_[c] = std::move(slots);
    }
    if (id_ == kNone) row.problem("the header has no `id` column (expected `id,kind` and then attribute columns)");
    if (kind_ == kNone) row.problem("the header has no `kind` column (expected `id,kind` and then attribute columns)");
    return !row.bad();
  }

  void entity(Row& row, const std::vector<csv::Field>& cells) {
    const csv::Field& id = cells[id_];
    const csv::Field& kind = cells[kind_];
    if (id.text.empty()) row.problem(id.offset, "the id is empty");
    bool duplicate = false;
    if (!id.text.empty()) {
      auto [it, fresh] = first_line_.emplace(id.text, row.line());
      if (!fresh) {
        row.problem(id.offset, fmt::format("the id {} is already used at line {}", text::quote(id.text), it->second));
        duplicate = true;
      }
    }
    std::int32_t k = -1;
    if (kind.text.empty()) {
      row.problem(kind.offset, "the kind is empty");
    } else if (auto it = r_.kinds.find(kind.text); it != r_.kinds.end()) {
      k = it->second;
    } else {
      row.problem(kind.offset, fmt::format("{} is not an entity kind of the policy; expected one of {}", text::quote(kind.text),
                                           kind_names()));
    }
    ir::Entity e;
    e.id = id.text;
    e.kind = k;
    std::vector<Reference> refs;
    if (k >= 0) e.attributes.assign(p_.kinds[static_cast<std::size_t>(k)].attributes.size(), std::nullopt);
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (slots_[c].empty() || cells[c].text.empty()) continue;  // id, kind, or an unknown value
      if (k < 0) continue;  // cannot type it without a kind; the kind's problem is reported
      std::int32_t slot = slots_[c][static_cast<std::size_t>(k)];
      if (slot < 0) {
        row.problem(cells[c].offset, fmt::format("{} is not an attribute of kind `{}`; leave the cell empty",
                                                 text::quote(column_name(c)), p_.kinds[static_cast<std::size_t>(k)].name));
        continue;
      }
      const ir::FieldType& type = p_.kinds[static_cast<std::size_t>(k)].attributes[static_cast<std::size_t>(slot)];
      std::string why;
      auto v = parse_value(cells[c].text, type, p_, why);
      if (!v) {
        row.problem(cells[c].offset, fmt::format("`{}`: {}", type.name, why));
        continue;
      }
      if (v->kind == ir::ValueKind::Entity) refs.push_back(Reference{0, row.line(), row.column(cells[c].offset), type.name, v->text});
      e.attributes[static_cast<std::size_t>(slot)] = std::move(*v);
    }
    if (row.bad()) {
      // A reference to this id later says why the entity is missing (the first row of a
      // duplicated id stands, so a duplicate does not make its id bad).
      if (!id.text.empty() && !duplicate) r_.bad_entities.emplace(id.text, row.line());
      return;
    }
    std::size_t at = r_.out.histories.size();
    for (auto& ref : refs) {
      ref.from = at;
      references_.push_back(std::move(ref));
    }
    r_.out.index.emplace(e.id, at);
    lines_.push_back(row.line());
    r_.out.histories.push_back(ir::History{std::move(e), {}, {}});
  }

  // Entity-typed attributes must name an entity that is read. Dropping an entity can break a
  // reference to it in turn, so this runs as a work list over reverse references: linear.
  void resolve_references() {
    if (references_.empty()) return;
    auto& histories = r_.out.histories;
    std::vector<bool> dropped(histories.size(), false);
    std::unordered_map<std::size_t, std::vector<std::size_t>> referrers;  // history → references to it
    std::deque<std::size_t> work;                                         // references that fail
    for (std::size_t i = 0; i < references_.size(); ++i) {
      auto it = r_.out.index.find(references_[i].id);
      if (it == r_.out.index.end()) work.push_back(i);
      else referrers[it->second].push_back(i);
    }
    const std::string file = r_.entities_file;
    std::vector<std::size_t> report_order;  // problems are reported in line order at the end
    std::vector<std::string> reasons(references_.size());
    while (!work.empty()) {
      std::size_t i = work.front();
      work.pop_front();
      const Reference& ref = references_[i];
      if (dropped[ref.from]) continue;
      auto bad = r_.bad_entities.find(ref.id);
      if (bad != r_.bad_entities.end())
        reasons[i] = fmt::format("`{}`: the entity {} is left out: its row at entities.csv:{} has a problem", ref.attribute,
                                 text::quote(ref.id), bad->second);
      else
        reasons[i] = fmt::format("`{}`: there is no entity {} in entities.csv", ref.attribute, text::quote(ref.id));
      report_order.push_back(i);
      dropped[ref.from] = true;
      r_.bad_entities.emplace(histories[ref.from].entity.id, lines_[ref.from]);
      if (auto it = referrers.find(ref.from); it != referrers.end())
        for (std::size_t j : it->second) work.push_back(j);
    }
    std::sort(report_order.begin(), report_order.end(), [&](std::size_t a, std::size_t b) { return references_[a].line < references_[b].line; });
    for (std::size_t i : report_order) r_.problem(file, references_[i].line, references_[i].column, std::move(reasons[i]));
    r_.out.rows_skipped += static_cast<std::int64_t>(report_order.size());
    if (report_order.empty()) return;
    // Keep the others, in order.
    std::vector<ir::History> kept;
    kept.reserve(histories.size());
    r_.out.index.clear();
    for (std::size_t h = 0; h < histories.size(); ++h) {
      if (dropped[h]) continue;
      r_.out.index.emplace(histories[h].entity.id, kept.size());
      kept.push_back(std::move(histories[h]));
    }
    histories = std::move(kept);
  }

  std::string column_name(std::size_t c) const { return header_names_.size() > c ? header_names_[c] : std::string(); }

  std::string kind_names() const {
    std::vector<std::string> names;
    for (const auto& k : p_.kinds) names.push_back(k.name);
    return text::join(names);
  }

  std::string attribute_names() const {
    std::vector<std::string> names;
    for (const auto& k : p_.kinds)
      for (const auto& a : k.attributes)
        if (std::find(names.begin(), names.end(), a.name) == names.end()) names.push_back(a.name);
    if (names.empty()) return "the policy's entity kinds have no attributes";
    return "attributes: " + text::join(names);
  }

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  Reader& r_;
  const ir::Policy& p_;
  std::size_t id_ = kNone, kind_ = kNone;
  std::vector<std::vector<std::int32_t>> slots_;  // per column: slot per kind (empty: id or kind)
  std::vector<std::string> header_names_;
  std::unordered_map<std::string, std::int64_t> first_line_;  // id → its first line
  std::vector<std::int64_t> lines_;                           // per history: its line
  std::vector<Reference> references_;
};

}  // namespace

bool read_entities(Reader& reader) { return EntitiesFile(reader).read(); }

}  // namespace credlex::population
