// The policy fingerprint and the input stamps.
#include "simulator/store/schema.h"

#include <algorithm>
#include <system_error>
#include <vector>

namespace credlex::store {

namespace fs = std::filesystem;

namespace {

class Fnv {
 public:
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t k = 0; k < n; ++k) h_ = (h_ ^ b[k]) * 1099511628211ull;
  }
  void text(const std::string& s) {
    number(static_cast<std::int64_t>(s.size()));
    bytes(s.data(), s.size());
  }
  void number(std::int64_t v) { bytes(&v, sizeof v); }
  void field(const ir::FieldType& f) {
    text(f.name);
    number(static_cast<std::int64_t>(f.kind));
    text(f.currency);
    number(f.index);
  }
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 14695981039346656037ull;
};

void append(std::string& out, const void* p, std::size_t n) { out.append(static_cast<const char*>(p), n); }

void stamp(std::string& out, const fs::path& path, const std::string& name) {
  std::int64_t size = name.size();
  append(out, &size, sizeof size);
  out += name;
  std::error_code ec;
  auto status = fs::status(path, ec);
  std::int64_t type = ec ? -1 : static_cast<std::int64_t>(status.type());
  std::int64_t bytes = -1, time = 0;
  if (!ec && fs::is_regular_file(status)) {
    bytes = static_cast<std::int64_t>(fs::file_size(path, ec));
    if (ec) bytes = -1;
    auto t = fs::last_write_time(path, ec);
    if (!ec) time = static_cast<std::int64_t>(t.time_since_epoch().count());
  }
  append(out, &type, sizeof type);
  append(out, &bytes, sizeof bytes);
  append(out, &time, sizeof time);
}

}  // namespace

std::uint64_t fingerprint(const ir::Policy& p) {
  Fnv h;
  h.number(static_cast<std::int64_t>(p.kinds.size()));
  for (const auto& k : p.kinds) {
    h.text(k.name);
    h.number(static_cast<std::int64_t>(k.attributes.size()));
    for (const auto& a : k.attributes) h.field(a);
  }
  h.number(static_cast<std::int64_t>(p.relations.size()));
  for (const auto& r : p.relations) {
    h.text(r.name);
    h.number(r.from);
    h.number(r.to);
  }
  h.number(static_cast<std::int64_t>(p.enums.size()));
  for (const auto& e : p.enums) {
    h.text(e.name);
    h.number(static_cast<std::int64_t>(e.choices.size()));
    for (const auto& c : e.choices) h.text(c);
  }
  h.number(static_cast<std::int64_t>(p.events.size()));
  for (const auto& e : p.events) {
    h.text(e.name);
    h.number(static_cast<std::int64_t>(e.kinds.size()));
    for (auto k : e.kinds) h.number(k);
    h.number(static_cast<std::int64_t>(e.fields.size()));
    for (const auto& f : e.fields) h.field(f);
  }
  return h.value();
}

std::string stamps(const fs::path& dir) {
  std::string out;
  for (const char* name : {"entities.csv", "relations.csv", "events.jsonl", "events"}) stamp(out, dir / name, name);
  std::vector<std::string> names;
  std::error_code ec;
  if (fs::is_directory(dir / "events", ec)) {
    fs::directory_iterator it(dir / "events", ec), end;
    for (; !ec && it != end; it.increment(ec)) names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  for (const auto& n : names) stamp(out, dir / "events" / n, "events/" + n);
  return out;
}

}  // namespace credlex::store
