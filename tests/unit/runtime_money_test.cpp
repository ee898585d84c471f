// Exact money (runtime/include/credlex/money.h): parsing the population format, canonical
// formatting, arithmetic with currency checks, overflow at the int64 edges, and rounding.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>

#include "credlex/money.h"

namespace {

struct Parsed {
  int status;
  clx_money money;
};

Parsed parse(const std::string& text) {
  Parsed p{-1, {INT64_C(-777), {'Z', 'Z', 'Z', '\0'}}};
  p.status = clx_money_parse(text.data(), text.size(), &p.money);
  return p;
}

clx_money money(std::int64_t units, const char* code = "CNY") {
  clx_money m{units, {code[0], code[1], code[2], '\0'}};
  return m;
}

std::string format(const clx_money& m) {
  char buf[CLX_MONEY_FORMAT_SIZE];
  std::size_t len = 0;
  REQUIRE(clx_money_format(&m, buf, sizeof buf, &len) == CLX_OK);
  REQUIRE(std::strlen(buf) == len);
  return std::string(buf, len);
}

std::int64_t units(const std::string& text) {
  Parsed p = parse(text);
  INFO(text);
  REQUIRE(p.status == CLX_OK);
  return p.money.units;
}

std::int64_t mul(std::int64_t u, std::int64_t mantissa, std::int32_t scale) {
  clx_money a = money(u), out = money(0);
  INFO(u << " units * " << mantissa << "e-" << scale);
  REQUIRE(clx_money_mul_decimal(&a, mantissa, scale, &out) == CLX_OK);
  return out.units;
}

std::int64_t round_to(std::int64_t u, std::int32_t decimals) {
  clx_money a = money(u), out = money(0);
  INFO(u << " units to " << decimals << " decimals");
  REQUIRE(clx_money_round(&a, decimals, &out) == CLX_OK);
  return out.units;
}

}  // namespace

TEST_CASE("parsing the population format", "[runtime][money]") {
  Parsed p = parse("10000.50 CNY");
  REQUIRE(p.status == CLX_OK);
  CHECK(p.money.units == 100005000);
  CHECK(std::string(p.money.currency) == "CNY");
  CHECK(units("10000 CNY") == 100000000);
  CHECK(units("10000.00 CNY") == 100000000);
  CHECK(units("0 CNY") == 0);
  CHECK(units("-0 CNY") == 0);
  CHECK(units("-0.00 CNY") == 0);
  CHECK(units("0.0001 CNY") == 1);
  CHECK(units("-0.0001 CNY") == -1);
  CHECK(units("1.2345 EUR") == 12345);
  CHECK(units("1.5 USD") == 15000);
  CHECK(units("-3.10 CNY") == -31000);
  CHECK(units("007.10 CNY") == 71000);  // leading zeros are accepted (and not written back)
  CHECK(std::string(parse("1 XDR").money.currency) == "XDR");
  // Exactly the given length is read: the terminator is not needed, bytes after len are ignored.
  const char longer[] = "12.5 CNYgarbage";
  clx_money m{};
  REQUIRE(clx_money_parse(longer, 8, &m) == CLX_OK);
  CHECK(m.units == 125000);
}

TEST_CASE("parsing rejects every other shape", "[runtime][money]") {
  for (const char* bad : {"", " ", "CNY", "10000.50", "10000.50 ", "10000.50 cny", "10000.50 Cny", "10000.50  CNY",
                          " 1 CNY", "1 CNY ", "1 CNY\n", "+1 CNY", "--1 CNY", "- 1 CNY", "1. CNY", ".5 CNY",
                          "1.2.3 CNY", "1,000 CNY", "1e3 CNY", "1 CNYX", "1 CN", "1 C1Y", "1\tCNY", "CNY 1",
                          "1CNY", "１ CNY", "0x10 CNY", "1.-5 CNY", "-.5 CNY", "-", "- CNY", "1.5\xC2\xA0" "CNY"}) {
    INFO("'" << bad << "'");
    Parsed p = parse(bad);
    CHECK(p.status == CLX_E_SYNTAX);
    CHECK(p.money.units == -777);  // untouched
  }
  // An embedded NUL is just a wrong character.
  CHECK(parse(std::string("1\0 CNY", 6)).status == CLX_E_SYNTAX);
  CHECK(parse(std::string("1 CN\0", 5)).status == CLX_E_SYNTAX);
}

TEST_CASE("parsing rejects more than 4 decimals", "[runtime][money]") {
  CHECK(parse("1.23456 CNY").status == CLX_E_PRECISION);
  CHECK(parse("1.00000 CNY").status == CLX_E_PRECISION);  // even trailing zeros: the rule is simple
  CHECK(parse("-0.00001 CNY").status == CLX_E_PRECISION);
  CHECK(parse("0." + std::string(1000, '0') + " CNY").status == CLX_E_PRECISION);
  CHECK(parse("1.2345 CNY").status == CLX_OK);
}

TEST_CASE("parsing at the int64 edges", "[runtime][money]") {
  CHECK(units("922337203685477.5807 CNY") == INT64_MAX);
  CHECK(units("-922337203685477.5808 CNY") == INT64_MIN);
  CHECK(parse("922337203685477.5808 CNY").status == CLX_E_OVERFLOW);
  CHECK(parse("-922337203685477.5809 CNY").status == CLX_E_OVERFLOW);
  CHECK(parse("922337203685478 CNY").status == CLX_E_OVERFLOW);
  CHECK(parse("1844674407370955 CNY").status == CLX_E_OVERFLOW);     // overflows only when scaled
  CHECK(parse("18446744073709551615 CNY").status == CLX_E_OVERFLOW); // UINT64_MAX
  CHECK(parse("18446744073709551616 CNY").status == CLX_E_OVERFLOW); // overflows while reading
  CHECK(parse(std::string(400, '9') + " CNY").status == CLX_E_OVERFLOW);
  CHECK(units(std::string(400, '0') + "1 CNY") == 10000);  // many zeros are not an overflow
}

TEST_CASE("formatting is canonical and round-trips", "[runtime][money]") {
  CHECK(format(money(100005000)) == "10000.50 CNY");
  CHECK(format(money(50000)) == "5.00 CNY");
  CHECK(format(money(5000)) == "0.50 CNY");
  CHECK(format(money(0)) == "0.00 CNY");
  CHECK(format(money(1)) == "0.0001 CNY");
  CHECK(format(money(-1)) == "-0.0001 CNY");
  CHECK(format(money(12345, "EUR")) == "1.2345 EUR");
  CHECK(format(money(12340)) == "1.234 CNY");
  CHECK(format(money(-31000)) == "-3.10 CNY");
  CHECK(format(money(INT64_MAX)) == "922337203685477.5807 CNY");
  CHECK(format(money(INT64_MIN)) == "-922337203685477.5808 CNY");
  // Canonical text survives parse + format unchanged.
  for (const char* text : {"10000.50 CNY", "0.00 CNY", "-0.0001 USD", "1.2345 EUR", "1.234 CNY", "100.00 JPY",
                           "922337203685477.5807 CNY", "-922337203685477.5808 CNY"})
    CHECK(format(parse(text).money) == text);
  // parse(format(m)) == m over edge and random amounts.
  std::mt19937_64 rng(1);
  for (int i = 0; i < 20000; ++i) {
    std::int64_t u;
    switch (i % 4) {
      case 0: u = static_cast<std::int64_t>(rng()); break;
      case 1: u = static_cast<std::int64_t>(rng() % 2000000) - 1000000; break;
      case 2: u = INT64_MAX - static_cast<std::int64_t>(rng() % 100); break;
      default: u = INT64_MIN + static_cast<std::int64_t>(rng() % 100); break;
    }
    std::string text = format(money(u));
    Parsed back = parse(text);
    INFO(u << " -> " << text);
    REQUIRE(back.status == CLX_OK);
    REQUIRE(back.money.units == u);
  }
}

TEST_CASE("formatting errors", "[runtime][money]") {
  clx_money m = money(100005000);
  char buf[CLX_MONEY_FORMAT_SIZE];
  std::size_t len = 99;
  // "10000.50 CNY" is 12 characters: 13 bytes with the NUL are enough, 12 are not.
  CHECK(clx_money_format(&m, buf, 13, &len) == CLX_OK);
  CHECK(len == 12);
  std::memset(buf, 'x', sizeof buf);
  CHECK(clx_money_format(&m, buf, 12, &len) == CLX_E_BUFFER);
  CHECK(buf[0] == 'x');  // nothing written
  CHECK(clx_money_format(&m, buf, 0, &len) == CLX_E_BUFFER);
  CHECK(clx_money_format(&m, buf, sizeof buf, nullptr) == CLX_OK);  // length is optional
  CHECK(clx_money_format(nullptr, buf, sizeof buf, &len) == CLX_E_ARGUMENT);
  CHECK(clx_money_format(&m, nullptr, sizeof buf, &len) == CLX_E_ARGUMENT);
  clx_money lower = money(1, "cny");
  CHECK(clx_money_format(&lower, buf, sizeof buf, &len) == CLX_E_CURRENCY);
  clx_money zeroed{};
  CHECK(clx_money_format(&zeroed, buf, sizeof buf, &len) == CLX_E_CURRENCY);
  CHECK(format(money(INT64_MIN)).size() + 1 <= CLX_MONEY_FORMAT_SIZE);
}

TEST_CASE("adding, subtracting and comparing check the currency", "[runtime][money]") {
  clx_money a = money(100005000), b = money(50000), out = money(0);
  REQUIRE(clx_money_add(&a, &b, &out) == CLX_OK);
  CHECK(format(out) == "10005.50 CNY");
  REQUIRE(clx_money_sub(&b, &a, &out) == CLX_OK);
  CHECK(format(out) == "-9995.50 CNY");
  int order = 9;
  REQUIRE(clx_money_compare(&a, &b, &order) == CLX_OK);
  CHECK(order == 1);
  REQUIRE(clx_money_compare(&b, &a, &order) == CLX_OK);
  CHECK(order == -1);
  REQUIRE(clx_money_compare(&a, &a, &order) == CLX_OK);
  CHECK(order == 0);
  clx_money extremes[] = {money(INT64_MIN), money(INT64_MIN + 1), money(-1), money(0), money(1), money(INT64_MAX)};
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) {
      REQUIRE(clx_money_compare(&extremes[i], &extremes[j], &order) == CLX_OK);
      CHECK(order == (i < j ? -1 : i > j ? 1 : 0));
    }
  // The output may be one of the inputs.
  clx_money acc = money(10000);
  REQUIRE(clx_money_add(&acc, &acc, &acc) == CLX_OK);
  CHECK(acc.units == 20000);
  REQUIRE(clx_money_sub(&acc, &acc, &acc) == CLX_OK);
  CHECK(acc.units == 0);

  clx_money usd = money(1, "USD"), bad = money(1, "cny"), zeroed{};
  out = money(4242);
  CHECK(clx_money_add(&a, &usd, &out) == CLX_E_CURRENCY);
  CHECK(clx_money_sub(&a, &usd, &out) == CLX_E_CURRENCY);
  CHECK(clx_money_compare(&a, &usd, &order) == CLX_E_CURRENCY);
  CHECK(clx_money_add(&bad, &bad, &out) == CLX_E_CURRENCY);  // same bytes, but not a code
  CHECK(clx_money_add(&zeroed, &zeroed, &out) == CLX_E_CURRENCY);
  CHECK(out.units == 4242);
  CHECK(std::string(out.currency) == "CNY");
  CHECK(clx_money_add(nullptr, &a, &out) == CLX_E_ARGUMENT);
  CHECK(clx_money_add(&a, nullptr, &out) == CLX_E_ARGUMENT);
  CHECK(clx_money_add(&a, &a, nullptr) == CLX_E_ARGUMENT);
  CHECK(clx_money_sub(nullptr, &a, &out) == CLX_E_ARGUMENT);
  CHECK(clx_money_compare(&a, &a, nullptr) == CLX_E_ARGUMENT);
  // A code differing only after its third byte is the same currency (the fourth is the NUL).
  clx_money odd = a;
  odd.currency[3] = 'X';
  CHECK(clx_money_compare(&a, &odd, &order) == CLX_OK);
}

TEST_CASE("overflow at the int64 edges is an error, never undefined behaviour", "[runtime][money]") {
  clx_money max = money(INT64_MAX), min = money(INT64_MIN), one = money(1), minus_one = money(-1), out = money(5);
  CHECK(clx_money_add(&max, &one, &out) == CLX_E_OVERFLOW);
  CHECK(clx_money_add(&min, &minus_one, &out) == CLX_E_OVERFLOW);
  CHECK(clx_money_sub(&min, &one, &out) == CLX_E_OVERFLOW);
  CHECK(clx_money_sub(&max, &minus_one, &out) == CLX_E_OVERFLOW);
  CHECK(clx_money_sub(&one, &min, &out) == CLX_E_OVERFLOW);
  clx_money zero = money(0);
  CHECK(clx_money_sub(&zero, &min, &out) == CLX_E_OVERFLOW);  // -INT64_MIN
  CHECK(out.units == 5);
  REQUIRE(clx_money_add(&max, &min, &out) == CLX_OK);
  CHECK(out.units == -1);
  REQUIRE(clx_money_sub(&max, &max, &out) == CLX_OK);
  CHECK(out.units == 0);
  REQUIRE(clx_money_sub(&minus_one, &max, &out) == CLX_OK);
  CHECK(out.units == INT64_MIN);
  REQUIRE(clx_money_add(&max, &zero, &out) == CLX_OK);
  CHECK(out.units == INT64_MAX);
}

TEST_CASE("multiplying by a decimal", "[runtime][money]") {
  CHECK(mul(100005000, 5, 1) == 50002500);    // 10000.50 * 0.5 = 5000.25
  CHECK(mul(100005000, 3, 0) == 300015000);   // * 3
  CHECK(mul(100000000, 15, 3) == 1500000);    // 10000 * 1.5% = 150
  CHECK(mul(100005000, 1, 0) == 100005000);
  CHECK(mul(100005000, 0, 0) == 0);
  CHECK(mul(100005000, -2, 0) == -200010000);
  CHECK(mul(-100005000, -2, 0) == 200010000);
  CHECK(mul(12345, 1000000000000000000, 18) == 12345);  // * 1.000000000000000000
  // The product is exact in 128 bits before the division.
  CHECK(mul(INT64_MAX, 1000000000000000000, 18) == INT64_MAX);
  CHECK(mul(INT64_MIN, 1000000000000000000, 18) == INT64_MIN);
  CHECK(mul(INT64_MIN, 1, 0) == INT64_MIN);
  CHECK(mul(INT64_MIN, 5, 1) == INT64_MIN / 2);
  CHECK(mul(INT64_MAX, 999999999999999999, 18) == INT64_MAX - 9);  // ...797.776 -> ...798
  CHECK(mul(INT64_MIN, 999999999999999999, 18) == INT64_MIN + 9);  // -...798.776 -> -...799
  // Random cases whose results were computed with exact big integers (Python), independently of
  // the runtime: {units, mantissa, scale, expected units}.
  struct Case {
    std::int64_t u, mantissa;
    std::int32_t scale;
    std::int64_t expected;
  };
  const Case cases[] = {
      {INT64_C(910901152801), INT64_C(265), 5, INT64_C(2413888055)},
      {INT64_C(-567536985833), INT64_C(2007743104), 9, INT64_C(-1139468469571)},
      {INT64_C(-3101737243867545856), INT64_C(-16), 10, INT64_C(4962779590)},
      {INT64_C(-5814907404099792577), INT64_C(84017388), 8, INT64_C(-4885533315543250637)},
      {INT64_C(293249239636), INT64_C(2758436762), 9, INT64_C(808909483040)},
      {INT64_C(201313548537), INT64_C(20341891670), 10, INT64_C(409509839604)},
      {INT64_C(175105840523), INT64_C(-1), 1, INT64_C(-17510584052)},
      {INT64_C(2551634366476551498), INT64_C(-23012), 4, INT64_C(-5871821004135840307)},
      {INT64_C(-805952860870), INT64_C(27296726825420429), 16, INT64_C(-2199987507733)},
      {INT64_C(477379), INT64_C(15521229), 8, INT64_C(74095)},
      {INT64_C(703156357211), INT64_C(-5928264), 8, INT64_C(-41684965188)},
      {INT64_C(-298840), INT64_C(-16982), 4, INT64_C(507490)},
      {INT64_C(-834668), INT64_C(132), 13, INT64_C(0)},
      {INT64_C(-594495), INT64_C(356), 1, INT64_C(-21164022)},
      {INT64_C(577274540174), INT64_C(-765), 0, INT64_C(-441615023233110)},
      {INT64_C(153292), INT64_C(665), 9, INT64_C(0)},
  };
  for (const Case& c : cases) CHECK(mul(c.u, c.mantissa, c.scale) == c.expected);
}

TEST_CASE("multiplication agrees with a 128-bit oracle on random inputs", "[runtime][money]") {
  // The runtime forms the 128-bit product from 32-bit halves and divides in 32-bit limbs; the
  // oracle here uses the compiler's unsigned __int128 instead, so the two share no code.
  __extension__ typedef unsigned __int128 u128;
  auto magnitude = [](std::int64_t v) { return v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v); };
  std::mt19937_64 rng(2024);
  int checked_ok = 0, checked_overflow = 0;
  for (int i = 0; i < 200000; ++i) {
    auto pick = [&](int k) -> std::int64_t {
      switch (k % 4) {
        case 0: return static_cast<std::int64_t>(rng());
        case 1: return static_cast<std::int64_t>(rng() >> (rng() % 64));
        case 2: return -static_cast<std::int64_t>(rng() >> (1 + rng() % 63));
        default: return static_cast<std::int64_t>(rng() % 2001) - 1000;
      }
    };
    std::int64_t u = i % 97 == 0 ? INT64_MIN : pick(static_cast<int>(rng() % 4));
    std::int64_t m = i % 89 == 0 ? INT64_MIN : pick(static_cast<int>(rng() % 4));
    std::int32_t scale = static_cast<std::int32_t>(rng() % 19);
    u128 divisor = 1;
    for (int k = 0; k < scale; ++k) divisor *= 10;
    u128 product = static_cast<u128>(magnitude(u)) * magnitude(m);
    u128 q = product / divisor, r = product % divisor;
    if (2 * r >= divisor) ++q;
    bool negative = (u < 0) != (m < 0) && q != 0;
    u128 limit = negative ? (static_cast<u128>(1) << 63) : (static_cast<u128>(1) << 63) - 1;
    clx_money a = money(u), out = money(0);
    int status = clx_money_mul_decimal(&a, m, scale, &out);
    INFO(u << " * " << m << "e-" << scale);
    if (q > limit) {
      REQUIRE(status == CLX_E_OVERFLOW);
      ++checked_overflow;
    } else {
      REQUIRE(status == CLX_OK);
      std::int64_t expected = negative ? static_cast<std::int64_t>(0 - static_cast<std::uint64_t>(q))
                                       : static_cast<std::int64_t>(static_cast<std::uint64_t>(q));
      REQUIRE(out.units == expected);
      ++checked_ok;
    }
  }
  // Both outcomes were exercised in earnest.
  CHECK(checked_ok > 50000);
  CHECK(checked_overflow > 10000);
}

TEST_CASE("rounding is half away from zero", "[runtime][money]") {
  // Multiplication rounds to 4 decimals (1 unit = 0.0001).
  CHECK(mul(1, 5, 1) == 1);      // 0.5 unit -> 1
  CHECK(mul(-1, 5, 1) == -1);    // -0.5 -> -1
  CHECK(mul(1, -5, 1) == -1);
  CHECK(mul(3, 5, 1) == 2);      // 1.5 -> 2
  CHECK(mul(5, 5, 1) == 3);      // 2.5 -> 3 (half-to-even would give 2)
  CHECK(mul(-5, 5, 1) == -3);    // -2.5 -> -3
  CHECK(mul(1, 49, 2) == 0);     // 0.49 -> 0
  CHECK(mul(1, 51, 2) == 1);     // 0.51 -> 1
  CHECK(mul(1, -49, 2) == 0);    // -0.49 -> 0, not "-0"
  CHECK(mul(1, 499999999999999999, 18) == 0);   // just under a half
  CHECK(mul(1, 500000000000000000, 18) == 1);   // exactly a half
  CHECK(mul(INT64_MAX, 5, 1) == INT64_MAX / 2 + 1);  // 4611686018427387903.5 -> ...904
  CHECK(mul(INT64_MIN + 1, 5, 1) == INT64_MIN / 2);  // -4611686018427387903.5 -> ...904
  // Explicit rounding to fewer decimals.
  CHECK(round_to(units("0.125 CNY"), 2) == units("0.13 CNY"));
  CHECK(round_to(units("-0.125 CNY"), 2) == units("-0.13 CNY"));
  CHECK(round_to(units("0.1249 CNY"), 2) == units("0.12 CNY"));
  CHECK(round_to(units("0.135 CNY"), 2) == units("0.14 CNY"));
  CHECK(round_to(units("0.145 CNY"), 2) == units("0.15 CNY"));  // half-to-even would give 0.14
  CHECK(round_to(units("2.5 CNY"), 0) == units("3 CNY"));
  CHECK(round_to(units("-2.5 CNY"), 0) == units("-3 CNY"));
  CHECK(round_to(units("-0.4999 CNY"), 0) == 0);
  CHECK(round_to(units("1.2345 CNY"), 4) == units("1.2345 CNY"));
  CHECK(round_to(units("1.2345 CNY"), 3) == units("1.235 CNY"));
  CHECK(round_to(units("1.2344 CNY"), 3) == units("1.234 CNY"));
  CHECK(round_to(units("922337203685477.4999 CNY"), 0) == units("922337203685477 CNY"));
  CHECK(round_to(INT64_MAX, 2) == units("922337203685477.58 CNY"));
  CHECK(round_to(INT64_MIN, 2) == units("-922337203685477.58 CNY"));
}

TEST_CASE("multiplication and rounding errors", "[runtime][money]") {
  clx_money a = money(INT64_MAX), out = money(77);
  CHECK(clx_money_mul_decimal(&a, 2, 0, &out) == CLX_E_OVERFLOW);
  CHECK(clx_money_mul_decimal(&a, INT64_MAX, 0, &out) == CLX_E_OVERFLOW);
  CHECK(clx_money_mul_decimal(&a, -2, 0, &out) == CLX_E_OVERFLOW);
  CHECK(clx_money_mul_decimal(&a, 10000000000000001, 16, &out) == CLX_E_OVERFLOW);  // * 1.0000000000000001 exceeds by 922
  clx_money min = money(INT64_MIN);
  CHECK(clx_money_mul_decimal(&min, -1, 0, &out) == CLX_E_OVERFLOW);
  CHECK(clx_money_mul_decimal(&min, INT64_MIN, 18, &out) == CLX_E_OVERFLOW);
  CHECK(clx_money_mul_decimal(&a, 1, -1, &out) == CLX_E_ARGUMENT);
  CHECK(clx_money_mul_decimal(&a, 1, 19, &out) == CLX_E_ARGUMENT);
  CHECK(clx_money_mul_decimal(&a, 1, INT32_MAX, &out) == CLX_E_ARGUMENT);
  CHECK(clx_money_mul_decimal(nullptr, 1, 0, &out) == CLX_E_ARGUMENT);
  CHECK(clx_money_mul_decimal(&a, 1, 0, nullptr) == CLX_E_ARGUMENT);
  clx_money bad = money(1, "c1y");
  CHECK(clx_money_mul_decimal(&bad, 1, 0, &out) == CLX_E_CURRENCY);
  CHECK(out.units == 77);
  // Rounding away from zero can overflow at the edges.
  CHECK(clx_money_round(&a, 0, &out) == CLX_E_OVERFLOW);    // 922337203685477.5807 -> ...478
  CHECK(clx_money_round(&a, 3, &out) == CLX_E_OVERFLOW);    // .5807 -> .581 is 3 units past INT64_MAX
  CHECK(clx_money_round(&min, 3, &out) == CLX_E_OVERFLOW);  // -.5808 -> -.581 is 2 units past INT64_MIN
  CHECK(clx_money_mul_decimal(&a, INT64_MAX, 18, &out) == CLX_E_OVERFLOW);  // (2^63-1)^2 / 10^18 ~ 8.5e19
  CHECK(clx_money_round(&min, 0, &out) == CLX_E_OVERFLOW);
  CHECK(clx_money_round(&a, -1, &out) == CLX_E_ARGUMENT);
  CHECK(clx_money_round(&a, 5, &out) == CLX_E_ARGUMENT);
  CHECK(clx_money_round(nullptr, 2, &out) == CLX_E_ARGUMENT);
  CHECK(clx_money_round(&a, 2, nullptr) == CLX_E_ARGUMENT);
  CHECK(clx_money_round(&bad, 2, &out) == CLX_E_CURRENCY);
  // The currency is carried to the result, also when out aliases the input.
  clx_money eur = money(15000, "EUR");
  REQUIRE(clx_money_mul_decimal(&eur, 2, 0, &eur) == CLX_OK);
  CHECK(format(eur) == "3.00 EUR");
  REQUIRE(clx_money_round(&eur, 0, &eur) == CLX_OK);
  CHECK(format(eur) == "3.00 EUR");
}

// ---- Division (clx_money_div_decimal, clx_money_ratio): what the interpreter's `money / number`
// and `money / money` call.

namespace {

std::int64_t div(std::int64_t u, std::int64_t mantissa, std::int32_t scale) {
  clx_money a = money(u), out = money(0);
  INFO(u << " units / " << mantissa << "e-" << scale);
  REQUIRE(clx_money_div_decimal(&a, mantissa, scale, &out) == CLX_OK);
  return out.units;
}

std::int64_t ratio(std::int64_t a_units, std::int64_t b_units, std::int32_t scale) {
  clx_money a = money(a_units), b = money(b_units);
  std::int64_t m = 0;
  INFO(a_units << " / " << b_units << " to " << scale << " digits");
  REQUIRE(clx_money_ratio(&a, &b, scale, &m) == CLX_OK);
  return m;
}

}  // namespace

TEST_CASE("dividing by a decimal rounds to 4 decimals half away from zero", "[runtime][money]") {
  CHECK(div(units("10.00 CNY"), 3, 0) == units("3.3333 CNY"));
  CHECK(div(units("20.00 CNY"), 3, 0) == units("6.6667 CNY"));
  CHECK(div(units("-20.00 CNY"), 3, 0) == units("-6.6667 CNY"));
  CHECK(div(units("20.00 CNY"), -3, 0) == units("-6.6667 CNY"));
  CHECK(div(units("10000 CNY"), 5, 1) == units("20000 CNY"));   // / 0.5
  CHECK(div(units("150 CNY"), 15, 3) == units("10000 CNY"));    // / 1.5%
  CHECK(div(units("0.0005 CNY"), 10, 0) == 1);                  // 0.5 unit -> 1
  CHECK(div(units("-0.0005 CNY"), 10, 0) == -1);                // -0.5 -> -1
  CHECK(div(units("0.0005 CNY"), 11, 0) == 0);                  // 0.45 -> 0
  CHECK(div(5, 2, 0) == 3);                                     // 2.5 -> 3 (half-to-even would give 2)
  CHECK(div(0, 7, 0) == 0);
  CHECK(div(INT64_MAX, 1, 0) == INT64_MAX);
  CHECK(div(INT64_MIN, 1, 0) == INT64_MIN);
  CHECK(div(INT64_MIN, 2, 0) == INT64_MIN / 2);
  CHECK(div(INT64_MAX, INT64_MAX, 0) == 1);
  CHECK(div(INT64_MIN, INT64_MIN, 0) == 1);
  CHECK(div(INT64_MAX, INT64_MIN, 0) == -1);                    // -0.99999.. -> -1
  CHECK(div(1, INT64_MAX, 0) == 0);
  CHECK(div(12345, 1000000000000000000, 18) == 12345);          // / 1.000000000000000000
  CHECK(div(INT64_MAX, 1000000000000000000, 18) == INT64_MAX);  // the dividend is exact in 128 bits
  CHECK(div(1, 3, 18) == 333333333333333333);                   // / 0.000000000000000003
  CHECK(div(10, 4294967296, 0) == 0);                           // a divisor of 2^32: the wide path
  CHECK(div(INT64_C(6442450944), 4294967296, 0) == 2);          // 1.5 -> 2
  CHECK(div(INT64_C(-6442450944), 4294967296, 0) == -2);
  // The currency is carried, also when out aliases the input.
  clx_money eur = money(30000, "EUR");
  REQUIRE(clx_money_div_decimal(&eur, 4, 0, &eur) == CLX_OK);
  CHECK(format(eur) == "0.75 EUR");
}

TEST_CASE("the ratio of two amounts is a decimal of the digits asked for", "[runtime][money]") {
  CHECK(ratio(units("1.00 CNY"), units("3.00 CNY"), 4) == 3333);
  CHECK(ratio(units("2.00 CNY"), units("3.00 CNY"), 4) == 6667);
  CHECK(ratio(units("-2.00 CNY"), units("3.00 CNY"), 4) == -6667);
  CHECK(ratio(units("2.00 CNY"), units("-3.00 CNY"), 10) == -6666666667);
  CHECK(ratio(units("1 CNY"), units("8 CNY"), 2) == 13);   // 0.125 -> 0.13
  CHECK(ratio(units("-1 CNY"), units("8 CNY"), 2) == -13);
  CHECK(ratio(units("5 CNY"), units("2 CNY"), 0) == 3);     // 2.5 -> 3
  CHECK(ratio(0, 7, 18) == 0);
  CHECK(ratio(INT64_MAX, INT64_MAX, 18) == 1000000000000000000);
  CHECK(ratio(INT64_MIN, INT64_MIN, 18) == 1000000000000000000);
  CHECK(ratio(INT64_MAX, 1, 0) == INT64_MAX);
  CHECK(ratio(INT64_MIN, 1, 0) == INT64_MIN);
  CHECK(ratio(INT64_MIN + 1, -1, 0) == INT64_MAX);
  CHECK(ratio(1, 3, 18) == 333333333333333333);
  CHECK(ratio(10, 4294967296, 10) == 23);  // 2.3283064365386963e-9 * 10^10 = 23.28..: a divisor of 2^32
}

TEST_CASE("division errors", "[runtime][money]") {
  clx_money a = money(100), zero = money(0), usd = money(100, "USD"), bad = money(1, "c1y"), out = money(77);
  std::int64_t m = 77;
  CHECK(clx_money_div_decimal(&a, 0, 0, &out) == CLX_E_DIVISION_BY_ZERO);
  CHECK(clx_money_div_decimal(&a, 0, 5, &out) == CLX_E_DIVISION_BY_ZERO);
  CHECK(clx_money_ratio(&a, &zero, 10, &m) == CLX_E_DIVISION_BY_ZERO);
  CHECK(clx_money_ratio(&a, &usd, 10, &m) == CLX_E_CURRENCY);       // the currency first ...
  clx_money usd_zero = money(0, "USD");
  CHECK(clx_money_ratio(&a, &usd_zero, 10, &m) == CLX_E_CURRENCY);  // ... then the zero
  CHECK(clx_money_div_decimal(&bad, 1, 0, &out) == CLX_E_CURRENCY);
  CHECK(clx_money_div_decimal(&bad, 0, 0, &out) == CLX_E_CURRENCY);
  CHECK(clx_money_ratio(&bad, &bad, 0, &m) == CLX_E_CURRENCY);
  clx_money max = money(INT64_MAX), min = money(INT64_MIN), one = money(1), minus_one = money(-1);
  CHECK(clx_money_div_decimal(&min, -1, 0, &out) == CLX_E_OVERFLOW);
  CHECK(clx_money_div_decimal(&max, 5, 1, &out) == CLX_E_OVERFLOW);  // / 0.5
  clx_money fits = money(0);
  CHECK(clx_money_div_decimal(&one, 1, 18, &fits) == CLX_OK);        // 10^18 units fits
  CHECK(fits.units == 1000000000000000000);
  CHECK(clx_money_div_decimal(&max, 1, 18, &out) == CLX_E_OVERFLOW);
  CHECK(clx_money_ratio(&min, &minus_one, 0, &m) == CLX_E_OVERFLOW);
  CHECK(clx_money_ratio(&max, &one, 1, &m) == CLX_E_OVERFLOW);
  CHECK(clx_money_div_decimal(&a, 1, -1, &out) == CLX_E_ARGUMENT);
  CHECK(clx_money_div_decimal(&a, 1, 19, &out) == CLX_E_ARGUMENT);
  CHECK(clx_money_div_decimal(nullptr, 1, 0, &out) == CLX_E_ARGUMENT);
  CHECK(clx_money_div_decimal(&a, 1, 0, nullptr) == CLX_E_ARGUMENT);
  CHECK(clx_money_ratio(&a, &a, 19, &m) == CLX_E_ARGUMENT);
  CHECK(clx_money_ratio(&a, &a, -1, &m) == CLX_E_ARGUMENT);
  CHECK(clx_money_ratio(nullptr, &a, 0, &m) == CLX_E_ARGUMENT);
  CHECK(clx_money_ratio(&a, nullptr, 0, &m) == CLX_E_ARGUMENT);
  CHECK(clx_money_ratio(&a, &a, 0, nullptr) == CLX_E_ARGUMENT);
  CHECK(out.units == 77);  // nothing written on failure
  CHECK(m == 77);
  CHECK(std::string(clx_status_message(CLX_E_DIVISION_BY_ZERO)) == "division by zero");
}

TEST_CASE("division agrees with a 128-bit oracle on random inputs", "[runtime][money]") {
  // As for multiplication: the oracle divides with the compiler's unsigned __int128, the runtime
  // in 64-bit steps.
  __extension__ typedef unsigned __int128 u128;
  auto magnitude = [](std::int64_t v) { return v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v); };
  std::mt19937_64 rng(2025);
  int ok = 0, overflow = 0;
  for (int i = 0; i < 200000; ++i) {
    auto pick = [&](int k) -> std::int64_t {
      switch (k % 4) {
        case 0: return static_cast<std::int64_t>(rng());
        case 1: return static_cast<std::int64_t>(rng() >> (rng() % 64));
        case 2: return -static_cast<std::int64_t>(rng() >> (1 + rng() % 63));
        default: return static_cast<std::int64_t>(rng() % 2001) - 1000;
      }
    };
    std::int64_t u = i % 97 == 0 ? INT64_MIN : pick(static_cast<int>(rng() % 4));
    std::int64_t d = i % 89 == 0 ? INT64_MIN : pick(static_cast<int>(rng() % 4));
    if (d == 0) d = 1;
    std::int32_t scale = static_cast<std::int32_t>(rng() % 19);
    u128 p10 = 1;
    for (int k = 0; k < scale; ++k) p10 *= 10;
    u128 dividend = static_cast<u128>(magnitude(u)) * p10, divisor = magnitude(d);
    u128 q = dividend / divisor, r = dividend % divisor;
    if (2 * r >= divisor) ++q;
    bool negative = (u < 0) != (d < 0) && q != 0;
    u128 limit = negative ? (static_cast<u128>(1) << 63) : (static_cast<u128>(1) << 63) - 1;
    std::int64_t expected = negative ? static_cast<std::int64_t>(0 - static_cast<std::uint64_t>(q))
                                     : static_cast<std::int64_t>(static_cast<std::uint64_t>(q));
    // Money / decimal: u / (d / 10^scale).
    clx_money a = money(u), out = money(0);
    int status = clx_money_div_decimal(&a, d, scale, &out);
    // Money / money: u / d as a mantissa of `scale` digits; the same arithmetic.
    clx_money b = money(d);
    std::int64_t m = 0;
    int ratio_status = clx_money_ratio(&a, &b, scale, &m);
    INFO(u << " / " << d << ", scale " << scale);
    if (q > limit) {
      REQUIRE(status == CLX_E_OVERFLOW);
      REQUIRE(ratio_status == CLX_E_OVERFLOW);
      ++overflow;
    } else {
      REQUIRE(status == CLX_OK);
      REQUIRE(out.units == expected);
      REQUIRE(ratio_status == CLX_OK);
      REQUIRE(m == expected);
      ++ok;
    }
  }
  CHECK(ok > 50000);
  CHECK(overflow > 10000);
}
