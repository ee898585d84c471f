// Declarations → layout items: the canonical text of every line, with its source extent.
// Private to format.
#pragma once

#include <string_view>

#include "compiler/format/layout.h"

namespace credlex::format {

Layout build_layout(const syntax::File& file, std::string_view src);

}  // namespace credlex::format
