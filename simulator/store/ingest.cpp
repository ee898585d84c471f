// ingest(): the reference reader (simulator/population) does every check and says every problem;
// this file only decides where accepted rows go. Entities and relations come back in the
// population (their count is the population's size); events never do: each is appended, as it is
// accepted, to the temporary bucket file of its entity's range, and once the input is read each
// bucket is sorted (entity, date; stable, so ties keep reading order) and written out as columns.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <system_error>
#include <unordered_map>

#include "simulator/population/hooks.h"
#include "simulator/store/cells.h"
#include "simulator/store/files.h"
#include "simulator/store/format.h"
#include "simulator/store/json_fast.h"
#include "simulator/store/schema.h"
#include "simulator/store/store.h"

namespace credlex::store {

namespace fs = std::filesystem;
using format::Cell;

namespace {

// An event in a bucket file: this head, one Cell per field of its type (text cells: `i` is an
// offset into the text that follows), the text bytes, zeros up to a multiple of 8.
struct RecordHead {
  std::int64_t entity = 0;
  std::int32_t date = 0, type = 0, file = 0, line = 0;
  std::uint32_t text_bytes = 0, reserved = 0;
};
static_assert(sizeof(RecordHead) == 32);

std::uint64_t padded8(std::uint64_t n) { return (n + 7) / 8 * 8; }

constexpr std::size_t kMaxBuckets = 256;

class Ingest {
 public:
  Ingest(const ir::Policy& policy, const fs::path& dir, const fs::path& cache, const IngestOptions& options)
      : p_(policy), dir_(dir), cache_(cache), options_(options) {}

  IngestReport run() {
    std::string stamps_now = stamps(dir_);
    std::string error;
    if (!temp_.create(cache_, error)) return fail(error);
    population::ReadOptions read_options;
    read_options.skip_bad = options_.skip_bad;
    read_options.max_problems = options_.max_problems;
    population::Hooks hooks;
    hooks.parse_object = [this](std::string_view line, std::vector<population::json::Member>& m, population::json::Error& e) {
      return json_.parse(line, m, e);
    };
    hooks.events_next = [this](const population::Population& pop) { plan(pop); };
    hooks.event = [this](std::size_t entity, ir::Event&& e, const std::string& file, std::int64_t line) {
      event(entity, std::move(e), file, line);
    };
    population::Population pop = population::read(p_, dir_, read_options, hooks);
    report_.problems = std::move(pop.problems);
    report_.more_problems = pop.more_problems;
    report_.rows_skipped = pop.rows_skipped;
    if (!options_.skip_bad && !report_.ok()) {  // no cache (the temporary folder goes)
      remove_old_cache();
      return std::move(report_);
    }
    if (!write(pop, stamps_now, error)) return fail(error);
    report_.entities = static_cast<std::int64_t>(pop.histories.size());
    return std::move(report_);
  }

 private:
  // After a failed ingest there is no cache at `cache_`, not even one of older input that a
  // careless caller could take for this one. Only a file that is a store cache is removed.
  void remove_old_cache() {
    std::ifstream in(cache_, std::ios::binary);
    char magic[sizeof format::kMagic] = {};
    if (!in.read(magic, sizeof magic) || std::memcmp(magic, format::kMagic, sizeof magic) != 0) return;
    in.close();
    std::error_code ec;
    fs::remove(cache_, ec);
  }

  IngestReport fail(const std::string& reason) {
    remove_old_cache();
    IngestReport r = std::move(report_);
    r.entities = r.events = r.relations = 0;
    r.problems.push_back(population::Problem{cache_.string(), 0, 0, "cannot write the cache: " + reason});
    return r;
  }

  // Buckets of consecutive entities, as many as it takes for one bucket's events to fit the
  // memory budget if events were spread evenly (an event's record is about as large as its input
  // text; twice that for the sort's index and buffer).
  void plan(const population::Population& pop) {
    entities_ = static_cast<std::int64_t>(pop.histories.size());
    std::uint64_t input = 0;
    std::error_code ec;
    auto size_of = [&](const fs::path& f) {
      auto n = fs::file_size(f, ec);
      if (!ec) input += n;
    };
    size_of(dir_ / "events.jsonl");
    if (fs::is_directory(dir_ / "events", ec)) {
      fs::directory_iterator it(dir_ / "events", ec), end;
      for (; !ec && it != end; it.increment(ec)) size_of(it->path());
    }
    std::uint64_t budget = std::max<std::uint64_t>(options_.memory_budget, 64u << 10);
    std::size_t buckets = static_cast<std::size_t>(std::min<std::uint64_t>(kMaxBuckets, (2 * input + budget - 1) / budget));
    buckets = std::max<std::size_t>(1, std::min<std::size_t>(buckets, static_cast<std::size_t>(std::max<std::int64_t>(1, entities_))));
    per_bucket_ = std::max<std::int64_t>(1, (entities_ + static_cast<std::int64_t>(buckets) - 1) / static_cast<std::int64_t>(buckets));
    std::size_t buffer = std::clamp<std::size_t>(budget / (4 * buckets), 4096, std::size_t{1} << 20);
    buckets_.clear();
    for (std::size_t b = 0; b < buckets; ++b) {
      buckets_.push_back(std::make_unique<OutFile>());
      buckets_.back()->open(temp_.path() / fmt::format("bucket-{}", b), buffer);
    }
  }

  std::int32_t file_index(const std::string& file) {
    if (file_ >= 0 && files_[static_cast<std::size_t>(file_)] == file) return file_;
    auto [it, fresh] = file_ids_.emplace(file, static_cast<std::int32_t>(files_.size()));
    if (fresh) files_.push_back(file);
    file_ = it->second;
    return file_;
  }

  void event(std::size_t entity, ir::Event&& e, const std::string& file, std::int64_t line) {
    RecordHead head;
    head.entity = static_cast<std::int64_t>(entity);
    head.date = e.date;
    head.type = e.type;
    head.file = file_index(file);
    head.line = line > INT32_MAX ? INT32_MAX : static_cast<std::int32_t>(line);  // README: lines past 2^31 saturate
    cells_.clear();
    text_.clear();
    for (const auto& f : e.fields) {
      cells_.push_back(encode(f, static_cast<std::int64_t>(text_.size())));
      if (f && needs_text(*f)) text_ += f->text;
    }
    head.text_bytes = static_cast<std::uint32_t>(text_.size());
    OutFile& out = *buckets_[static_cast<std::size_t>(head.entity / per_bucket_)];
    out.put(head);
    out.write(cells_.data(), cells_.size() * sizeof(Cell));
    out.write(text_.data(), text_.size());
    out.pad8();
    ++report_.events;
  }

  bool open_sections(std::string& error) {
    for (std::size_t s = 0; s < format::kSectionCount; ++s)
      if (s != format::kCells && !sections_[s].open(temp_.path() / fmt::format("section-{}", s))) return (error = sections_[s].error(), false);
    type_cells_.clear();
    for (std::size_t t = 0; t < p_.events.size(); ++t) {
      type_cells_.push_back(std::make_unique<OutFile>());
      if (!type_cells_.back()->open(temp_.path() / fmt::format("cells-{}", t))) return (error = type_cells_.back()->error(), false);
    }
    return true;
  }

  // Text goes to the pool; the cell then points there.
  void put_cell(OutFile& out, Cell c, const char* text) {
    if (c.kind != format::kAbsent && c.aux > 0 &&
        (c.kind == static_cast<std::uint8_t>(ir::ValueKind::Text) || c.kind == static_cast<std::uint8_t>(ir::ValueKind::Entity) ||
         c.kind == static_cast<std::uint8_t>(ir::ValueKind::Level))) {
      OutFile& pool = sections_[format::kPool];
      std::int64_t at = static_cast<std::int64_t>(pool.size());
      pool.write(text + c.i, static_cast<std::size_t>(c.aux));
      c.i = at;
    } else if (c.kind != format::kAbsent && c.aux == 0 &&
               (c.kind == static_cast<std::uint8_t>(ir::ValueKind::Text) || c.kind == static_cast<std::uint8_t>(ir::ValueKind::Entity))) {
      c.i = 0;  // an empty text points nowhere
    }
    out.put(c);
  }

  void write_entities(const population::Population& pop) {
    auto& ids = sections_[format::kIdBytes];
    std::int64_t attributes = 0, relations = 0;
    std::string text;
    for (std::size_t e = 0; e < pop.histories.size(); ++e) {
      const ir::History& h = pop.histories[e];
      sections_[format::kIdOffsets].put(static_cast<std::int64_t>(ids.size()));
      ids.write(h.entity.id.data(), h.entity.id.size());
      sections_[format::kKinds].put(h.entity.kind);
      sections_[format::kAttributeOffsets].put(attributes);
      for (const auto& a : h.entity.attributes) {
        put_cell(sections_[format::kAttributes], encode(a, 0), a ? a->text.data() : nullptr);
        ++attributes;
      }
      sections_[format::kRelationOffsets].put(relations);
      for (const auto& r : h.relations) {
        format::Relation out;
        out.from = static_cast<std::int64_t>(e);
        out.to = static_cast<std::int64_t>(pop.index.at(r.other));
        out.relation = r.relation;
        out.since = r.since;
        out.has_until = r.until ? 1 : 0;
        out.until = r.until.value_or(0);
        sections_[format::kRelations].put(out);
        ++relations;
      }
    }
    sections_[format::kIdOffsets].put(static_cast<std::int64_t>(ids.size()));
    sections_[format::kAttributeOffsets].put(attributes);
    sections_[format::kRelationOffsets].put(relations);
    report_.relations = relations;
  }

  struct Ref {
    std::int64_t entity;
    std::int32_t date;
    std::uint64_t at;  // byte offset of the record in the bucket
  };

  // One bucket: read, sort, write its entities' events as columns.
  bool write_bucket(std::size_t b, std::int64_t& written, std::string& error) {
    std::int64_t lo = static_cast<std::int64_t>(b) * per_bucket_, hi = std::min(entities_, lo + per_bucket_);
    std::vector<char> data;
    {
      fs::path path = buckets_[b]->path();
      std::error_code ec;
      auto size = fs::file_size(path, ec);
      if (ec) return (error = "cannot read " + path.string() + ": " + ec.message(), false);
      data.resize(size);
      std::FILE* in = std::fopen(path.c_str(), "rb");
      bool ok = in && std::fread(data.data(), 1, data.size(), in) == data.size();
      if (in) std::fclose(in);
      if (!ok) return (error = "cannot read " + path.string(), false);
      fs::remove(path, ec);  // disk use stays at about one copy of the events
    }
    std::vector<Ref> refs;
    for (std::uint64_t at = 0; at < data.size();) {
      RecordHead head;
      std::memcpy(&head, data.data() + at, sizeof head);
      refs.push_back(Ref{head.entity, head.date, at});
      at += padded8(sizeof head + p_.events[static_cast<std::size_t>(head.type)].fields.size() * sizeof(Cell) + head.text_bytes);
    }
    std::stable_sort(refs.begin(), refs.end(), [](const Ref& a, const Ref& c) {
      return a.entity != c.entity ? a.entity < c.entity : a.date < c.date;
    });
    std::size_t k = 0;
    for (std::int64_t e = lo; e < hi; ++e) {
      sections_[format::kEventOffsets].put(written);
      for (; k < refs.size() && refs[k].entity == e; ++k) {
        RecordHead head;
        std::memcpy(&head, data.data() + refs[k].at, sizeof head);
        auto t = static_cast<std::size_t>(head.type);
        std::size_t fields = p_.events[t].fields.size();
        const char* cells = data.data() + refs[k].at + sizeof head;
        const char* text = cells + fields * sizeof(Cell);
        if (type_rows_[t] >= INT32_MAX) return (error = fmt::format("more than {} events of type `{}`", INT32_MAX, p_.events[t].name), false);
        sections_[format::kDates].put(head.date);
        sections_[format::kTypes].put(head.type);
        sections_[format::kRows].put(static_cast<std::int32_t>(type_rows_[t]++));
        sections_[format::kOriginFiles].put(head.file);
        sections_[format::kOriginLines].put(head.line);
        for (std::size_t s = 0; s < fields; ++s) {
          Cell c;
          std::memcpy(&c, cells + s * sizeof(Cell), sizeof c);
          put_cell(*type_cells_[t], c, text);
        }
        ++written;
      }
    }
    return true;
  }

  bool write(const population::Population& pop, const std::string& stamps_now, std::string& error) {
    if (buckets_.empty()) plan(pop);  // entities.csv could not be read: then there are no events either
    for (auto& b : buckets_)
      if (!b->close()) return (error = b->error(), false);
    if (!open_sections(error)) return false;
    sections_[format::kStamps].write(stamps_now.data(), stamps_now.size());
    write_entities(pop);
    type_rows_.assign(p_.events.size(), 0);
    std::int64_t written = 0;
    for (std::size_t b = 0; b < buckets_.size(); ++b)
      if (!write_bucket(b, written, error)) return false;
    sections_[format::kEventOffsets].put(written);
    auto& files = sections_[format::kFiles];
    files.put(static_cast<std::uint32_t>(files_.size()));
    for (const auto& f : files_) {
      files.put(static_cast<std::uint32_t>(f.size()));
      files.write(f.data(), f.size());
    }
    std::int64_t cells = 0;
    for (std::size_t t = 0; t < p_.events.size(); ++t) {
      sections_[format::kTypeRows].put(type_rows_[t]);
      sections_[format::kTypeCells].put(cells);
      cells += type_rows_[t] * static_cast<std::int64_t>(p_.events[t].fields.size());
    }
    sections_[format::kTypeCells].put(cells);
    for (auto& s : sections_)
      if (!s.close()) return (error = s.error(), false);
    for (auto& t : type_cells_)
      if (!t->close()) return (error = t->error(), false);
    return assemble(pop, written, error);
  }

  // The header, then every section (8-byte aligned), into a file in the temporary folder; then a
  // rename over the cache, so a reader sees the old cache or the new one, never half of one.
  bool assemble(const population::Population& pop, std::int64_t events, std::string& error) {
    format::Header h;
    std::memcpy(h.magic, format::kMagic, sizeof h.magic);
    h.fingerprint = fingerprint(p_);
    h.entities = static_cast<std::int64_t>(pop.histories.size());
    h.events = events;
    h.relations = report_.relations;
    h.event_types = static_cast<std::int64_t>(p_.events.size());
    h.rows_skipped = report_.rows_skipped;
    fs::path part = temp_.path() / "cache";
    OutFile out;
    if (!out.open(part, std::size_t{1} << 20)) return (error = out.error(), false);
    out.put(h);
    for (std::size_t s = 0; s < format::kSectionCount; ++s) {
      out.pad8();
      h.sections[s].offset = out.size();
      if (s == format::kCells) {
        for (auto& t : type_cells_)
          if (!append_file(out, t->path(), error)) return false;
      } else if (!append_file(out, sections_[s].path(), error)) {
        return false;
      }
      h.sections[s].size = out.size() - h.sections[s].offset;
    }
    out.pad8();
    if (!out.close()) return (error = out.error(), false);
    // The header again, now with the sections.
    std::FILE* f = std::fopen(part.c_str(), "r+b");
    bool ok = f && std::fwrite(&h, sizeof h, 1, f) == 1;
    if (f && std::fclose(f) != 0) ok = false;
    if (!ok) return (error = "cannot write " + part.string(), false);
    std::error_code ec;
    fs::rename(part, cache_, ec);
    if (ec) return (error = ec.message(), false);
    return true;
  }

  const ir::Policy& p_;
  fs::path dir_, cache_;
  const IngestOptions& options_;
  IngestReport report_;
  TempFolder temp_;
  JsonLines json_;
  std::int64_t entities_ = 0, per_bucket_ = 1;
  std::vector<std::unique_ptr<OutFile>> buckets_;
  std::vector<std::string> files_;
  std::unordered_map<std::string, std::int32_t> file_ids_;
  std::int32_t file_ = -1;
  std::vector<Cell> cells_;
  std::string text_;
  OutFile sections_[format::kSectionCount];
  std::vector<std::unique_ptr<OutFile>> type_cells_;
  std::vector<std::int64_t> type_rows_;
};

}  // namespace

IngestReport ingest(const ir::Policy& policy, const fs::path& dir, const fs::path& cache, const IngestOptions& options) {
  return Ingest(policy, dir, cache, options).run();
}

}  // namespace credlex::store
