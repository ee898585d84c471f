// Shrinking a history on which two backends differ: smaller and simpler histories are tried, and
// each one on which the difference persists is kept, until none of the steps helps.
#pragma once

#include <functional>

#include "compiler/ir/interpret.h"

namespace credlex::differential {

// True when the backends still differ on the history.
using StillDiffers = std::function<bool(const ir::History&)>;

// The steps, repeated until a whole round changes nothing or `max_runs` tries were made:
//   - keep the shortest prefix of the events that still differs (drops trailing events);
//   - drop single events, the last first;
//   - make attributes unknown;
//   - set attributes and fields to simpler values: false, 0, the first choice, 0 in the field's
//     currency (CNY when any), "A", the event's own date, 0 days, the lightest level;
//   - move events closer to the one before them (the same day, the next day, half the gap),
//     later events moving with them.
// `runs` (when given) receives the number of tries. The result differs, if `history` did.
ir::History shrink(const ir::Policy& policy, ir::History history, const StillDiffers& still_differs, int max_runs,
                   int* runs = nullptr);

}  // namespace credlex::differential
