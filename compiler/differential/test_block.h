// A history and its reference timeline as a `test` block of the policy language (docs/language.md,
// §2 `test`), ready to paste at the end of the policy and run with `credlex test`.
#pragma once

#include <string>

#include "compiler/ir/interpret.h"

namespace credlex::differential {

// The history as `credlex test` reads it back from a test block: values the test syntax cannot
// tell apart become the one it reads (a whole number in a decimal field is a decimal), and the
// entity is named `e`. Shrinking and printing work on this form, so the printed block is the
// history that differed.
ir::History as_written(const ir::Policy& policy, ir::History history);

// The test block: the entity with its known attributes, every event with all its fields, then
// `expect` lines stating what `expected` (the interpreter's timeline of the history) says on the
// dates where something starts, ends or is decided in `expected` or in `other` (the differing
// backend's timeline, when given): membership of each list and measure that appears in either,
// the grade levels, removals and restoration decisions (with their deadlines). Where `other`
// says otherwise, a comment at the end of the line says what it says. A reference run that
// stopped with an error gets a comment instead of expectations (such a test fails on the
// interpreter too). `name` is the test's name (quotes are replaced by apostrophes).
std::string test_block(const ir::Policy& policy, const std::string& name, const ir::History& history,
                       const ir::Timeline& expected, const ir::Timeline* other = nullptr,
                       const std::string& other_name = "the other backend");

}  // namespace credlex::differential
