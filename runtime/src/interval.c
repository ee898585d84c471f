/* Half-open day intervals. Lengths are computed in int64: end - start can reach 2^32 - 1. */
#include "credlex/interval.h"

int clx_interval_is_empty(const clx_interval *a) { return a && a->end <= a->start; }

int clx_interval_is_open_ended(const clx_interval *a) {
  return a && a->end == CLX_OPEN_END && a->start < a->end;
}

int clx_interval_contains(const clx_interval *a, int32_t day) {
  return a && a->start <= day && day < a->end;
}

int clx_interval_overlaps(const clx_interval *a, const clx_interval *b) {
  if (!a || !b) return 0;
  int32_t start = a->start > b->start ? a->start : b->start;
  int32_t end = a->end < b->end ? a->end : b->end;
  return start < end;
}

int clx_interval_intersect(const clx_interval *a, const clx_interval *b, clx_interval *out) {
  if (!a || !b || !out) return 0;
  int32_t start = a->start > b->start ? a->start : b->start;
  int32_t end = a->end < b->end ? a->end : b->end;
  if (end <= start) end = start;
  out->start = start;
  out->end = end;
  return start < end;
}

int64_t clx_interval_length(const clx_interval *a) {
  if (!a || a->end <= a->start) return 0;
  if (a->end == CLX_OPEN_END) return CLX_LENGTH_UNBOUNDED;
  return (int64_t)a->end - (int64_t)a->start;
}

int clx_interval_merge(clx_interval *items, size_t count, size_t *out_count) {
  if (!out_count || (!items && count)) return CLX_E_ARGUMENT;
  /* Check first, so that an unsorted array is left as it was. */
  int seen = 0;
  int32_t previous = 0;
  for (size_t i = 0; i < count; ++i) {
    if (items[i].end <= items[i].start) continue;
    if (seen && items[i].start < previous) return CLX_E_UNSORTED;
    previous = items[i].start;
    seen = 1;
  }
  size_t n = 0; /* items[0..n) is the merged prefix; n <= i, so writes never pass the reads */
  for (size_t i = 0; i < count; ++i) {
    clx_interval current = items[i];
    if (current.end <= current.start) continue;
    if (n > 0 && current.start <= items[n - 1].end) {
      if (current.end > items[n - 1].end) items[n - 1].end = current.end;
    } else {
      items[n++] = current;
    }
  }
  *out_count = n;
  return CLX_OK;
}
