#include "compiler/format/format.h"

#include "compiler/format/items.h"
#include "compiler/format/layout.h"

namespace credlex::format {

std::string format(const syntax::File& file, std::string_view source_text, const Options& options) {
  if (!file.syntax_ok) return std::string(source_text);
  Layout layout = build_layout(file, source_text);
  attach_comments(layout, file.comments, source_text);
  return render(layout, source_text, options.indent, options.max_width);
}

}  // namespace credlex::format
