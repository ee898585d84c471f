// Internal: the cache file's layout (README.md, "The cache file"). Little-endian, every section
// 8-byte aligned; the header is fixed-size and names every section by offset and size, so a
// reader checks bounds once and then reads the map directly.
#pragma once

#include <cstdint>

namespace credlex::store::format {

inline constexpr char kMagic[8] = {'C', 'L', 'X', 'S', 'T', 'O', 'R', 'E'};
inline constexpr std::uint32_t kVersion = 1;

// The sections, in file order.
enum Section : std::uint32_t {
  kStamps,           // input stamps: the bytes fresh() compares (stamps.h)
  kFiles,            // origin file names: u32 count, then per file u32 length + bytes (padded to 8)
  kIdOffsets,        // i64 × (entities + 1) into kIdBytes
  kIdBytes,          // entity ids, concatenated
  kKinds,            // i32 × entities
  kAttributeOffsets, // i64 × (entities + 1) into kAttributes
  kAttributes,       // Cell × total attribute slots
  kEventOffsets,     // i64 × (entities + 1): events of e are [off[e], off[e+1])
  kDates,            // i32 × events (day numbers)
  kTypes,            // i32 × events
  kRows,             // i32 × events: the event's row among the events of its type
  kOriginFiles,      // i32 × events: index into kFiles
  kOriginLines,      // i32 × events: 1-based line
  kTypeRows,         // i64 × event types: rows of each type
  kTypeCells,        // i64 × (event types + 1): where each type's cells start in kCells
  kCells,            // Cell × Σ rows(t) × fields(t), per type row-major (row r, slot s at r·fields + s)
  kRelationOffsets,  // i64 × (entities + 1) into kRelations (relations of `from`)
  kRelations,        // Relation × relations, grouped by `from`, in input order within
  kPool,             // text bytes of text / entity cells
  kSectionCount
};

struct SectionRef {
  std::uint64_t offset = 0, size = 0;
};

struct Header {
  char magic[8];
  std::uint32_t version = kVersion;
  std::uint32_t header_size = sizeof(Header);
  std::uint64_t fingerprint = 0;  // of the policy's schema (fingerprint.h)
  std::int64_t entities = 0, events = 0, relations = 0, event_types = 0;
  std::int64_t rows_skipped = 0;  // by an ingest with skip_bad: the cache is not the whole input
  SectionRef sections[kSectionCount];
};

// One value: 8 bytes of payload plus what the schema does not fix. 16 bytes, not clx_value's 40.
struct Cell {
  std::int64_t i = 0;      // ir::Value::i; text and entity: offset into kPool
  std::int32_t aux = 0;    // decimal: scale; choice: enum; money: currency letters; text: length
  std::uint8_t kind = 255; // ir::ValueKind, 255 = absent
  std::uint8_t unit = 0;   // duration
  std::uint16_t reserved = 0;
};
static_assert(sizeof(Cell) == 16);

struct Relation {
  std::int64_t from = 0, to = 0;
  std::int32_t relation = 0, since = 0, until = 0, has_until = 0;
};
static_assert(sizeof(Relation) == 32);

inline constexpr std::uint8_t kAbsent = 255;

}  // namespace credlex::store::format
