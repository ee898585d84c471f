// The standing of an entity as text for people or as JSON for programs. Both carry the same facts;
// `explain` adds the derivation (event → rule → list → measure, each with its basis) and the
// recourse (how and when at the earliest each item can end).
#pragma once

#include <string>

#include "compiler/explain/standing.h"

namespace credlex::explain {

struct RenderOptions {
  bool explain = false;
};

std::string text(const Standing& s, const RenderOptions& o);
std::string json(const Standing& s, const RenderOptions& o);

}  // namespace credlex::explain
