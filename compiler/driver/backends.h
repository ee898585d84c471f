// The backends `credlex test --backend` runs a policy's tests on besides the reference
// interpreter: the JIT (the policy compiled in this process) and the ahead-of-time library (built
// to a shared library in a temporary folder and loaded, as an agency would). Each gives an entity's
// timeline as the interpreter's ir::Timeline, so the two can be compared item by item.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/interpret.h"

namespace credlex::driver {

struct Backend {
  std::string name;  // in plain words: "the JIT", "the ahead-of-time library"
  std::function<ir::Timeline(const ir::History&)> run;
};

// One per command: owns the JIT and whatever the backends compiled (valid while it lives).
class Backends {
 public:
  // `which`: interp, jit, aot or all. The calendar must outlive this object.
  Backends(std::string which, const clx_calendar* calendar);
  ~Backends();
  Backends(const Backends&) = delete;
  Backends& operator=(const Backends&) = delete;

  // The compiled backends for one policy (none for `interp`), or false with a plain reason.
  bool compile(const ir::Policy& policy, std::vector<Backend>& out, std::string& error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace credlex::driver
