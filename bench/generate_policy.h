// A synthetic but realistic policy of about `lines` lines: every construct, all of it valid.
#pragma once

#include <string>

namespace credlex::bench {

std::string generate_policy(int lines);

}  // namespace credlex::bench
