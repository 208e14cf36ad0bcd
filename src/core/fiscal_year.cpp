#include "core/fiscal_year.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <optional>

#include "core/text.hpp"

namespace tsunagu {
namespace {

struct EraInfo {
  Era era;
  std::string_view name;
  char letter;
  Date first_day;
  int last_year;  // the highest era year that exists (0: open-ended)
};

constexpr std::array<EraInfo, 4> kEras = {{
    {Era::kTaisho, "大正", 'T', {1912, 7, 30}, 15},
    {Era::kShowa, "昭和", 'S', {1926, 12, 25}, 64},
    {Era::kHeisei, "平成", 'H', {1989, 1, 8}, 31},
    {Era::kReiwa, "令和", 'R', {2019, 5, 1}, 0},
}};

const EraInfo& info(Era era) { return kEras[static_cast<std::size_t>(era)]; }

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

std::string year_word(int era_year) { return era_year == 1 ? "元" : std::to_string(era_year); }

Error unreadable(std::string_view text) {
  return make_error(ErrorKind::kInvalid, "fiscal_year.unreadable",
                    "年度「" + std::string(text) +
                        "」を読み取れません。R6、令和6年度、2024年度 のように指定してください。");
}

std::optional<int> parse_int(std::string_view s) {
  int value = 0;
  if (s.empty() || s.size() > 4) return std::nullopt;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

bool consume_prefix(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

bool consume_suffix(std::string_view& s, std::string_view suffix) {
  if (s.size() < suffix.size() || s.substr(s.size() - suffix.size()) != suffix) return false;
  s.remove_suffix(suffix.size());
  return true;
}

}  // namespace

bool is_valid_date(Date d) {
  return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

Result<Date> parse_iso_date(std::string_view text) {
  auto bad = [&] {
    return make_error(
        ErrorKind::kInvalid, "date.invalid",
        "日付「" + std::string(text) + "」を読み取れません。2024-04-01 の形で指定してください。");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  auto y = parse_int(text.substr(0, 4));
  auto m = parse_int(text.substr(5, 2));
  auto d = parse_int(text.substr(8, 2));
  if (!y || !m || !d) return bad();
  Date date{*y, *m, *d};
  if (!is_valid_date(date)) return bad();
  return date;
}

std::string format_iso_date(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string_view era_name(Era era) { return info(era).name; }
char era_letter(Era era) { return info(era).letter; }

Result<EraYear> era_year_of(Date d) {
  for (auto it = kEras.rbegin(); it != kEras.rend(); ++it) {
    if (d >= it->first_day) return EraYear{it->era, d.year - it->first_day.year + 1};
  }
  return make_error(ErrorKind::kInvalid, "date.before_taisho",
                    "大正より前の日付は和暦で表示できません。");
}

Result<std::string> format_wareki_date(Date d) {
  auto ey = era_year_of(d);
  if (!ey) return ey.error();
  return std::string(era_name(ey->era)) + year_word(ey->year) + "年" + std::to_string(d.month) +
         "月" + std::to_string(d.day) + "日";
}

std::string format_wareki_date_with_western(Date d) {
  auto western =
      std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
  auto wareki = format_wareki_date(d);
  if (!wareki) return western;
  return wareki.value() + "（" + western + "）";
}

Result<FiscalYear> FiscalYear::from_western(int western_start_year) {
  if (western_start_year < kMinYear || western_start_year > kMaxYear) {
    return make_error(ErrorKind::kInvalid, "fiscal_year.out_of_range",
                      std::to_string(western_start_year) + "年度は扱える範囲（" +
                          std::to_string(kMinYear) + "〜" + std::to_string(kMaxYear) +
                          "年度）の外です。");
  }
  return FiscalYear(western_start_year);
}

FiscalYear FiscalYear::containing(Date d) { return FiscalYear(d.month >= 4 ? d.year : d.year - 1); }

EraYear FiscalYear::era_year() const {
  // The newest era that has begun by 31 December of the starting calendar year.
  for (auto it = kEras.rbegin(); it != kEras.rend(); ++it) {
    if (it->first_day.year <= year_) return EraYear{it->era, year_ - it->first_day.year + 1};
  }
  return EraYear{Era::kTaisho, year_ - kEras[0].first_day.year + 1};
}

std::string FiscalYear::short_name() const {
  auto ey = era_year();
  return std::string(1, era_letter(ey.era)) + std::to_string(ey.year);
}

std::string FiscalYear::japanese() const {
  auto ey = era_year();
  return std::string(era_name(ey.era)) + year_word(ey.year) + "年度";
}

std::string FiscalYear::western_name() const { return std::to_string(year_) + "年度"; }

std::string FiscalYear::display() const { return japanese() + "（" + western_name() + "）"; }

Result<FiscalYear> FiscalYear::parse(std::string_view original) {
  std::string folded = fold_width(original);
  std::string compact;
  for (char c : folded) {
    if (c != ' ' && c != '\t') compact += c;
  }
  std::string_view s = compact;
  if (!consume_suffix(s, "年度") && !consume_suffix(s, "年")) {
    // "令和6（2024）年度" ends in 年度 as well; a bare "R6" or "2024" has no suffix.
  }
  // An explicit western year in brackets: 令和6（2024）.
  std::optional<int> bracket_year;
  if (consume_suffix(s, ")")) {
    auto open = s.rfind('(');
    if (open == std::string_view::npos) return unreadable(original);
    bracket_year = parse_int(s.substr(open + 1));
    if (!bracket_year) return unreadable(original);
    s = s.substr(0, open);
    consume_suffix(s, "年");
  }

  std::optional<int> western;
  if (consume_prefix(s, "FY") || consume_prefix(s, "fy")) {
    western = parse_int(s);
    if (!western) return unreadable(original);
  } else if (auto plain = parse_int(s); plain && s.size() == 4) {
    western = plain;
  } else {
    const EraInfo* era = nullptr;
    for (const auto& e : kEras) {
      if (consume_prefix(s, e.name) || (!s.empty() && (s[0] == e.letter || s[0] == e.letter + 32) &&
                                        (s.remove_prefix(1), true))) {
        era = &e;
        break;
      }
    }
    if (era == nullptr) return unreadable(original);
    std::optional<int> era_year = s == "元" ? std::optional<int>(1) : parse_int(s);
    if (!era_year || *era_year < 1) return unreadable(original);
    if (era->last_year != 0 && *era_year > era->last_year) {
      return make_error(ErrorKind::kInvalid, "fiscal_year.out_of_range",
                        std::string(era->name) + std::to_string(*era_year) + "年度はありません（" +
                            std::string(era->name) + "は" + std::to_string(era->last_year) +
                            "年まで）。");
    }
    western = era->first_day.year + *era_year - 1;
  }
  if (bracket_year && *bracket_year != *western) {
    return make_error(ErrorKind::kInvalid, "fiscal_year.mismatch",
                      "年度「" + std::string(original) + "」の和暦と西暦が一致しません。");
  }
  return from_western(*western);
}

Result<FiscalPeriod> parse_fiscal_period(std::string_view text) {
  std::size_t at = std::string_view::npos, width = 0;
  for (std::string_view sep : {"〜", "～", "~", "-"}) {
    if (auto pos = text.find(sep); pos != std::string_view::npos) {
      at = pos;
      width = sep.size();
      break;
    }
  }
  if (at == std::string_view::npos) {
    return make_error(ErrorKind::kInvalid, "fiscal_year.unreadable",
                      "期間は R6-R11 のように「始まり-終わり」で指定してください。");
  }
  auto from = FiscalYear::parse(text.substr(0, at));
  if (!from) return from.error();
  auto to = FiscalYear::parse(text.substr(at + width));
  if (!to) return to.error();
  if (*to < *from) {
    return make_error(
        ErrorKind::kInvalid, "plan.invalid",
        "計画期間の終わり（" + to->display() + "）が始まり（" + from->display() + "）より前です。");
  }
  return FiscalPeriod{*from, *to};
}

}  // namespace tsunagu
