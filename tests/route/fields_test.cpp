// The field source over a JSON object or a form: the same text reads the same from both, a JSON
// value of a type no form could send is kMalformed (400), a value that does not read as its
// type is kInvalid (422), and both name the field; FieldProblems gathers a request's problems.
// A FieldValue reads by type as sent; lists, table rows and nested records read from either.
#include "route/fields.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tsunagu::route {
namespace {

using nlohmann::json;

constexpr Field kDate{"date", "予約する日"};
constexpr Field kCount{"count", "参加者数"};
constexpr Field kRoom{"room", "面接室"};
constexpr Field kStart{"start", "開始時刻"};
constexpr Field kPublic{"public", "公開"};
constexpr Field kName{"name", "名称"};
constexpr Field kTopics{"topics", "分野"};

Fields form(const std::string& body) {
  http::Request request;
  request.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  request.body = body;
  return Fields::from_form(request);
}

void expect_error(const Error& e, ErrorKind kind, const std::string& key) {
  EXPECT_EQ(e.kind, kind) << e.message;
  ASSERT_EQ(e.details.size(), 1u);
  EXPECT_EQ(e.details[0].field, key);
  EXPECT_FALSE(e.message.empty());
}

TEST(Fields, TheSameTextReadsTheSameFromJsonAndFromAForm) {
  const auto j = Fields::from_json(
      {{"date", "2025-04-01"}, {"count", "１２"}, {"room", "7"}, {"start", "10:30"}});
  const auto f = form("date=2025-04-01&count=%EF%BC%91%EF%BC%92&room=7&start=10%3A30");
  for (const Fields* source : {&j, &f}) {
    EXPECT_EQ(**source->date(kDate), (Date{2025, 4, 1}));
    EXPECT_EQ(**source->integer(kCount), 12);  // full-width digits fold
    EXPECT_EQ(**source->id(kRoom), 7);
    EXPECT_EQ(**source->time(kStart), 10 * 60 + 30);
  }
  EXPECT_FALSE(j.is_form());
  EXPECT_TRUE(f.is_form());
}

TEST(Fields, JsonMayGiveNumbersAndBooleansWhereAFormGivesText) {
  const auto j = Fields::from_json({{"count", 12}, {"room", 7}, {"public", false}});
  EXPECT_EQ(**j.integer(kCount), 12);
  EXPECT_EQ(**j.id(kRoom), 7);
  EXPECT_EQ(*j.flag(kPublic), std::optional<bool>(false));
  EXPECT_EQ(*form("public=1").flag(kPublic), std::optional<bool>(true));
}

TEST(Fields, AbsentNullAndBlankAreNotGiven) {
  const auto j = Fields::from_json({{"date", nullptr}, {"start", ""}});
  const auto f = form("date=&start=+");
  for (const Fields* source : {&j, &f}) {
    EXPECT_FALSE(*source->date(kDate));
    EXPECT_FALSE(*source->time(kStart));
    EXPECT_FALSE(*source->id(kRoom));
    EXPECT_EQ(*source->text(kName), "");
    EXPECT_TRUE(source->texts(kTopics)->empty());
  }
  EXPECT_FALSE(j.has("date"));
  EXPECT_TRUE(j.has("start"));
  EXPECT_TRUE(f.has("date"));  // a form field sent blank was sent
  // An unchecked box sends nothing: on a form absent is false, from JSON it is not given.
  EXPECT_EQ(*form("").flag(kPublic), std::optional<bool>(false));
  EXPECT_EQ(*Fields::from_json(json::object()).flag(kPublic), std::nullopt);
}

TEST(Fields, TextThatDoesNotReadAsItsTypeIsInvalidAndNamesTheField) {
  const auto j = Fields::from_json(
      {{"date", "2025-13-40"}, {"count", "many"}, {"room", "0"}, {"start", "25:00"}});
  const auto f = form("date=2025-13-40&count=many&room=0&start=25%3A00&public=yes");
  for (const Fields* source : {&j, &f}) {
    expect_error(source->date(kDate).error(), ErrorKind::kInvalid, "date");
    expect_error(source->integer(kCount).error(), ErrorKind::kInvalid, "count");
    expect_error(source->id(kRoom).error(), ErrorKind::kInvalid, "room");
    expect_error(source->time(kStart).error(), ErrorKind::kInvalid, "start");
  }
  expect_error(f.flag(kPublic).error(), ErrorKind::kInvalid, "public");
  EXPECT_NE(j.date(kDate).error().message.find("予約する日"), std::string::npos);
}

TEST(Fields, AJsonValueOfAWrongTypeIsMalformed) {
  const auto j = Fields::from_json({{"date", 20251201},
                                    {"start", 13},
                                    {"name", 5},
                                    {"count", 1.5},
                                    {"public", "yes"},
                                    {"room", json::array({1})},
                                    {"topics", "work"}});
  expect_error(j.date(kDate).error(), ErrorKind::kMalformed, "date");
  expect_error(j.time(kStart).error(), ErrorKind::kMalformed, "start");
  expect_error(j.text(kName).error(), ErrorKind::kMalformed, "name");
  expect_error(j.integer(kCount).error(), ErrorKind::kMalformed, "count");
  expect_error(j.id(kRoom).error(), ErrorKind::kMalformed, "room");
  expect_error(j.texts(kTopics).error(), ErrorKind::kMalformed, "topics");
  EXPECT_EQ(j.date(kDate).error().code, "request.invalid");
  // Text where a flag belongs reads as a form's would: "yes" is no flag.
  expect_error(j.flag(kPublic).error(), ErrorKind::kInvalid, "public");
}

TEST(Fields, ListsComeAsJsonArraysOrRepeatedFormValues) {
  const auto j = Fields::from_json({{"topics", {"work", "housing"}}, {"room", {3, "4"}}});
  const auto f = form("topics=work&topics=housing&room=3&room=4&room=");
  for (const Fields* source : {&j, &f}) {
    EXPECT_EQ(*source->texts(kTopics), (std::vector<std::string>{"work", "housing"}));
    EXPECT_EQ(*source->ids(kRoom), (std::vector<std::int64_t>{3, 4}));
  }
  expect_error(form("room=3&room=x").ids(kRoom).error(), ErrorKind::kInvalid, "room");
  expect_error(Fields::from_json({{"room", {3, true}}}).ids(kRoom).error(), ErrorKind::kMalformed,
               "room");
}

TEST(FieldValue, ReadsByTheTypeAsSent) {
  const auto j = Fields::from_json({{"n", 7}, {"s", "7"}, {"b", true}, {"z", nullptr}});
  EXPECT_EQ(j.value("n").integer(), 7);
  EXPECT_EQ(j.value("s").integer(), std::nullopt);  // a JSON string is text only
  EXPECT_EQ(j.value("s").text(), "7");
  EXPECT_EQ(j.value("b").boolean(), true);
  EXPECT_TRUE(j.value("z").absent());
  EXPECT_EQ(j.value("n").shown(), "7");
  const auto f = form("n=7&b=yes&blank=+&pad=+7");
  EXPECT_EQ(f.value("n").integer(), 7);
  EXPECT_EQ(f.value("pad").integer(), std::nullopt);  // as sent: not trimmed
  EXPECT_EQ(f.value("b").boolean(), true);
  EXPECT_TRUE(f.value("blank").blank());
  EXPECT_FALSE(f.value("blank").absent());
  EXPECT_TRUE(f.value("none").absent());
}

TEST(Fields, ItemsAreAJsonArraysElementsOrAFormsLines) {
  const auto j = Fields::from_json({{"goals", {"a", "b"}}, {"bad", "a"}});
  const auto f = form("goals=a%0D%0A%0D%0A+b+&other=");
  for (const Fields* source : {&j, &f}) {
    auto items = source->items("goals");
    ASSERT_TRUE(items);
    ASSERT_EQ(items->size(), 2u);
    EXPECT_EQ((*items)[0].text(), "a");
    EXPECT_EQ((*items)[1].text(), "b");
    EXPECT_TRUE(source->items("none")->empty());
  }
  EXPECT_FALSE(j.items("bad"));
}

TEST(Fields, RowsAreJsonObjectsOrAFormsLinesOrTheRowsAPageGives) {
  const auto j = Fields::from_json(
      {{"roles", {{{"who", "A"}, {"due", "2025-09-30"}}, 5}}, {"bad", {{"who", "A"}}}});
  auto rows = j.rows("roles", {"who", "task", "due"});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(*(*rows)[0]->text({"who", "担い手"}), "A");
  EXPECT_FALSE((*rows)[1]);  // not an object
  EXPECT_FALSE(j.rows("bad", {"who"}));
  auto f = form("roles=A+%7C+B+%7C+2025-09-30%0D%0AC");
  rows = f.rows("roles", {"who", "task", "due"});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(*(*rows)[0]->text({"task", "役割"}), "B");
  EXPECT_EQ(**(*rows)[0]->date({"due", "期限"}), (Date{2025, 9, 30}));
  EXPECT_FALSE((*rows)[1]->has("task"));
  f.add_row("roles", {{"who", "D"}});
  rows = f.rows("roles", {"who", "task", "due"});
  ASSERT_EQ(rows->size(), 1u);  // the page's rows replace the lines
  EXPECT_EQ(*(*rows)[0]->text({"who", "担い手"}), "D");
}

TEST(Fields, ARecordIsAJsonObjectOrAFormsCheckbox) {
  constexpr Field kSpecial{"special", "特別調整"};
  const auto j = Fields::from_json({{"special", {{"wishes", true}}}});
  ASSERT_TRUE(*j.record(kSpecial));
  EXPECT_EQ(*(*j.record(kSpecial))->flag({"wishes", "本人の希望"}), std::optional<bool>(true));
  EXPECT_FALSE(*Fields::from_json(json::object()).record(kSpecial));
  expect_error(Fields::from_json({{"special", 1}}).record(kSpecial).error(), ErrorKind::kMalformed,
               "special");
  ASSERT_TRUE(*form("special=1").record(kSpecial));
  EXPECT_FALSE((*form("special=1").record(kSpecial))->has("wishes"));
  EXPECT_FALSE(*form("special=0").record(kSpecial));
  EXPECT_FALSE(*form("special=").record(kSpecial));
  expect_error(form("special=maybe").record(kSpecial).error(), ErrorKind::kInvalid, "special");
}

TEST(Fields, APageMaySetAFieldFromItsOwnWidget) {
  auto f = form("local=yes&local=no");
  f.set("involved", f.value("local").text().value_or(""));
  f.set("local", "no");
  EXPECT_EQ(f.value("involved").boolean(), true);
  EXPECT_EQ(*f.texts({"local", "地域"}), std::vector<std::string>{"no"});
}

TEST(FieldProblems, GathersEveryInvalidFieldUnderTheCallersCode) {
  const auto f = form("date=2025-13-40&start=");
  FieldProblems p;
  EXPECT_FALSE(p.require(f.date(kDate), kDate));
  EXPECT_FALSE(p.require(f.time(kStart), kStart));  // blank: absent, and required
  EXPECT_FALSE(p.take(f.integer(kCount)));          // absent and optional: no problem
  auto e = p.error("booking.invalid", "予約の内容に誤りがあります。");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, ErrorKind::kInvalid);
  EXPECT_EQ(e->code, "booking.invalid");
  ASSERT_EQ(e->details.size(), 2u);
  EXPECT_EQ(e->details[0].field, "date");
  EXPECT_EQ(e->details[1].field, "start");
  EXPECT_EQ(e->details[1].message, "開始時刻を指定してください。");
  EXPECT_FALSE(FieldProblems().error("x.invalid", "x"));
}

TEST(FieldProblems, AMalformedFieldMakesTheWholeRequestMalformed) {
  const auto j = Fields::from_json({{"date", "2025-13-40"}, {"start", 13}});
  FieldProblems p;
  p.require(j.date(kDate), kDate);
  p.require(j.time(kStart), kStart);
  auto e = p.error("booking.invalid", "予約の内容に誤りがあります。");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, ErrorKind::kMalformed);
  EXPECT_EQ(e->code, "request.invalid");
  ASSERT_EQ(e->details.size(), 1u);
  EXPECT_EQ(e->details[0].field, "start");  // not also "required"
}

TEST(FieldProblems, SaysWhetherAndWhatWasFound) {
  FieldProblems p;
  EXPECT_FALSE(p.failed());
  EXPECT_EQ(p.first_message(), "");
  p.add("who", "担い手が違います。");
  p.add("due", "期限が違います。");
  EXPECT_TRUE(p.failed());
  EXPECT_EQ(p.first_message(), "担い手が違います。");
}

}  // namespace
}  // namespace tsunagu::route
