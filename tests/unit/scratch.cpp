#include "scratch.h"

#include <unistd.h>

#define CATCH_CONFIG_EXTERNAL_INTERFACES  // Catch2 2.x: listeners are external interfaces
#include <catch2/catch.hpp>

#include <mutex>
#include <set>
#include <system_error>

namespace credlex::testing {
namespace {

// The per-process folders made so far. A registry is the one way a Catch2 listener (made by the
// framework, not by the tests) can learn of them.
struct Made {
  std::mutex mutex;
  std::set<std::filesystem::path> roots;
};
Made& made() {
  static Made m;
  return m;
}

class RemoveScratch : public Catch::TestEventListenerBase {
 public:
  using TestEventListenerBase::TestEventListenerBase;
  void testRunEnded(const Catch::TestRunStats&) override {
    std::lock_guard lock(made().mutex);
    for (const auto& root : made().roots) {
      std::error_code ignored;  // nothing to report: the temp folder is the system's to clean
      std::filesystem::remove_all(root, ignored);
    }
    made().roots.clear();
  }
};
CATCH_REGISTER_LISTENER(RemoveScratch)

}  // namespace

std::filesystem::path scratch(const std::string& prefix, const std::string& name) {
  std::filesystem::path root = std::filesystem::temp_directory_path() / ("credlex-" + prefix + "-" + std::to_string(::getpid()));
  {
    std::lock_guard lock(made().mutex);
    made().roots.insert(root);
  }
  std::filesystem::path p = root / name;
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(root);
  return p;
}

}  // namespace credlex::testing
