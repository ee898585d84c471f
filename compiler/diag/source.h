// Source files and locations. A location is a byte range in a file owned by the SourceManager;
// line and column are computed only when a diagnostic is rendered.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace credlex::diag {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = ~FileId{0};

struct SourceRange {
  FileId file = kNoFile;
  std::uint32_t begin = 0;  // byte offset of the first byte
  std::uint32_t end = 0;    // byte offset one past the last byte
  bool valid() const { return file != kNoFile; }
};

// Covers both ranges (they must be in the same file).
SourceRange join(SourceRange a, SourceRange b);

struct LineColumn {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, counted in characters (code points), not bytes
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  LineColumn line_column(std::uint32_t offset) const;
  // The text of a 1-based line, without its line break.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const {
    scan_lines_until(static_cast<std::uint32_t>(text_.size()));
    return static_cast<std::uint32_t>(line_starts_.size());
  }

 private:
  // Line starts are found lazily and only as far as needed: a huge file that is refused at
  // offset 0 must not cost a table of all its lines.
  void scan_lines_until(std::uint32_t offset) const;
  void scan_lines_count(std::uint32_t lines) const;

  std::string path_;
  std::string text_;
  mutable std::vector<std::uint32_t> line_starts_{0};
  mutable std::uint32_t scanned_ = 0;  // every line start before this offset is known
};

// Owns the text of every file read during one compilation. Files are never removed, so ranges
// and string_views into them stay valid for the manager's lifetime.
class SourceManager {
 public:
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return *files_.at(id); }
  std::size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace credlex::diag
