// Writing a generated population as a folder: values in the reader's exact text forms, files
// streamed through large buffers, the folder built beside the target and renamed into place.
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>

#include "credlex/civil_date.h"
#include "simulator/generate/generate.h"

namespace credlex::generate {

namespace {

namespace fs = std::filesystem;

void put_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void put_date(std::string& out, ir::Day d) {
  std::int32_t y = 0, m = 0, day = 0;
  clx_civil_from_days(d, &y, &m, &day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, day);
  out += buf;
}

// DIGITS of |v| with `scale` of them after the point (at least one digit before it).
void put_fixed(std::string& out, std::int64_t v, int scale) {
  if (v < 0) out += '-';
  std::uint64_t u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  std::string digits = std::to_string(u);
  if (scale > 0) {
    if (digits.size() <= static_cast<std::size_t>(scale)) digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<std::size_t>(scale), 1, '.');
  }
  out += digits;
}

// A value in the text form of a CSV cell (and of a JSON string, before escaping).
void put_text(std::string& out, const ir::Value& v, const ir::Policy& p) {
  switch (v.kind) {
    case ir::ValueKind::Bool: out += v.i ? "true" : "false"; break;
    case ir::ValueKind::Int: put_int(out, v.i); break;
    case ir::ValueKind::Decimal: put_fixed(out, v.i, v.scale); break;
    case ir::ValueKind::Money:
      put_fixed(out, v.i % 100 == 0 ? v.i / 100 : v.i, v.i % 100 == 0 ? 2 : 4);
      out += ' ';
      out += v.text;
      break;
    case ir::ValueKind::Date: put_date(out, static_cast<ir::Day>(v.i)); break;
    case ir::ValueKind::Duration:
      put_int(out, v.i);
      out += v.unit == ir::Unit::Days ? (v.i == 1 ? " day" : " days")
             : v.unit == ir::Unit::WorkingDays ? (v.i == 1 ? " working day" : " working days")
                                               : (v.i == 1 ? " month" : " months");
      break;
    case ir::ValueKind::Choice: out += p.enums[static_cast<std::size_t>(v.index)].choices[static_cast<std::size_t>(v.i)]; break;
    default: out += v.text; break;  // text, entity id
  }
}

void put_csv(std::string& out, std::string_view cell) {
  if (cell.find_first_of(",\"") == std::string_view::npos) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void put_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

void put_json_value(std::string& out, const ir::Value& v, const ir::Policy& p, std::string& scratch) {
  switch (v.kind) {
    case ir::ValueKind::Bool: case ir::ValueKind::Int: case ir::ValueKind::Decimal: put_text(out, v, p); break;
    default:
      scratch.clear();
      put_text(scratch, v, p);
      put_json_string(out, scratch);
  }
}

// A file written through a buffer of 1 MiB.
class Out {
 public:
  bool open(const fs::path& path, std::string& error) {
    path_ = path;
    f_ = std::fopen(path.c_str(), "wb");
    if (!f_) error = "cannot create `" + path.string() + "`: " + std::strerror(errno);
    return f_ != nullptr;
  }
  std::string& buffer() { return buf_; }
  bool flush_if_full(std::string& error) { return buf_.size() < (1u << 20) || flush(error); }
  bool flush(std::string& error) {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
      error = "cannot write `" + path_.string() + "`: " + std::strerror(errno);
      return false;
    }
    buf_.clear();
    return true;
  }
  bool close(std::string& error) {
    if (!f_) return true;
    bool ok = flush(error);
    if (std::fclose(f_) != 0 && ok) {
      error = "cannot write `" + path_.string() + "`: " + std::strerror(errno);
      ok = false;
    }
    f_ = nullptr;
    return ok;
  }
  ~Out() {
    if (f_) std::fclose(f_);
  }

 private:
  fs::path path_;
  std::FILE* f_ = nullptr;
  std::string buf_;
};

bool folder_is_empty(const fs::path& dir) {
  std::error_code ec;
  return fs::directory_iterator(dir, ec) == fs::directory_iterator();
}

// Writes everything into `tmp`.
bool write_files(const ir::Policy& p, const Options& o, Profile profile, const fs::path& tmp, Summary& s, std::string& error) {
  const bool csv = o.format == "csv";
  // entities.csv: every attribute name of every kind, once, in order of declaration.
  std::vector<std::string> columns;
  std::vector<std::vector<int>> column_of(p.kinds.size());  // kind, attribute slot -> column
  for (std::size_t k = 0; k < p.kinds.size(); ++k)
    for (const auto& a : p.kinds[k].attributes) {
      auto it = std::find(columns.begin(), columns.end(), a.name);
      column_of[k].push_back(static_cast<int>(it - columns.begin()));
      if (it == columns.end()) columns.push_back(a.name);
    }
  Out entities, relations, jsonl;
  std::vector<std::unique_ptr<Out>> per_type;
  if (!entities.open(tmp / "entities.csv", error) || !relations.open(tmp / "relations.csv", error)) return false;
  entities.buffer() = "id,kind";
  for (const auto& c : columns) {
    entities.buffer() += ',';
    put_csv(entities.buffer(), c);
  }
  entities.buffer() += '\n';
  relations.buffer() = "from,relation,to,since,until\n";
  if (csv) {
    std::error_code ec;
    fs::create_directory(tmp / "events", ec);
    if (ec) {
      error = "cannot create `" + (tmp / "events").string() + "`: " + ec.message();
      return false;
    }
    for (const auto& t : p.events) {
      per_type.push_back(std::make_unique<Out>());
      if (!per_type.back()->open(tmp / "events" / (t.name + ".csv"), error)) return false;
      std::string& b = per_type.back()->buffer();
      b = "entity,date";
      for (const auto& f : t.fields) {
        b += ',';
        put_csv(b, f.name);
      }
      b += '\n';
    }
  } else if (!jsonl.open(tmp / "events.jsonl", error)) {
    return false;
  }

  Generator gen(p, profile, o.seed, o.from, o.to);
  ir::History h;
  std::vector<std::int64_t> by_kind(p.kinds.size()), by_type(p.events.size());
  std::vector<std::string> cells(columns.size());
  std::string scratch;
  for (std::int64_t k = 0; k < o.entities; ++k) {
    gen.entity(k, h);
    const auto kind = static_cast<std::size_t>(h.entity.kind);
    ++by_kind[kind];
    std::string& e = entities.buffer();
    put_csv(e, h.entity.id);
    e += ',';
    put_csv(e, p.kinds[kind].name);
    for (auto& c : cells) c.clear();
    for (std::size_t a = 0; a < h.entity.attributes.size(); ++a)
      if (h.entity.attributes[a]) put_text(cells[static_cast<std::size_t>(column_of[kind][a])], *h.entity.attributes[a], p);
    for (const auto& c : cells) {
      e += ',';
      put_csv(e, c);
    }
    e += '\n';
    for (const auto& r : h.relations) {
      std::string& b = relations.buffer();
      put_csv(b, h.entity.id);
      b += ',';
      put_csv(b, p.relations[static_cast<std::size_t>(r.relation)].name);
      b += ',';
      put_csv(b, r.other);
      b += ',';
      put_date(b, r.since);
      b += ',';
      if (r.until) put_date(b, *r.until);
      b += '\n';
      ++s.relations;
    }
    for (const auto& ev : h.events) {
      const auto t = static_cast<std::size_t>(ev.type);
      const auto& type = p.events[t];
      ++by_type[t];
      if (csv) {
        Out& out = *per_type[t];
        std::string& b = out.buffer();
        put_csv(b, h.entity.id);
        b += ',';
        put_date(b, ev.date);
        for (const auto& f : ev.fields) {
          b += ',';
          scratch.clear();
          put_text(scratch, *f, p);
          put_csv(b, scratch);
        }
        b += '\n';
        if (!out.flush_if_full(error)) return false;
      } else {
        std::string& b = jsonl.buffer();
        b += "{\"entity\":";
        put_json_string(b, h.entity.id);
        b += ",\"date\":\"";
        put_date(b, ev.date);
        b += "\",\"type\":";
        put_json_string(b, type.name);
        for (std::size_t f = 0; f < ev.fields.size(); ++f) {
          b += ',';
          put_json_string(b, type.fields[f].name);
          b += ':';
          put_json_value(b, *ev.fields[f], p, scratch);
        }
        b += "}\n";
        if (!jsonl.flush_if_full(error)) return false;
      }
    }
    s.events += static_cast<std::int64_t>(h.events.size());
    if (!entities.flush_if_full(error) || !relations.flush_if_full(error)) return false;
  }
  if (!entities.close(error) || !relations.close(error) || !jsonl.close(error)) return false;
  for (auto& out : per_type)
    if (!out->close(error)) return false;
  s.entities = o.entities;
  for (std::size_t k = 0; k < p.kinds.size(); ++k) s.kinds[p.kinds[k].name] = by_kind[k];
  for (std::size_t t = 0; t < p.events.size(); ++t)
    if (by_type[t]) s.types[p.events[t].name] = by_type[t];
  return true;
}

}  // namespace

Summary write(const ir::Policy& policy, const Options& options, const fs::path& target, std::string& error) {
  Summary s;
  Options o = options;
  s.profile = profile_for(policy);
  if (o.from == 0 && o.to == 0) default_span(s.profile, o.from, o.to);
  s.from = o.from;
  s.to = o.to;
  if (o.entities < 0) {
    error = "the number of entities cannot be negative";
    return s;
  }
  if (o.from >= o.to) {
    error = "the first date must be before the last (events are dated in [from, to))";
    return s;
  }
  if (o.format != "jsonl" && o.format != "csv") {
    error = "the format must be `jsonl` or `csv`, not `" + o.format + "`";
    return s;
  }
  if (policy.kinds.empty()) {
    error = "the policy declares no entity kind, so there is nothing to generate";
    return s;
  }
  fs::path dir = target.lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  if (dir.empty()) {
    error = "no output folder given";
    return s;
  }
  std::error_code ec;
  auto st = fs::status(dir, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) {
      error = "`" + dir.string() + "` exists and is not a folder; it is not replaced";
      return s;
    }
    if (!o.force && !folder_is_empty(dir)) {
      error = "the folder `" + dir.string() + "` is not empty; it is not replaced (--force replaces it)";
      return s;
    }
  }
  fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  if (ec) {
    error = "cannot create the folder `" + parent.string() + "`: " + ec.message();
    return s;
  }
  fs::path tmp = parent / ("." + dir.filename().string() + ".credlex-tmp-" + std::to_string(::getpid()));
  fs::remove_all(tmp, ec);
  fs::create_directory(tmp, ec);
  if (ec) {
    error = "cannot create the folder `" + tmp.string() + "`: " + ec.message();
    return s;
  }
  bool ok = write_files(policy, o, s.profile, tmp, s, error);
  if (ok) {
    for (const auto& f : fs::recursive_directory_iterator(tmp, ec))
      if (f.is_regular_file()) s.bytes += f.file_size();
    if (fs::exists(dir)) fs::remove_all(dir, ec);
    if (ec) {
      error = "cannot replace the folder `" + dir.string() + "`: " + ec.message();
      ok = false;
    }
  }
  if (ok) {
    fs::rename(tmp, dir, ec);
    if (ec) {
      error = "cannot move the population into `" + dir.string() + "`: " + ec.message();
      ok = false;
    }
  }
  if (!ok) {
    std::error_code ignored;
    fs::remove_all(tmp, ignored);
    return s;
  }
  s.ok = true;
  return s;
}

}  // namespace credlex::generate
