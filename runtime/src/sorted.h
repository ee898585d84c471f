/* Binary search over sorted day arrays, shared by the calendar functions. Private to runtime/. */
#ifndef CREDLEX_RUNTIME_SORTED_H
#define CREDLEX_RUNTIME_SORTED_H

#include <stddef.h>
#include <stdint.h>

/* Index of the first element not less than x (n if none). */
static inline size_t lower_bound(const int32_t *a, size_t n, int32_t x) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (a[mid] < x)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

#endif
