// The test policy of the population reader and the store tests: every field type, two kinds with
// a relation, an entity-typed attribute and field. Both read the same folders against it.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "lowered.h"

namespace credlex::testing {

inline const char* const kEveryFieldPolicy = R"(policy t "Test"
document rules "Rules"
enum ground { refuses, obstructs }
entity Person {
  birth_date: date
  nickname: text
}
entity Firm {
  relation legal_rep -> Person
  founded: date
  boss: Person
}
event offence for Person, Firm {
  case: text
  amount: money(CNY)
  serious: bool
  acts: int
  share: decimal
  ground: ground
  grace: duration
  noticed: date
  witness: Person
}
event paid for Person {
  case: text
  amount: money
}
event note {
  case: text
}
)";

// Lowered once per test binary: the tests only read it.
inline const ir::Policy& every_field_policy() {
  static std::unique_ptr<Lowered> l =
      lower_files("t.clx", std::map<std::string, std::string>{{"t.clx", kEveryFieldPolicy}});
  return l->policy;
}

}  // namespace credlex::testing
