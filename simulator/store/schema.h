// Internal: what a cache depends on, so fresh() and Store::open() can tell a stale one — the
// policy's schema (a fingerprint) and the input files (their stamps).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "compiler/ir/ir.h"

namespace credlex::store {

// FNV-1a over everything a population is typed by: kinds and their attributes, relations, enums,
// event types with their kinds and fields. Names count (columns are found by name), order counts
// (slots are positions). Rules, parameters and lists do not: they change no stored value.
std::uint64_t fingerprint(const ir::Policy& policy);

// The stamps of the input files, as bytes to compare: for entities.csv, relations.csv,
// events.jsonl, the events folder and every entry in it (by name), whether it exists, its size and
// its modification time. Two equal stamps mean (short of a same-size rewrite within the file
// system's time resolution) the same input.
std::string stamps(const std::filesystem::path& dir);

}  // namespace credlex::store
