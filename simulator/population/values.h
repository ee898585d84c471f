// Internal: typing a JSON member's value by the field it fills (the CSV path calls parse_value
// directly). JSON types are checked first: a bool field takes true/false, an int field a number
// written without fraction or exponent, a decimal field a number or a string; every other type a
// string. null is "no value".
#pragma once

#include <optional>
#include <string>

#include "compiler/ir/ir.h"
#include "simulator/population/json_line.h"

namespace credlex::population {

std::optional<ir::Value> json_value(const json::Member& member, const ir::FieldType& type, const ir::Policy& policy,
                                    std::string& why);

// "a date", "an amount in CNY", "one of the choices of `listing_ground`": what a field of `type` takes.
std::string type_name(const ir::FieldType& type, const ir::Policy& policy);

}  // namespace credlex::population
