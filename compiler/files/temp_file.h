// Files that appear whole or not at all: written to a temporary file next to their final place,
// flushed, then renamed over it. A reader never sees half a file, and a failed write leaves the
// old file as it was. Used by `credlex build` (codegen/aot.cpp) and the simulator's reports.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace credlex::files {

// A file created next to its final place and removed unless committed (renamed into place).
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile();

  // Creates `.NAME.credlex-UNIQUE<suffix>` in the target's folder with `mode` (less the umask, as
  // any new file). `suffix` ends the name (the C compiler recognises objects by `.o`).
  bool create(const std::string& final_path, const std::string& suffix, mode_t mode, std::string& error);
  // The temporary file's path (for a program that writes it itself, such as the C compiler).
  const std::string& path() const { return path_; }
  // Replaces the temporary file's contents with `bytes` and flushes them to disk.
  bool write(std::string_view bytes, std::string& error);
  // Renames the temporary file over the final path; afterwards the destructor removes nothing.
  bool commit(std::string& error);

 private:
  std::string path_, final_;
};

// Writes `text` to `path` atomically. An existing file keeps its permission bits; a new one gets
// 0644 less the umask. On failure returns false with the reason in `error` and leaves `path` as
// it was.
bool write_file_atomic(const std::string& path, std::string_view text, std::string& error);

}  // namespace credlex::files
