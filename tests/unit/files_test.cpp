// Atomic writes (compiler/files): the file appears whole, replaces the old one keeping its
// permission bits, and a failed write leaves nothing behind.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "compiler/files/temp_file.h"

namespace fs = std::filesystem;
using credlex::files::TempFile;
using credlex::files::write_file_atomic;

namespace {

struct Folder {
  fs::path dir = fs::temp_directory_path() / ("credlex-files-test-" + std::to_string(::getpid()));
  Folder() { fs::create_directories(dir); }
  ~Folder() { fs::remove_all(dir); }
  std::size_t entries() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator())); }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("files: write_file_atomic creates and replaces a file, keeping its mode", "[files]") {
  Folder f;
  std::string path = (f.dir / "report.html").string(), error;
  REQUIRE(write_file_atomic(path, "first", error));
  CHECK(slurp(path) == "first");
  ::chmod(path.c_str(), 0600);
  REQUIRE(write_file_atomic(path, std::string(100000, 'x'), error));
  CHECK(slurp(path) == std::string(100000, 'x'));
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(f.entries() == 1);  // no temporary file left
}

TEST_CASE("files: write_file_atomic fails cleanly", "[files]") {
  Folder f;
  std::string error;
  CHECK_FALSE(write_file_atomic((f.dir / "missing" / "report.html").string(), "x", error));
  CHECK(error.find("cannot create a file in the folder of") != std::string::npos);
  // A folder in the way: the rename fails, the folder stays, the temporary file is removed.
  fs::create_directory(f.dir / "taken");
  fs::create_directory(f.dir / "taken" / "inside");
  error.clear();
  CHECK_FALSE(write_file_atomic((f.dir / "taken").string(), "x", error));
  CHECK(error.find("cannot replace") != std::string::npos);
  CHECK(fs::is_directory(f.dir / "taken"));
  CHECK(f.entries() == 1);
}

TEST_CASE("files: a TempFile that is not committed disappears", "[files]") {
  Folder f;
  std::string error, temp;
  {
    TempFile t;
    REQUIRE(t.create((f.dir / "lib.so").string(), ".o", 0644, error));
    temp = t.path();
    CHECK(fs::path(temp).filename().string().rfind(".lib.so.credlex-", 0) == 0);
    CHECK(fs::path(temp).extension() == ".o");
    REQUIRE(t.write("object", error));
    CHECK(slurp(temp) == "object");
  }
  CHECK_FALSE(fs::exists(temp));
  CHECK(f.entries() == 0);
}
