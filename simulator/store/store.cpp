// Store: open() checks the map once, completely; every accessor after that reads the map without
// further checks (and so cannot fail).
#include "simulator/store/store.h"

#include <algorithm>

#include <fmt/format.h>

#include <cstring>
#include <fstream>

#include "simulator/store/cells.h"
#include "simulator/store/format.h"
#include "simulator/store/mapping.h"
#include "simulator/store/schema.h"

namespace credlex::store {

namespace fs = std::filesystem;
using format::Cell;

// Typed pointers into the map (every section 8-byte aligned, so the casts are aligned reads).
struct Store::View {
  format::Header header{};
  const std::int64_t *id_offsets = nullptr, *attribute_offsets = nullptr, *event_offsets = nullptr, *relation_offsets = nullptr;
  const std::int64_t *type_rows = nullptr, *type_cells = nullptr;
  const char *id_bytes = nullptr, *pool = nullptr;
  const std::int32_t *kinds = nullptr, *dates = nullptr, *types = nullptr, *rows = nullptr, *origin_files = nullptr,
                     *origin_lines = nullptr;
  const Cell *attributes = nullptr, *cells = nullptr;
  const format::Relation* relations = nullptr;
  std::uint64_t pool_size = 0;
};

Store::~Store() = default;

namespace {

// Sizes are checked before any element is read.
template <class T>
bool section(const char* base, const format::SectionRef& s, std::uint64_t count, const T*& out) {
  if (count > s.size || s.size != count * sizeof(T)) return false;
  out = reinterpret_cast<const T*>(base + s.offset);
  return true;
}

// Offsets that start at 0, never go down and end at `total`.
bool monotonic(const std::int64_t* v, std::int64_t n, std::int64_t total) {
  if (v[0] != 0) return false;
  for (std::int64_t k = 0; k < n; ++k)
    if (v[k + 1] < v[k]) return false;
  return v[n] == total;
}

}  // namespace

std::unique_ptr<Store> Store::open(const fs::path& cache, const ir::Policy& policy, std::string& error) {
  std::unique_ptr<Store> store(new Store);
  store->map_ = Mapping::open(cache, error);
  if (!store->map_) return nullptr;
  store->policy_ = &policy;
  std::string why;
  if (!store->check(policy, why)) {
    error = fmt::format("the cache {} cannot be used: {}", cache.string(), why);
    return nullptr;
  }
  store->map_->release();  // the check read every page: none need stay resident
  return store;
}

// Elements of a column read between two releases of the map's pages (16 MiB of 16-byte cells).
constexpr std::int64_t kPaceElements = 1 << 20;

bool Store::check(const ir::Policy& p, std::string& why) {
  const char* base = map_->data();
  const std::uint64_t size = map_->size();
  v_ = std::make_unique<View>();
  View& v = *v_;
  if (size < sizeof(format::Header)) return (why = "the file is too short to be a cache (truncated?)", false);
  std::memcpy(&v.header, base, sizeof v.header);
  const format::Header& h = v.header;
  if (std::memcmp(h.magic, format::kMagic, sizeof h.magic) != 0) return (why = "it is not a credlex store cache (wrong magic)", false);
  if (h.version != format::kVersion || h.header_size != sizeof(format::Header))
    return (why = fmt::format("it has format version {}; this credlex reads version {} (ingest again)", h.version, format::kVersion), false);
  if (h.fingerprint != fingerprint(p)) return (why = "it was made for another policy schema (ingest again)", false);
  for (const auto& s : h.sections)
    if (s.offset % 8 != 0 || s.offset < sizeof(format::Header) || s.offset > size || s.size > size - s.offset)
      return (why = "a section lies outside the file (truncated or damaged)", false);
  const std::int64_t n = h.entities, events = h.events, types = h.event_types;
  if (n < 0 || events < 0 || h.relations < 0 || types != static_cast<std::int64_t>(p.events.size()) ||
      static_cast<std::uint64_t>(n) > size || static_cast<std::uint64_t>(events) > size || static_cast<std::uint64_t>(h.relations) > size)
    return (why = "its counts do not match its contents (damaged)", false);
  const auto un = static_cast<std::uint64_t>(n), ue = static_cast<std::uint64_t>(events);
  const auto& s = h.sections;
  bool shapes = section(base, s[format::kIdOffsets], un + 1, v.id_offsets) && section(base, s[format::kKinds], un, v.kinds) &&
                section(base, s[format::kAttributeOffsets], un + 1, v.attribute_offsets) &&
                section(base, s[format::kEventOffsets], un + 1, v.event_offsets) &&
                section(base, s[format::kRelationOffsets], un + 1, v.relation_offsets) &&
                section(base, s[format::kDates], ue, v.dates) && section(base, s[format::kTypes], ue, v.types) &&
                section(base, s[format::kRows], ue, v.rows) && section(base, s[format::kOriginFiles], ue, v.origin_files) &&
                section(base, s[format::kOriginLines], ue, v.origin_lines) &&
                section(base, s[format::kTypeRows], static_cast<std::uint64_t>(types), v.type_rows) &&
                section(base, s[format::kTypeCells], static_cast<std::uint64_t>(types) + 1, v.type_cells) &&
                section(base, s[format::kRelations], static_cast<std::uint64_t>(h.relations), v.relations) &&
                s[format::kAttributes].size % sizeof(Cell) == 0 && s[format::kCells].size % sizeof(Cell) == 0;
  if (!shapes) return (why = "a section has the wrong size (truncated or damaged)", false);
  v.id_bytes = base + s[format::kIdBytes].offset;
  v.pool = base + s[format::kPool].offset;
  v.pool_size = s[format::kPool].size;
  v.attributes = reinterpret_cast<const Cell*>(base + s[format::kAttributes].offset);
  v.cells = reinterpret_cast<const Cell*>(base + s[format::kCells].offset);
  auto attribute_cells = static_cast<std::int64_t>(s[format::kAttributes].size / sizeof(Cell));
  auto cells = static_cast<std::int64_t>(s[format::kCells].size / sizeof(Cell));
  const std::string damaged = "its contents are inconsistent (damaged)";
  // Entities: ids, kinds, attribute counts by kind, event and relation ranges.
  if (!monotonic(v.id_offsets, n, static_cast<std::int64_t>(s[format::kIdBytes].size)) || !monotonic(v.attribute_offsets, n, attribute_cells) ||
      !monotonic(v.event_offsets, n, events) || !monotonic(v.relation_offsets, n, h.relations))
    return (why = damaged, false);
  for (std::int64_t e = 0; e < n; ++e) {
    std::int32_t k = v.kinds[e];
    if (k < 0 || static_cast<std::size_t>(k) >= p.kinds.size() ||
        v.attribute_offsets[e + 1] - v.attribute_offsets[e] != static_cast<std::int64_t>(p.kinds[static_cast<std::size_t>(k)].attributes.size()))
      return (why = damaged, false);
  }
  // The loops over whole columns let the pages they have read leave resident memory every
  // kPages elements: the check reads the whole file, which may be larger than the memory.
  auto pace = [&](std::int64_t k) {
    if (k % kPaceElements == kPaceElements - 1) map_->release();
  };
  for (std::int64_t a = 0; a < attribute_cells; ++a) {
    if (!valid(v.attributes[a], v.pool_size)) return (why = damaged, false);
    pace(a);
  }
  // Event types: rows and cells.
  if (v.type_cells[0] != 0) return (why = damaged, false);
  for (std::int64_t t = 0; t < types; ++t) {
    std::int64_t rows = v.type_rows[t], fields = static_cast<std::int64_t>(p.events[static_cast<std::size_t>(t)].fields.size());
    if (rows < 0 || rows > events || v.type_cells[t + 1] - v.type_cells[t] != rows * fields) return (why = damaged, false);
  }
  if (v.type_cells[types] != cells) return (why = damaged, false);
  for (std::int64_t c = 0; c < cells; ++c) {
    if (!valid(v.cells[c], v.pool_size)) return (why = damaged, false);
    pace(c);
  }
  // Origin files.
  {
    const char* f = base + s[format::kFiles].offset;
    std::uint64_t left = s[format::kFiles].size;
    std::uint32_t count = 0;
    if (left < 4) return (why = damaged, false);
    std::memcpy(&count, f, 4);
    f += 4;
    left -= 4;
    for (std::uint32_t k = 0; k < count; ++k) {
      std::uint32_t len = 0;
      if (left < 4) return (why = damaged, false);
      std::memcpy(&len, f, 4);
      f += 4;
      left -= 4;
      if (len > left) return (why = damaged, false);
      files_.emplace_back(f, len);
      f += len;
      left -= len;
    }
  }
  for (std::int64_t k = 0; k < events; ++k) {
    std::int32_t t = v.types[k];
    if (t < 0 || t >= types || v.rows[k] < 0 || v.rows[k] >= v.type_rows[t] || v.origin_files[k] < 0 ||
        static_cast<std::size_t>(v.origin_files[k]) >= files_.size())
      return (why = damaged, false);
    pace(k);
  }
  // Relations.
  for (std::int64_t e = 0; e < n; ++e, pace(e))
    for (std::int64_t r = v.relation_offsets[e]; r < v.relation_offsets[e + 1]; ++r) {
      const format::Relation& x = v.relations[r];
      if (x.from != e || x.to < 0 || x.to >= n || x.relation < 0 || static_cast<std::size_t>(x.relation) >= p.relations.size())
        return (why = damaged, false);
      relations_.push_back(Relation{x.from, x.to, x.relation, x.since, x.has_until ? std::optional<ir::Day>(x.until) : std::nullopt});
    }
  return true;
}

std::int64_t Store::entity_count() const { return v_->header.entities; }
std::int64_t Store::event_count() const { return v_->header.events; }

std::optional<std::pair<ir::Day, ir::Day>> Store::event_dates() const {
  const std::int64_t n = event_count();
  if (n == 0) return std::nullopt;
  ir::Day lo = v_->dates[0], hi = v_->dates[0];
  for (std::int64_t k = 0; k < n; ++k) {
    lo = std::min(lo, v_->dates[k]);
    hi = std::max(hi, v_->dates[k]);
    if (k % kPaceElements == kPaceElements - 1) map_->release();  // as in check()
  }
  return std::pair<ir::Day, ir::Day>{lo, hi};
}
std::int64_t Store::rows_skipped() const { return v_->header.rows_skipped; }
void Store::release_pages() const { map_->release(); }

std::string_view Store::id(std::int64_t e) const {
  return {v_->id_bytes + v_->id_offsets[e], static_cast<std::size_t>(v_->id_offsets[e + 1] - v_->id_offsets[e])};
}
std::int32_t Store::kind(std::int64_t e) const { return v_->kinds[e]; }
std::int64_t Store::event_begin(std::int64_t e) const { return v_->event_offsets[e]; }

// The histories already in `out` are overwritten in place: their strings and vectors keep their
// memory, so a worker that reads chunk after chunk stops allocating once its histories have grown
// (a history built from nothing cost a tenth of a replay's time in allocations and frees).
void Store::histories(std::int64_t first, std::int64_t last, std::vector<ir::History>& out) const {
  const View& v = *v_;
  out.resize(static_cast<std::size_t>(last - first));
  for (std::int64_t e = first; e < last; ++e) {
    ir::History& h = out[static_cast<std::size_t>(e - first)];
    h.entity.id.assign(id(e));
    h.entity.kind = v.kinds[e];
    h.entity.attributes.resize(static_cast<std::size_t>(v.attribute_offsets[e + 1] - v.attribute_offsets[e]));
    for (std::int64_t a = v.attribute_offsets[e]; a < v.attribute_offsets[e + 1]; ++a)
      decode(v.attributes[a], v.pool, h.entity.attributes[static_cast<std::size_t>(a - v.attribute_offsets[e])]);
    h.events.resize(static_cast<std::size_t>(v.event_offsets[e + 1] - v.event_offsets[e]));
    for (std::int64_t k = v.event_offsets[e]; k < v.event_offsets[e + 1]; ++k) {
      auto t = static_cast<std::size_t>(v.types[k]);
      std::size_t fields = policy_->events[t].fields.size();
      const Cell* row = v.cells + v.type_cells[t] + static_cast<std::int64_t>(v.rows[k]) * static_cast<std::int64_t>(fields);
      ir::Event& ev = h.events[static_cast<std::size_t>(k - v.event_offsets[e])];
      ev.date = v.dates[k];
      ev.type = v.types[k];
      ev.fields.resize(fields);
      for (std::size_t s = 0; s < fields; ++s) decode(row[s], v.pool, ev.fields[s]);
    }
    h.relations.resize(static_cast<std::size_t>(v.relation_offsets[e + 1] - v.relation_offsets[e]));
    for (std::int64_t r = v.relation_offsets[e]; r < v.relation_offsets[e + 1]; ++r) {
      const Relation& x = relations_[static_cast<std::size_t>(r)];
      ir::RelationSpan& span = h.relations[static_cast<std::size_t>(r - v.relation_offsets[e])];
      span.relation = x.relation;
      span.other.assign(id(x.to));
      span.since = x.since;
      span.until = x.until;
    }
  }
}

void Store::batch(std::int64_t first, std::int64_t last, Batch& b) const {
  const View& v = *v_;
  const std::size_t types = policy_->events.size();
  b.kinds_.clear();
  b.attribute_counts_.clear();
  b.attributes_.clear();
  b.attribute_ptrs_.clear();
  b.offsets_.clear();
  b.dates_.clear();
  b.types_.clear();
  b.rows_.clear();
  b.cells_.resize(types);
  b.slot_ptrs_.resize(types);
  b.type_ptrs_.resize(types);
  b.next_row_.assign(types, 0);
  for (std::size_t t = 0; t < types; ++t) {
    b.cells_[t].resize(policy_->events[t].fields.size());
    for (auto& column : b.cells_[t]) column.clear();
  }
  for (std::int64_t e = first; e < last; ++e) {
    b.kinds_.push_back(v.kinds[e]);
    b.attribute_counts_.push_back(static_cast<std::int32_t>(v.attribute_offsets[e + 1] - v.attribute_offsets[e]));
    for (std::int64_t a = v.attribute_offsets[e]; a < v.attribute_offsets[e + 1]; ++a) b.attributes_.push_back(to_clx(v.attributes[a], v.pool));
  }
  // Pointers only once the attribute cells stop moving.
  std::size_t at = 0;
  for (auto count : b.attribute_counts_) {
    b.attribute_ptrs_.push_back(b.attributes_.data() + at);
    at += static_cast<std::size_t>(count);
  }
  const std::int64_t base = v.event_offsets[first];
  for (std::int64_t e = first; e <= last; ++e) b.offsets_.push_back(v.event_offsets[e] - base);
  for (std::int64_t k = base; k < v.event_offsets[last]; ++k) {
    auto t = static_cast<std::size_t>(v.types[k]);
    auto& columns = b.cells_[t];
    const Cell* row = v.cells + v.type_cells[t] + static_cast<std::int64_t>(v.rows[k]) * static_cast<std::int64_t>(columns.size());
    b.dates_.push_back(v.dates[k]);
    b.types_.push_back(v.types[k]);
    b.rows_.push_back(b.next_row_[t]++);
    for (std::size_t s = 0; s < columns.size(); ++s) columns[s].push_back(to_clx(row[s], v.pool));
  }
  for (std::size_t t = 0; t < types; ++t) {
    b.slot_ptrs_[t].clear();
    for (auto& column : b.cells_[t]) b.slot_ptrs_[t].push_back(column.data());
    b.type_ptrs_[t] = b.slot_ptrs_[t].data();
  }
  b.view_ = clx_batch{static_cast<std::int32_t>(last - first), b.kinds_.data(), b.attribute_counts_.data(), b.attribute_ptrs_.data(),
                      b.offsets_.data(), b.dates_.data(), b.types_.data(), b.rows_.data(), b.type_ptrs_.data()};
}

std::string Store::origin(std::int64_t entity, std::int32_t event) const {
  std::int64_t k = v_->event_offsets[entity] + event;
  return fmt::format("{}:{}", files_[static_cast<std::size_t>(v_->origin_files[k])], v_->origin_lines[k]);
}

bool fresh(const ir::Policy& policy, const fs::path& dir, const fs::path& cache) {
  std::ifstream in(cache, std::ios::binary);
  format::Header h{};
  if (!in.read(reinterpret_cast<char*>(&h), sizeof h)) return false;
  if (std::memcmp(h.magic, format::kMagic, sizeof h.magic) != 0 || h.version != format::kVersion || h.fingerprint != fingerprint(policy))
    return false;
  const format::SectionRef& s = h.sections[format::kStamps];
  std::string now = stamps(dir);
  if (s.size != now.size()) return false;
  std::string recorded(now.size(), '\0');
  in.seekg(static_cast<std::streamoff>(s.offset));
  if (!in.read(recorded.data(), static_cast<std::streamsize>(recorded.size()))) return false;
  return recorded == now;
}

}  // namespace credlex::store
