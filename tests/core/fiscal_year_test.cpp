#include "core/fiscal_year.hpp"

#include <gtest/gtest.h>

namespace tsunagu {
namespace {

int parsed(std::string_view text) {
  auto fy = FiscalYear::parse(text);
  EXPECT_TRUE(fy.ok()) << text << ": " << (fy.ok() ? "" : fy.error().message);
  return fy.ok() ? fy->western() : 0;
}

std::string parse_error(std::string_view text) {
  auto fy = FiscalYear::parse(text);
  return fy.ok() ? "ok" : fy.error().code;
}

TEST(FiscalYear, NamesInAllThreeForms) {
  FiscalYear fy(2024);
  EXPECT_EQ(fy.short_name(), "R6");
  EXPECT_EQ(fy.japanese(), "令和6年度");
  EXPECT_EQ(fy.western_name(), "2024年度");
  EXPECT_EQ(fy.display(), "令和6年度（2024年度）");
}

TEST(FiscalYear, EraBoundaryAtReiwa) {
  // 2019年度 began on 1 April 2019 under 平成 but is named 令和元年度.
  EXPECT_EQ(FiscalYear(2019).japanese(), "令和元年度");
  EXPECT_EQ(FiscalYear(2019).short_name(), "R1");
  EXPECT_EQ(FiscalYear(2018).japanese(), "平成30年度");
  EXPECT_EQ(FiscalYear(2018).short_name(), "H30");
  EXPECT_EQ(FiscalYear(2020).japanese(), "令和2年度");
}

TEST(FiscalYear, EraBoundaryAtHeisei) {
  EXPECT_EQ(FiscalYear(1989).japanese(), "平成元年度");
  EXPECT_EQ(FiscalYear(1988).japanese(), "昭和63年度");
}

TEST(FiscalYear, ParsesEveryForm) {
  EXPECT_EQ(parsed("R6"), 2024);
  EXPECT_EQ(parsed("r6"), 2024);
  EXPECT_EQ(parsed("R 6"), 2024);
  EXPECT_EQ(parsed("Ｒ６"), 2024);
  EXPECT_EQ(parsed("令和6年度"), 2024);
  EXPECT_EQ(parsed("令和６年度"), 2024);
  EXPECT_EQ(parsed("令和元年度"), 2019);
  EXPECT_EQ(parsed("平成31年度"), 2019);
  EXPECT_EQ(parsed("平成30年度"), 2018);
  EXPECT_EQ(parsed("H30"), 2018);
  EXPECT_EQ(parsed("2024年度"), 2024);
  EXPECT_EQ(parsed("２０２４年度"), 2024);
  EXPECT_EQ(parsed("2024"), 2024);
  EXPECT_EQ(parsed("FY2024"), 2024);
  EXPECT_EQ(parsed("令和6（2024）年度"), 2024);
  EXPECT_EQ(parsed("令和11(2029)年度"), 2029);
  EXPECT_EQ(parsed("S63"), 1988);
}

TEST(FiscalYear, RoundTripsThroughEveryFormat) {
  for (int y = 1927; y <= 2100; ++y) {
    FiscalYear fy(y);
    EXPECT_EQ(parsed(fy.short_name()), y);
    EXPECT_EQ(parsed(fy.japanese()), y);
    EXPECT_EQ(parsed(fy.western_name()), y);
  }
}

TEST(FiscalYear, RejectsWhatIsNotAYear) {
  EXPECT_EQ(parse_error(""), "fiscal_year.unreadable");
  EXPECT_EQ(parse_error("来年度"), "fiscal_year.unreadable");
  EXPECT_EQ(parse_error("R"), "fiscal_year.unreadable");
  EXPECT_EQ(parse_error("R0"), "fiscal_year.unreadable");
  EXPECT_EQ(parse_error("X6"), "fiscal_year.unreadable");
  EXPECT_EQ(parse_error("平成32年度"), "fiscal_year.out_of_range");
  EXPECT_EQ(parse_error("令和6（2023）年度"), "fiscal_year.mismatch");
  EXPECT_EQ(parse_error("1800"), "fiscal_year.out_of_range");
}

TEST(FiscalYear, ContainingDate) {
  EXPECT_EQ(FiscalYear::containing({2025, 3, 31}).western(), 2024);
  EXPECT_EQ(FiscalYear::containing({2025, 4, 1}).western(), 2025);
  EXPECT_EQ(FiscalYear(2024).first_day(), (Date{2024, 4, 1}));
  EXPECT_EQ(FiscalYear(2024).last_day(), (Date{2025, 3, 31}));
}

TEST(Wareki, DatesAcrossEraBoundaries) {
  EXPECT_EQ(format_wareki_date({2019, 4, 30}).value(), "平成31年4月30日");
  EXPECT_EQ(format_wareki_date({2019, 5, 1}).value(), "令和元年5月1日");
  EXPECT_EQ(format_wareki_date({1989, 1, 7}).value(), "昭和64年1月7日");
  EXPECT_EQ(format_wareki_date({1989, 1, 8}).value(), "平成元年1月8日");
  EXPECT_EQ(format_wareki_date_with_western({2024, 4, 1}), "令和6年4月1日（2024年4月1日）");
  EXPECT_FALSE(format_wareki_date({1900, 1, 1}).ok());
}

TEST(Date, ParsesAndValidatesIsoDates) {
  EXPECT_EQ(parse_iso_date("2024-02-29").value(), (Date{2024, 2, 29}));
  EXPECT_FALSE(parse_iso_date("2023-02-29").ok());
  EXPECT_FALSE(parse_iso_date("2024-13-01").ok());
  EXPECT_FALSE(parse_iso_date("2024/04/01").ok());
  EXPECT_EQ(format_iso_date({2024, 4, 1}), "2024-04-01");
}

}  // namespace
}  // namespace tsunagu
