#include "compiler/differential/generator.h"

#include <fmt/format.h>

namespace credlex::differential {

std::string show(const ir::Policy& p, const ir::History& h) {
  std::string out = fmt::format("entity of kind {}:", p.kinds.at(static_cast<std::size_t>(h.entity.kind)).name);
  for (const auto& a : h.entity.attributes) out += " " + (a ? ir::to_string(p, *a) : std::string("?"));
  out += "\n";
  for (std::size_t k = 0; k < h.events.size(); ++k) {
    const auto& e = h.events[k];
    out += fmt::format("  #{} {} {}", k, ir::date_text(e.date), p.events.at(static_cast<std::size_t>(e.type)).name);
    for (const auto& f : e.fields) out += " " + (f ? ir::to_string(p, *f) : std::string("?"));
    out += "\n";
  }
  return out;
}

}  // namespace credlex::differential
