// Internal: a file read line by line in chunks, so memory stays bounded by the longest line
// (kMaxLineBytes) whatever the file's size. Lines end in LF or CRLF; the CR is removed, and so is
// a UTF-8 byte-order mark at the start of the file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace credlex::population {

class LineReader {
 public:
  LineReader() = default;
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;
  ~LineReader();

  // False, with a plain reason in `error`, when the file cannot be opened.
  bool open(const std::filesystem::path& path, std::string& error);

  enum class Status { Line, TooLong, End, Failed };
  // Line: `line` is valid until the next call. TooLong: the line was skipped unread. Failed: a
  // read error (error() says which); nothing more is read.
  Status next(std::string_view& line);
  std::int64_t line_number() const { return line_; }
  const std::string& error() const { return error_; }

 private:
  bool fill();  // appends a chunk; false at end of file or on error (failed_)
  Status skip_rest_of_line();

  std::FILE* file_ = nullptr;
  std::string buf_;
  std::size_t start_ = 0;    // first byte not yet returned
  std::size_t scanned_ = 0;  // bytes from start_ already searched for '\n'
  bool eof_ = false, failed_ = false;
  std::int64_t line_ = 0;
  std::string error_;
};

}  // namespace credlex::population
