// Seeded, realistic populations for a policy, written as a population folder in exactly the format
// simulator/population reads (entities.csv, relations.csv, events.jsonl or events/<type>.csv).
//
// A profile is chosen from the event types the policy declares (profile_for): the SPC profile for
// the SPC judgment-defaulter and high-consumption policies, the restoration profile for the NDRC
// credit-restoration policies (one population valid for the 2019, 2023 and 2025 versions), and a
// generic profile for any other policy. Entity k depends only on (seed, k) and refers only to
// entities before it, so a smaller population is a prefix of a larger one, file by file. Writing
// streams: memory does not grow with the number of entities. README.md gives the rates and the
// public figures they are calibrated to.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "compiler/ir/interpret.h"

namespace credlex::generate {

enum class Profile : std::uint8_t { SpcDefaulters, SpcConsumption, Restoration, Generic };
const char* to_string(Profile p);
// The profile for a policy: the most specific one whose events and fields it declares.
Profile profile_for(const ir::Policy& policy);

struct Options {
  std::int64_t entities = 10000;
  std::uint64_t seed = 1;
  // Event dates are in [from, to); a case or decision starting near `to` is cut there, as in an
  // export made on that day. 0 and 0: the profile's default (default_span).
  ir::Day from = 0, to = 0;
  std::string format = "jsonl";  // "jsonl": events.jsonl; "csv": events/<type>.csv
  bool force = false;            // replace a non-empty existing folder
};

// The profile's default [from, to): SPC 2016-01-01 to 2026-01-01; restoration 2020-01-01 to
// 2026-01-01; generic 2019-01-01 to 2026-01-01.
void default_span(Profile p, ir::Day& from, ir::Day& to);

struct Summary {
  Profile profile = Profile::Generic;
  std::int64_t entities = 0, relations = 0, events = 0;
  std::map<std::string, std::int64_t> kinds;   // entities by kind name
  std::map<std::string, std::int64_t> types;   // events by event type name
  std::uintmax_t bytes = 0;                    // of all files written
  ir::Day from = 0, to = 0;                    // the span used
  bool ok = false;
};

// Writes the population into `dir`: first into a temporary folder beside it, renamed into place at
// the end, so `dir` never holds half a population. Refuses (ok = false, `error` in plain words) a
// bad option, an existing `dir` that is not an empty folder (unless options.force), and any
// file-system failure (the temporary folder is removed).
Summary write(const ir::Policy& policy, const Options& options, const std::filesystem::path& dir, std::string& error);

// ---------------------------------------------------------------------------------------------
// The pieces, for tests and the benchmark.

// Generates entity after entity, in the policy's terms.
class Generator {
 public:
  Generator(const ir::Policy& policy, Profile profile, std::uint64_t seed, ir::Day from, ir::Day to);
  ~Generator();
  Generator(const Generator&) = delete;
  Generator& operator=(const Generator&) = delete;
  // Entity k (any k >= 0, in any order): depends only on (seed, k, from, to).
  void entity(std::int64_t k, ir::History& out);

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace credlex::generate
