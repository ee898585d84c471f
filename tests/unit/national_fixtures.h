// Small national basic lists that sector policies in the unit tests refine (`use "nat.clx" as
// nat`), written once for every test file that needs one. A used basic list's measures are
// templates: they apply only through the refinements of the policy being run.
#pragma once

#include <string>

namespace credlex::testing {

// A travel ban for any person, on the national scale of seriousness.
inline constexpr const char* kNationalBan = R"(policy nat "National" basic list
document law "National law"
seriousness minor < general < serious
entity Person
measure ban "Ban" {
  basis law art 1
  category travel
  severity 2
  applies to Person
  while listed
}
)";

// A record kept 5 years after the listing (Credit Reporting Regulations Art 16).
inline constexpr const char* kNationalRecord = R"(policy nat "National" basic list
document law "National law"
entity Person
measure record "Record" {
  basis law art 16
  category credit_record
  severity 1
  applies to Person
  while listed and for 5 years after
}
)";

// A sector policy `t` on kNationalBan (as "nat.clx"): a person is on `offenders` for 3 years after
// an `offence`, and may apply (`applied`) after 6 months. `declarations` come first (parameters,
// more events), `measures` after the list, `decide` are the restoration's decide rules: the tests
// of restoration deadlines vary only these.
inline std::string offenders_policy(const std::string& declarations, const std::string& decide, const std::string& measures = "") {
  return R"(policy t "T"
use "nat.clx" as nat
document rules "Rules"
)" + declarations +
         R"(event offence for nat.Person
event applied for nat.Person
list offenders of nat.Person {
  basis rules art 1
  include on offence for 3 years
}
)" + measures +
         R"(restoration offenders {
  basis rules art 3
  eligible after 6 months
)" + decide +
         "}\n";
}

}  // namespace credlex::testing
