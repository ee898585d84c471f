/* Half-open day intervals [start, end): every day d with start <= d < end.
 *
 * end == CLX_OPEN_END (INT32_MAX) means "open-ended" (no end yet, e.g. a listing until further
 * decision): such an interval contains every day from start on that credlex can name (INT32_MAX
 * itself is far beyond 9999-12-31 and is never a real day). An interval with end <= start is
 * empty: it contains no day, overlaps nothing, and has length 0. [a, b) and [b, c) touch but do
 * not overlap, which is how "an interval ending on d and one starting on d do not overlap" of the
 * language reference is implemented.
 *
 * Pointer arguments must not be null; if one is, predicates answer 0, clx_interval_length answers
 * 0, and the functions returning a status return CLX_E_ARGUMENT. Nothing here can overflow.
 */
#ifndef CREDLEX_INTERVAL_H
#define CREDLEX_INTERVAL_H

#include <stddef.h>
#include <stdint.h>

#include "credlex/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clx_interval {
  int32_t start; /* first day in the interval */
  int32_t end;   /* first day after it, or CLX_OPEN_END */
} clx_interval;

enum { CLX_OPEN_END = INT32_MAX };

/* What clx_interval_length answers for a non-empty open-ended interval. */
#define CLX_LENGTH_UNBOUNDED ((int64_t)-1)

/* 1 when the interval contains no day (end <= start). */
int clx_interval_is_empty(const clx_interval *a);

/* 1 when the interval is non-empty and open-ended. */
int clx_interval_is_open_ended(const clx_interval *a);

/* 1 when start <= day < end. */
int clx_interval_contains(const clx_interval *a, int32_t day);

/* 1 when some day lies in both intervals. */
int clx_interval_overlaps(const clx_interval *a, const clx_interval *b);

/* Writes the intersection to *out and answers 1 when it is non-empty; when it is empty, writes
 * the empty interval [s, s) with s = the later of the two starts and answers 0. out may alias a
 * or b. A null pointer: answers 0 and writes nothing. */
int clx_interval_intersect(const clx_interval *a, const clx_interval *b, clx_interval *out);

/* The number of days: end - start; 0 when empty; CLX_LENGTH_UNBOUNDED (-1) when open-ended. */
int64_t clx_interval_length(const clx_interval *a);

/* Replaces items[0..count) by the union of the intervals, as the fewest disjoint, non-touching,
 * non-empty intervals in ascending order, written to the front of the array; *out_count gets
 * their number. Intervals that overlap or touch ([a,b) and [b,c)) are merged into one ([a,c)),
 * since they cover the same days; empty intervals are dropped. The non-empty intervals must be
 * sorted by start (ties in any order); empty ones may be anywhere. O(count), in place.
 * Errors: CLX_E_ARGUMENT (out_count null, or items null with count > 0), CLX_E_UNSORTED (the
 * array is left unchanged). */
int clx_interval_merge(clx_interval *items, size_t count, size_t *out_count);

#ifdef __cplusplus
}
#endif

#endif
