#include "api/wide.h"

#include <string>

#include "gtest/gtest.h"

namespace lmjet::api {
namespace {

WideString W(const char16_t* text) {
  WideString out;
  for (; *text != 0; ++text) out.push_back(static_cast<WCHAR>(*text));
  return out;
}

TEST(WideTest, WideLengthCountsUnitsBeforeTheNul) {
  EXPECT_EQ(0u, WideLength(W(u"").c_str()));
  EXPECT_EQ(3u, WideLength(W(u"a\U0001F600").c_str()));
}

TEST(WideTest, Windows1252RoundTripsEveryByte) {
  std::string all;
  for (int b = 1; b < 256; ++b) all.push_back(static_cast<char>(b));
  const WideString wide = Windows1252ToWide(all);
  ASSERT_EQ(255u, wide.size());
  EXPECT_EQ(0x20AC, wide[0x80 - 1]);  // euro sign
  EXPECT_EQ(0x0081, wide[0x81 - 1]);  // undefined byte: its C1 control
  EXPECT_EQ(0x0178, wide[0x9F - 1]);  // Y with diaeresis
  EXPECT_EQ(0x00E9, wide[0xE9 - 1]);  // e acute: Latin-1
  std::string back;
  ASSERT_EQ(JET_errSuccess, WideToWindows1252(wide.c_str(), &back));
  EXPECT_EQ(all, back);
}

TEST(WideTest, WideToWindows1252RefusesWhatItLacks) {
  std::string out = "left";
  EXPECT_EQ(JET_errSuccess,
            WideToWindows1252(W(u"caf\u00e9\u20ac").c_str(), &out));
  EXPECT_EQ("caf\xE9\x80", out);
  EXPECT_EQ(JET_errUnicodeTranslationFail,
            WideToWindows1252(W(u"\u65e5").c_str(), &out));  // CJK
  EXPECT_EQ(JET_errUnicodeTranslationFail,
            WideToWindows1252(W(u"\u0100").c_str(), &out));  // A macron
  // U+0080 is not a Windows-1252 character (0x80 is the euro sign).
  EXPECT_EQ(JET_errUnicodeTranslationFail,
            WideToWindows1252(W(u"\u0080").c_str(), &out));
  const WCHAR lone[] = {'a', 0xD800, 0};
  EXPECT_EQ(JET_errUnicodeTranslationFail, WideToWindows1252(lone, &out));
}

TEST(WideTest, Utf8BothWays) {
  const WideString text = W(u"\u00e9\u65e5\U0001F600x");
  std::string utf8;
  ASSERT_EQ(JET_errSuccess, WideToUtf8(text.c_str(), &utf8));
  EXPECT_EQ("\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80x", utf8);
  WideString back;
  ASSERT_EQ(JET_errSuccess, Utf8ToWide(utf8, &back));
  EXPECT_EQ(text, back);
}

TEST(WideTest, UnpairedSurrogatesAreRefused) {
  std::string out;
  const WCHAR high_alone[] = {'a', 0xD83D, 'b', 0};
  const WCHAR high_at_end[] = {0xD83D, 0};
  const WCHAR low_alone[] = {0xDE00, 'a', 0};
  EXPECT_EQ(JET_errUnicodeTranslationFail, WideToUtf8(high_alone, &out));
  EXPECT_EQ(JET_errUnicodeTranslationFail, WideToUtf8(high_at_end, &out));
  EXPECT_EQ(JET_errUnicodeTranslationFail, WideToUtf8(low_alone, &out));
}

TEST(WideTest, InvalidUtf8IsRefused) {
  WideString out;
  for (const char* bad : {"\x80", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                          "\xF4\x90\x80\x80", "\xE6\x97", "\xFF"}) {
    EXPECT_EQ(JET_errUnicodeTranslationFail, Utf8ToWide(bad, &out)) << bad;
  }
  ASSERT_EQ(JET_errSuccess, Utf8ToWide(std::string_view("a\0b", 3), &out));
  EXPECT_EQ(3u, out.size());
}

TEST(WideTest, PutWideFitsOrTruncatesWithNul) {
  const WideString text = W(u"abc");
  WCHAR buf[8];
  std::fill(std::begin(buf), std::end(buf), WCHAR{0xFFFF});
  EXPECT_EQ(JET_errSuccess, PutWide(text, buf, 8));  // 3 units + NUL
  EXPECT_EQ(W(u"abc"), WideString(buf));
  std::fill(std::begin(buf), std::end(buf), WCHAR{0xFFFF});
  EXPECT_EQ(JET_errBufferTooSmall, PutWide(text, buf, 7));  // 3 WCHARs
  EXPECT_EQ(W(u"ab"), WideString(buf));
  EXPECT_EQ(0xFFFF, buf[3]);
  std::fill(std::begin(buf), std::end(buf), WCHAR{0xFFFF});
  EXPECT_EQ(JET_errBufferTooSmall, PutWide(text, buf, 1));
  EXPECT_EQ(0xFFFF, buf[0]);
  EXPECT_EQ(JET_errBufferTooSmall, PutWide(text, nullptr, 0));
}

TEST(WideTest, NarrowArgKinds) {
  NarrowArg arg;
  EXPECT_EQ(JET_errSuccess, arg.Set(nullptr, NarrowArg::Kind::kName));
  EXPECT_EQ(nullptr, arg.get());
  EXPECT_EQ(JET_errSuccess,
            arg.Set(W(u"T\u00e9").c_str(), NarrowArg::Kind::kName));
  EXPECT_STREQ("T\xE9", arg.get());
  EXPECT_EQ(JET_errSuccess,
            arg.Set(W(u"T\u00e9").c_str(), NarrowArg::Kind::kText));
  EXPECT_STREQ("T\xC3\xA9", arg.get());
  EXPECT_EQ(JET_errInvalidName,
            arg.Set(W(u"\u65e5").c_str(), NarrowArg::Kind::kName));
  EXPECT_EQ(JET_errSuccess,
            arg.Set(W(u"\u65e5").c_str(), NarrowArg::Kind::kText));
  const WCHAR lone[] = {0xDC00, 0};
  EXPECT_EQ(JET_errUnicodeTranslationFail,
            arg.Set(lone, NarrowArg::Kind::kText));
}

// A W key of `units` WCHARs from a char16_t literal holding its NULs.
template <size_t N>
std::pair<WideString, unsigned long> Key(const char16_t (&text)[N]) {
  WideString key;
  for (size_t i = 0; i + 1 < N; ++i) key.push_back(text[i]);
  return {key, static_cast<unsigned long>(key.size() * sizeof(WCHAR))};
}

TEST(WideTest, IndexKeyConvertsSegments) {
  const auto [key, cb] = Key(u"+a\0-b\u00e9\0\0");
  std::string out;
  ASSERT_EQ(JET_errSuccess, WideIndexKeyToNarrow(key.data(), cb, &out));
  EXPECT_EQ(std::string("+a\0-b\xE9\0\0", 8), out);
}

TEST(WideTest, IndexKeyErrors) {
  std::string out;
  const auto [good, cb] = Key(u"+a\0\0");
  EXPECT_EQ(JET_errInvalidParameter,
            WideIndexKeyToNarrow(good.data(), 0, &out));
  EXPECT_EQ(JET_errInvalidParameter, WideIndexKeyToNarrow(nullptr, cb, &out));
  // cbKey short of the double NUL.
  EXPECT_EQ(JET_errIndexInvalidDef,
            WideIndexKeyToNarrow(good.data(), cb - 2, &out));
  const auto [no_sign, cb2] = Key(u"a\0\0");
  EXPECT_EQ(JET_errIndexInvalidDef,
            WideIndexKeyToNarrow(no_sign.data(), cb2, &out));
  // Two bytes past the double NUL: neither a LANGID nor nothing.
  const auto [tail, cb3] = Key(u"+a\0\0\0");
  EXPECT_EQ(JET_errIndexInvalidDef,
            WideIndexKeyToNarrow(tail.data(), cb3, &out));
  const auto [cjk, cb4] = Key(u"+\u65e5\0\0");
  EXPECT_EQ(JET_errUnicodeTranslationFail,
            WideIndexKeyToNarrow(cjk.data(), cb4, &out));
}

TEST(WideTest, IndexKeyCarriesALangid) {
  // "+a\0\0", LANGID 0x0409, two NUL WCHARs: 8 + 6 bytes.
  const auto [key, cb] = Key(u"+a\0\0\u0409\0\0");
  std::string out;
  ASSERT_EQ(JET_errSuccess, WideIndexKeyToNarrow(key.data(), cb, &out));
  EXPECT_EQ(std::string("+a\0\0\x09\x04\0\0", 8), out);
}

}  // namespace
}  // namespace lmjet::api
