// Small national basic lists that sector policies in the unit tests refine (`use "nat.clx" as
// nat`), written once for every test file that needs one. A used basic list's measures are
// templates: they apply only through the refinements of the policy being run.
#pragma once

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

}  // namespace credlex::testing
