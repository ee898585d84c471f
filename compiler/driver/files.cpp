#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "compiler/driver/driver.h"

namespace credlex::driver {
namespace {

bool read_file(const std::string& path, std::string& text, std::string& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = std::strerror(errno);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    error = "it is a folder, not a file";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return false;
  }
  // A device, pipe or socket has no size and may never end (/dev/zero): it is read up to a bound
  // far above any file credlex reads this way (a policy may have 8 MiB), then refused.
  constexpr std::size_t kMostBytes = 64u << 20;
  const bool regular = S_ISREG(st.st_mode);
  text.clear();
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (!regular && text.size() > kMostBytes) {
      error = "it does not end within 64 MiB (it is not a regular file)";
      text.clear();
      return false;
    }
  }
  if (in.bad()) {
    error = "reading failed";
    return false;
  }
  return true;
}

// Writes next to the target, flushes, then renames: a reader never sees half a file.
bool write_file(const std::string& path, const std::string& text, std::string& error) {
  std::string temp = path + ".credlex-tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) ::fchmod(fd, st.st_mode & 07777);
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return false;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(temp.c_str(), path.c_str()) != 0) {
    error = std::strerror(errno);
    ::unlink(temp.c_str());
    return false;
  }
  return true;
}

}  // namespace

Env system_env(std::ostream& out, std::ostream& err) { return Env{out, err, read_file, write_file, ::isatty(STDERR_FILENO) == 1}; }

}  // namespace credlex::driver
