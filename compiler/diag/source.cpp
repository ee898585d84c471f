#include "compiler/diag/source.h"

#include <algorithm>

namespace credlex::diag {

SourceRange join(SourceRange a, SourceRange b) {
  if (!a.valid()) return b;
  if (!b.valid() || a.file != b.file) return a;
  return {a.file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {}

void SourceFile::scan_lines_until(std::uint32_t offset) const {
  for (; scanned_ < offset && scanned_ < text_.size(); ++scanned_)
    if (text_[scanned_] == '\n') line_starts_.push_back(scanned_ + 1);
}

void SourceFile::scan_lines_count(std::uint32_t lines) const {
  for (; line_starts_.size() <= lines && scanned_ < text_.size(); ++scanned_)
    if (text_[scanned_] == '\n') line_starts_.push_back(scanned_ + 1);
}

LineColumn SourceFile::line_column(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  scan_lines_until(offset);
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  std::uint32_t column = 1;
  for (std::uint32_t i = line_starts_[line - 1]; i < offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;  // skip continuation bytes
  return {line, column};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  scan_lines_count(line);
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t begin = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<std::uint32_t>(text_.size());
  if (line == line_starts_.size()) {  // the last known line: find where it ends
    auto nl = text_.find('\n', begin);
    end = nl == std::string::npos ? static_cast<std::uint32_t>(text_.size()) : static_cast<std::uint32_t>(nl);
  }
  std::string_view view(text_.data() + begin, end - begin);
  if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
  return view;
}

FileId SourceManager::add(std::string path, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
  return static_cast<FileId>(files_.size() - 1);
}

}  // namespace credlex::diag
