// Events: events.jsonl (one object a line), then events/<type>.csv in file-name order; each event
// is appended to its entity's history, and at the end every history's events are sorted by date
// with ties in reading order (a stable sort), which is the order the interpreter requires.
#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "simulator/population/json_line.h"
#include "simulator/population/reader.h"
#include "simulator/population/text.h"
#include "simulator/population/values.h"

namespace credlex::population {

namespace fs = std::filesystem;

namespace {

class EventsReader {
 public:
  explicit EventsReader(Reader& r) : r_(r), p_(r.policy) {}

  void read() {
    if (r_.options.origins) r_.out.origins.resize(r_.out.histories.size());
    jsonl();
    csv_files();
    for (std::size_t h = 0; h < r_.out.histories.size(); ++h) sort(h);
  }

 private:
  // ----- shared by both formats -----

  std::string event_names() const {
    std::vector<std::string> names;
    for (const auto& e : p_.events) names.push_back(e.name);
    return names.empty() ? std::string("(the policy declares none)") : text::join(names);
  }

  std::string field_names(std::int32_t t) const {
    std::vector<std::string> names;
    for (const auto& f : p_.events[static_cast<std::size_t>(t)].fields) names.push_back(f.name);
    return names.empty() ? std::string("it has none") : "its fields are " + text::join(names, 20);
  }

  std::optional<ir::Day> date(Row& row, std::size_t offset, std::string_view text) {
    ir::FieldType type;
    type.kind = ir::ValueKind::Date;
    std::string why;
    auto v = parse_value(text, type, p_, why);
    if (!v) {
      row.problem(offset, "`date`: " + why);
      return std::nullopt;
    }
    return static_cast<ir::Day>(v->i);
  }

  // An event of type `t` may happen to the entity's kind.
  void check_kind(Row& row, std::size_t offset, std::size_t entity, std::int32_t t) {
    const ir::EventType& type = p_.events[static_cast<std::size_t>(t)];
    const ir::Entity& e = r_.out.histories[entity].entity;
    if (type.kinds.empty() || std::find(type.kinds.begin(), type.kinds.end(), e.kind) != type.kinds.end()) return;
    std::vector<std::string> kinds;
    for (auto k : type.kinds) kinds.push_back(p_.kinds[static_cast<std::size_t>(k)].name);
    row.problem(offset, fmt::format("`{}` events happen only to {}; {} is of kind `{}`", type.name, text::join(kinds), text::quote(e.id),
                                    p_.kinds[static_cast<std::size_t>(e.kind)].name));
  }

  // A value that names an entity must name one that is read.
  void check_reference(Row& row, std::size_t offset, const std::optional<ir::Value>& v, const std::string& field) {
    if (v && v->kind == ir::ValueKind::Entity) r_.entity(row, offset, v->text, field);
  }

  void missing_fields(Row& row, std::int32_t t, const std::vector<bool>& given, bool in_header) {
    std::vector<std::string> missing;
    const auto& fields = p_.events[static_cast<std::size_t>(t)].fields;
    for (std::size_t f = 0; f < fields.size(); ++f)
      if (!given[f]) missing.push_back("`" + fields[f].name + "`");
    if (missing.empty()) return;
    row.problem(fmt::format("the {} lacks the field{} {} of `{}`", in_header ? "header" : "event", missing.size() == 1 ? "" : "s",
                            text::join(missing, 20), p_.events[static_cast<std::size_t>(t)].name));
  }

  void add(Row& row, std::optional<std::size_t> entity, std::optional<ir::Day> day, std::int32_t t,
           std::vector<std::optional<ir::Value>> fields) {
    if (row.bad() || !entity || !day || t < 0) return;
    if (r_.hooks.event) {
      r_.hooks.event(*entity, ir::Event{*day, t, std::move(fields)}, row.file(), row.line());
      return;
    }
    r_.out.histories[*entity].events.push_back(ir::Event{*day, t, std::move(fields)});
    if (r_.options.origins) r_.out.origins[*entity].push_back(fmt::format("{}:{}", row.file(), row.line()));
  }

  // By date, ties in reading order (stable), with the origins in step.
  void sort(std::size_t h) {
    auto& events = r_.out.histories[h].events;
    auto by_date = [](const ir::Event& a, const ir::Event& b) { return a.date < b.date; };
    if (std::is_sorted(events.begin(), events.end(), by_date)) return;
    if (!r_.options.origins) {
      std::stable_sort(events.begin(), events.end(), by_date);
      return;
    }
    std::vector<std::size_t> order(events.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return events[a].date < events[b].date; });
    std::vector<ir::Event> sorted;
    std::vector<std::string> origins;
    sorted.reserve(events.size());
    origins.reserve(events.size());
    for (std::size_t i : order) {
      sorted.push_back(std::move(events[i]));
      origins.push_back(std::move(r_.out.origins[h][i]));
    }
    events = std::move(sorted);
    r_.out.origins[h] = std::move(origins);
  }

  // ----- events.jsonl -----

  void jsonl() {
    std::vector<json::Member> members;
    r_.for_each_line(r_.dir / "events.jsonl", /*required=*/false, [&](Row& row) {
      if (!row.bad()) json_event(row, members);
      return true;
    });
  }

  void json_event(Row& row, std::vector<json::Member>& members) {
    json::Error error;
    bool parsed = r_.hooks.parse_object ? r_.hooks.parse_object(row.text(), members, error)
                                        : json::parse_object(row.text(), members, error);
    if (!parsed) {
      row.problem(error.offset, error.reason);
      return;
    }
    std::unordered_map<std::string_view, std::size_t> seen;
    std::vector<bool> duplicate(members.size(), false);
    const json::Member *entity = nullptr, *day = nullptr, *type = nullptr;
    for (std::size_t i = 0; i < members.size(); ++i) {
      const json::Member& m = members[i];
      if (auto [it, fresh] = seen.emplace(m.key, i); !fresh) {
        row.problem(m.key_offset, fmt::format("the key {} appears twice (first at column {})", text::quote(m.key),
                                              row.column(members[it->second].key_offset)));
        duplicate[i] = true;
        continue;
      }
      if (m.key == "entity") entity = &m;
      else if (m.key == "date") day = &m;
      else if (m.key == "type") type = &m;
    }
    std::int32_t t = -1;
    if (!type) {
      row.problem("the event has no `type`");
    } else if (type->type != json::Type::String) {
      row.problem(type->value_offset, fmt::format("`type` is {}; expected the name of an event type in a string", json::describe(type->type)));
    } else if (auto it = r_.events.find(type->value); it != r_.events.end()) {
      t = it->second;
    } else {
      row.problem(type->value_offset, fmt::format("{} is not an event type of the policy; expected one of {}", text::quote(type->value),
                                                  event_names()));
    }
    std::optional<std::size_t> who;
    if (!entity) row.problem("the event has no `entity`");
    else if (entity->type != json::Type::String)
      row.problem(entity->value_offset, fmt::format("`entity` is {}; expected the id of an entity in a string", json::describe(entity->type)));
    else who = r_.entity(row, entity->value_offset, entity->value, "entity");
    std::optional<ir::Day> when;
    if (!day) row.problem("the event has no `date`");
    else if (day->type != json::Type::String)
      row.problem(day->value_offset, fmt::format("`date` is {}; expected a date `YYYY-MM-DD` in a string", json::describe(day->type)));
    else when = date(row, day->value_offset, day->value);
    if (t < 0) return;  // the fields cannot be typed
    if (who) check_kind(row, entity->value_offset, *who, t);
    const auto& types = p_.events[static_cast<std::size_t>(t)].fields;
    std::vector<std::optional<ir::Value>> fields(types.size());
    std::vector<bool> given(types.size(), false);
    for (std::size_t i = 0; i < members.size(); ++i) {
      const json::Member& m = members[i];
      if (duplicate[i] || &m == entity || &m == day || &m == type) continue;
      auto slot = r_.fields[static_cast<std::size_t>(t)].find(m.key);
      if (slot == r_.fields[static_cast<std::size_t>(t)].end()) {
        row.problem(m.key_offset, fmt::format("{} is not a field of `{}`; {}", text::quote(m.key), p_.events[static_cast<std::size_t>(t)].name,
                                              field_names(t)));
        continue;
      }
      auto f = static_cast<std::size_t>(slot->second);
      given[f] = true;
      std::string why;
      fields[f] = json_value(m, types[f], p_, why);
      if (!fields[f]) row.problem(m.value_offset, why);
      check_reference(row, m.value_offset, fields[f], m.key);
    }
    missing_fields(row, t, given, false);
    add(row, who, when, t, std::move(fields));
  }

  // ----- events/<type>.csv -----

  void csv_files() {
    fs::path folder = r_.dir / "events";
    std::error_code ec;
    if (!fs::exists(folder, ec)) return;
    if (!fs::is_directory(folder, ec)) {
      r_.problem(folder.string(), 0, 0, "expected a folder of event files named <event type>.csv; this is not read");
      return;
    }
    std::vector<fs::path> files;
    fs::directory_iterator it(folder, ec), end;
    for (; !ec && it != end; it.increment(ec)) files.push_back(it->path());
    if (ec) {
      r_.problem(folder.string(), 0, 0, "cannot list the folder: " + ec.message());
      return;
    }
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) { return a.filename().string() < b.filename().string(); });
    for (const auto& path : files) {
      std::string name = path.filename().string();
      bool csv_file = name.size() > 4 && name.compare(name.size() - 4, 4, ".csv") == 0;
      if (!csv_file || fs::is_directory(path, ec)) {
        r_.problem(path.string(), 0, 0, "not an event file (the folder `events` holds only files named <event type>.csv); it is not read");
        continue;
      }
      std::string type_name = name.substr(0, name.size() - 4);
      auto type = r_.events.find(type_name);
      if (type == r_.events.end()) {
        r_.problem(path.string(), 0, 0, fmt::format("the file name names no event type of the policy ({}); expected one of {}; the file is not read",
                                                    text::quote(type_name), event_names()));
        // Read it only to count its rows as skipped.
        r_.for_each_csv_row(path, false, [](Row&, const std::vector<csv::Field>&) { return false; },
                            [](Row&, const std::vector<csv::Field>&) {});
        continue;
      }
      EventFile file;
      file.type = type->second;
      r_.for_each_csv_row(
          path, false, [&](Row& row, const std::vector<csv::Field>& h) { return header(row, h, file); },
          [&](Row& row, const std::vector<csv::Field>& f) { csv_event(row, f, file); });
    }
  }

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  struct EventFile {
    std::int32_t type = -1;
    std::size_t entity = kNone, date = kNone;
    std::vector<std::int32_t> slots;  // per column: field slot, -1 for entity and date
  };

  bool header(Row& row, const std::vector<csv::Field>& cells, EventFile& file) {
    const auto& types = p_.events[static_cast<std::size_t>(file.type)].fields;
    std::vector<std::size_t> column_of(types.size(), kNone);
    file.slots.assign(cells.size(), -1);
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string& name = cells[c].text;
      const auto& slots = r_.fields[static_cast<std::size_t>(file.type)];
      std::size_t* first = nullptr;  // where the column of this name is recorded
      if (name == "entity") {
        first = &file.entity;
      } else if (name == "date") {
        first = &file.date;
      } else if (auto slot = slots.find(name); slot != slots.end()) {
        first = &column_of[static_cast<std::size_t>(slot->second)];
        file.slots[c] = slot->second;
      }
      if (!first) {
        row.problem(cells[c].offset, fmt::format("{} is not a field of `{}`; {} (and the columns `entity` and `date`)", text::quote(name),
                                                 p_.events[static_cast<std::size_t>(file.type)].name, field_names(file.type)));
        continue;
      }
      if (*first != kNone) {
        row.problem(cells[c].offset, fmt::format("the column {} appears twice (first at column {})", text::quote(name), row.column(cells[*first].offset)));
        file.slots[c] = -1;
        continue;
      }
      *first = c;
    }
    if (file.entity == kNone) row.problem("the header has no `entity` column");
    if (file.date == kNone) row.problem("the header has no `date` column");
    std::vector<bool> given(types.size());
    for (std::size_t f = 0; f < types.size(); ++f) given[f] = column_of[f] != kNone;
    missing_fields(row, file.type, given, true);
    return !row.bad();
  }

  void csv_event(Row& row, const std::vector<csv::Field>& cells, const EventFile& file) {
    const auto& types = p_.events[static_cast<std::size_t>(file.type)].fields;
    auto who = r_.entity(row, cells[file.entity].offset, cells[file.entity].text, "entity");
    std::optional<ir::Day> when;
    if (cells[file.date].text.empty()) row.problem(cells[file.date].offset, "`date` is empty; expected a date `YYYY-MM-DD`");
    else when = date(row, cells[file.date].offset, cells[file.date].text);
    if (who) check_kind(row, cells[file.entity].offset, *who, file.type);
    std::vector<std::optional<ir::Value>> fields(types.size());
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (file.slots[c] < 0) continue;
      auto f = static_cast<std::size_t>(file.slots[c]);
      if (cells[c].text.empty()) {
        row.problem(cells[c].offset, fmt::format("`{}` is empty; every field of an event needs a value ({})", types[f].name, type_name(types[f], p_)));
        continue;
      }
      std::string why;
      fields[f] = parse_value(cells[c].text, types[f], p_, why);
      if (!fields[f]) row.problem(cells[c].offset, fmt::format("`{}`: {}", types[f].name, why));
      check_reference(row, cells[c].offset, fields[f], types[f].name);
    }
    add(row, who, when, file.type, std::move(fields));
  }

  Reader& r_;
  const ir::Policy& p_;
};

}  // namespace

void read_events(Reader& reader) { EventsReader(reader).read(); }

}  // namespace credlex::population
