// Internal to the simulator: read() with its two inner steps replaceable, for simulator/store (the
// ingest into a memory-mapped cache). The store streams events to disk instead of keeping them in
// the histories, and tokenizes events.jsonl lines with simdjson; every check and every message
// stays the reference reader's, so the cache and read() accept exactly the same input.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/population/json_line.h"
#include "simulator/population/population.h"

namespace credlex::population {

struct Hooks {
  // Same contract as json::parse_object (members in order, duplicates kept, offsets in bytes,
  // the first syntax error with json::parse_object's exact reason). Empty: json::parse_object.
  std::function<bool(std::string_view line, std::vector<json::Member>& members, json::Error& error)> parse_object;
  // Called for every accepted event, in reading order, instead of appending it to its history
  // (the histories then have no events). `entity` is the final position in histories; `file`
  // and `line` say where the event was read. Empty: events go to the histories as in read().
  std::function<void(std::size_t entity, ir::Event&& event, const std::string& file, std::int64_t line)> event;
  // Called once entities.csv and relations.csv are read, before any event: the histories (without
  // events) are final from here on, so an event's entity index is final too.
  std::function<void(const Population& population)> events_next;
};

// read() with hooks. With an event hook the histories come back without events, and in the
// default mode (skip_bad false) a population with problems still comes back empty.
Population read(const ir::Policy& policy, const std::filesystem::path& dir, const ReadOptions& options, const Hooks& hooks);

}  // namespace credlex::population
