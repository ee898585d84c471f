#include "credlex/status.h"

const char *clx_status_message(int status) {
  switch (status) {
    case CLX_OK: return "ok";
    case CLX_E_ARGUMENT: return "invalid argument";
    case CLX_E_RANGE: return "date outside 0001-01-01 .. 9999-12-31";
    case CLX_E_OVERFLOW: return "amount too large";
    case CLX_E_CURRENCY: return "currencies differ or a currency code is not three letters A-Z";
    case CLX_E_SYNTAX: return "not in the expected format";
    case CLX_E_PRECISION: return "more than 4 decimals";
    case CLX_E_BUFFER: return "output buffer too small";
    case CLX_E_UNSORTED: return "array not sorted";
    case CLX_E_OVERLAP: return "date listed both as a holiday and as a working day";
    case CLX_E_DIVISION_BY_ZERO: return "division by zero";
    case CLX_E_CAL_BAD_DATE: return "bad date: expected YYYY-MM-DD naming a real day of years 0001-9999";
    case CLX_E_CAL_MISSING_KIND: return "missing kind after the date: expected 'holiday' or 'workday'";
    case CLX_E_CAL_UNKNOWN_KIND: return "unknown kind: expected 'holiday' or 'workday'";
    case CLX_E_CAL_DUPLICATE: return "duplicate date: already listed with the same kind";
    case CLX_E_CAL_BOTH: return "date listed as both holiday and workday";
    case CLX_E_CAL_WORKDAY_NOT_WEEKEND:
      return "a workday must fall on a Saturday or Sunday (Monday to Friday are working days anyway)";
    case CLX_E_CAL_TOO_MANY: return "more entries than the space provided for them";
    default: return "unknown status code";
  }
}
