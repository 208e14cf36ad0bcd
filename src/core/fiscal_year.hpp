// FiscalYear 年度 and the Japanese calendar (和暦).
//
// A fiscal year runs from 1 April to 31 March and is named after the calendar year it starts in:
// FiscalYear 2024 is 令和6年度 (R6), 1 April 2024 to 31 March 2025. When a new era begins during
// the April–December part of a fiscal year, the whole fiscal year takes the new era's first year
// (元年): 2019年度 is 令和元年度, 1989年度 is 平成元年度. Parsing also accepts the old name
// (平成31年度 is 2019年度), as older documents use it.
//
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tsunagu {

enum class Era { kTaisho, kShowa, kHeisei, kReiwa };

// A calendar date in the proleptic Gregorian calendar.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  friend constexpr auto operator<=>(const Date&, const Date&) = default;
};

// True when `d` names a real day (leap years included).
bool is_valid_date(Date d);

// Parses "2024-04-01"; an error (code "date.invalid") for anything else.
Result<Date> parse_iso_date(std::string_view text);
std::string format_iso_date(Date d);

struct EraYear {
  Era era = Era::kReiwa;
  int year = 0;  // 1 is 元年
  friend constexpr bool operator==(const EraYear&, const EraYear&) = default;
};

// 令和, 平成, 昭和, 大正.
std::string_view era_name(Era era);
// R, H, S, T.
char era_letter(Era era);

// The era and year in effect on `d`. Error "date.before_taisho" before 30 July 1912.
Result<EraYear> era_year_of(Date d);

// "令和6年4月1日"; "令和元年5月1日" for the first year.
Result<std::string> format_wareki_date(Date d);
// "令和6年4月1日（2024年4月1日）".
std::string format_wareki_date_with_western(Date d);

class FiscalYear {
 public:
  static constexpr int kMinYear = 1912;
  static constexpr int kMaxYear = 2200;

  // Precondition: kMinYear <= western_start_year <= kMaxYear (see from_western for a checked form).
  constexpr explicit FiscalYear(int western_start_year) : year_(western_start_year) {}

  // Checked construction; error "fiscal_year.out_of_range".
  static Result<FiscalYear> from_western(int western_start_year);
  // The fiscal year that contains `d` (January–March belong to the previous year's 年度).
  static FiscalYear containing(Date d);

  // Parses every form staff write: "R6", "R 6", "令和6年度", "令和元年度", "令和6（2024）年度",
  // "2024年度", "2024", "FY2024", "H30", "平成30年度", with full-width digits and letters too.
  // Errors: "fiscal_year.unreadable" (not a year), "fiscal_year.out_of_range" (an era year the
  // era never had, such as 平成40年度), "fiscal_year.mismatch" (令和6（2023）年度).
  static Result<FiscalYear> parse(std::string_view text);

  constexpr int western() const { return year_; }
  Date first_day() const { return Date{year_, 4, 1}; }
  Date last_day() const { return Date{year_ + 1, 3, 31}; }
  EraYear era_year() const;

  std::string short_name() const;    // "R6"
  std::string japanese() const;      // "令和6年度", "令和元年度"
  std::string western_name() const;  // "2024年度"
  std::string display() const;       // "令和6年度（2024年度）"

  FiscalYear next() const { return FiscalYear(year_ + 1); }
  FiscalYear previous() const { return FiscalYear(year_ - 1); }

  friend constexpr auto operator<=>(FiscalYear, FiscalYear) = default;

 private:
  int year_;
};

// A span of fiscal years, both ends included.
struct FiscalPeriod {
  FiscalYear from;
  FiscalYear to;
};

// "R6-R11", "R6〜R8", "令和6年度～令和11年度", "2024-2029": two years as FiscalYear::parse reads
// them, joined by -, 〜, ～ or ~. Errors "fiscal_year.unreadable" (no separator, or a side
// that is not a year), "fiscal_year.out_of_range", "plan.invalid" (the end before the start).
Result<FiscalPeriod> parse_fiscal_period(std::string_view text);

}  // namespace tsunagu
