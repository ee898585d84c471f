#include "generate_policy.h"

#include <fmt/format.h>

#include <algorithm>

namespace credlex::bench {

std::string generate_policy(int lines) {
  std::string out = R"(policy generated "A generated basic list" version "1" effective 2024-01-01 basic list

document law "A statute" issued 2020-01-01 effective 2020-06-01 status verified
document rules "Implementing rules" status secondary

seriousness minor < general < serious < particularly_serious

entity NaturalPerson { birth_date: date }
entity Enterprise {
  relation legal_representative -> NaturalPerson
  relation actual_controller -> NaturalPerson
  registered: date
}

enum ground { refuses, obstructs, hides_assets }

limits {
  basis law art 1
  severity <= seriousness + 1
  duration of measure <= 5 years
  duration of listing <= 6 years
  reach only legal_representative, actual_controller
}
)";
  int i = 0;
  auto count = [&] { return static_cast<int>(std::count(out.begin(), out.end(), '\n')); };
  while (count() < lines) {
    out += fmt::format(R"(
// Block {0}: one conduct, its list, its measure and an example.
event conduct_{0} for NaturalPerson, Enterprise {{
  case: text
  amount: money(CNY)
  ground: ground
  seriousness if amount > {1} CNY then serious else general
}}
event performed_{0} for NaturalPerson, Enterprise {{ case: text }}

param period_{0} = 2 years basis law art {2}
param period_{0} = 3 years from 2030-01-01 basis law art {2}

list list_{0} "List {0}" of NaturalPerson, Enterprise {{
  basis law art {2} item 1, rules art 4
  include on conduct_{0} e when e.amount >= 10000 CNY and e.ground != ground.obstructs unless exists(performed_{0} p where p.case == e.case within 6 months) for period_{0}
  extend by 1 year .. 3 years on conduct_{0} x when count(conduct_{0} within 1 year) >= 2 and sum(amount of conduct_{0} within 2 years) > 50000 CNY
  remove on performed_{0} p when p.case == cause.case within 3 working days basis law art 10
}}

measure measure_{0} "Measure {0}" {{
  basis law art {2}
  category consumption
  severity 3
  authority "People's Courts"
  applies to members of list_{0}
  reaches legal_representative
  while listed
}}

restoration list_{0} {{
  basis rules art 14
  eligible after 1 year when exists(performed_{0} where case == cause.case)
  on performed_{0} decide within 7 working days
  never when cause.amount > 1000000 CNY
}}

test "block {0}" {{
  p: NaturalPerson {{ birth_date: 1980-05-01 }}
  c: Enterprise
  c legal_representative p from 2019-01-01
  2020-01-01 c conduct_{0} {{ case: "A{0}", amount: 20000 CNY, ground: refuses }}
  expect 2020-03-01 c in list_{0}
  expect 2020-03-01 p under measure_{0}
}}
)",
                       i, 100000 + i, i % 50 + 1);
    ++i;
  }
  return out;
}

}  // namespace credlex::bench
