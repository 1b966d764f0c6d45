#include "text/japanese_date.h"

#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <unicode/normalizer2.h>

#include <cctype>
#include <chrono>
#include <memory>
#include <vector>

namespace tebiki::text {

namespace {

// Formatters are costly to make; each thread keeps its own (they are not
// thread-safe to share).
std::unique_ptr<icu::SimpleDateFormat> make_formatter(const char* locale, const char16_t* pattern) {
    UErrorCode status = U_ZERO_ERROR;
    auto formatter = std::make_unique<icu::SimpleDateFormat>(icu::UnicodeString(pattern),
                                                              icu::Locale(locale), status);
    if (U_FAILURE(status)) return nullptr;
    formatter->setTimeZone(*icu::TimeZone::getGMT());
    return formatter;
}

// Noon UTC of the given day, so no time zone can move it to another day.
// Like the formatters, the calendar is costly to make and kept per thread
// (a register of a thousand documents formats several thousand dates).
UDate noon_utc(int year, int month, int day) {
    UErrorCode status = U_ZERO_ERROR;
    thread_local icu::GregorianCalendar calendar(*icu::TimeZone::getGMT(), status);
    calendar.clear();
    calendar.set(year, month - 1, day, 12, 0, 0);
    status = U_ZERO_ERROR;
    return calendar.getTime(status);
}

std::string format_with(icu::SimpleDateFormat* formatter, int year, int month, int day) {
    if (formatter == nullptr) return {};
    icu::UnicodeString text;
    formatter->format(noon_utc(year, month, day), text);
    std::string out;
    text.toUTF8String(out);
    return out;
}

bool is_real_day(int year, int month, int day) {
    return std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                       std::chrono::day{static_cast<unsigned>(day)}}
        .ok();
}

// "2026/4/1", "2026.4.1", "2026-4-1", "2026年4月1日": three numbers, the
// year of four digits, with one of the usual separators.
std::optional<WrittenDate> read_western(const std::string& text) {
    static const std::vector<std::vector<std::string>> separators = {
        {"/", "/", ""}, {".", ".", ""}, {"-", "-", ""}, {"年", "月", "日"}, {"年", "月", ""}};
    std::vector<int> numbers;
    std::vector<std::string> between;
    std::size_t i = 0;
    while (i < text.size() && numbers.size() < 4) {
        std::size_t digits = i;
        while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
        if (digits == i || digits - i > 4) return std::nullopt;
        if (numbers.empty() && digits - i != 4) return std::nullopt;
        numbers.push_back(std::stoi(text.substr(i, digits - i)));
        std::size_t next = digits;
        while (next < text.size() && !std::isdigit(static_cast<unsigned char>(text[next]))) ++next;
        between.push_back(text.substr(digits, next - digits));
        i = next;
    }
    if (numbers.size() != 3) return std::nullopt;
    for (const auto& allowed : separators) {
        if (between != allowed) continue;
        const int y = numbers[0], m = numbers[1], d = numbers[2];
        if (!is_real_day(y, m, d)) return WrittenDate{0, 0, 0, false};
        return WrittenDate{y, m, d, true};
    }
    return std::nullopt;
}

// 和暦 through ICU's Japanese calendar: strict first; a text that reads
// only leniently names a day that does not exist (令和8年2月30日).
std::optional<WrittenDate> read_wareki(std::string text) {
    if (const auto gannen = text.find("元年"); gannen != std::string::npos) text.replace(gannen, 6, "1年");
    thread_local auto strict = make_formatter("ja_JP@calendar=japanese", u"Gy年M月d日");
    if (strict == nullptr) return std::nullopt;
    const icu::UnicodeString input = icu::UnicodeString::fromUTF8(text);
    for (const bool lenient : {false, true}) {
        strict->setLenient(lenient);
        icu::ParsePosition position(0);
        const UDate when = strict->parse(input, position);
        if (position.getIndex() != input.length() || position.getErrorIndex() >= 0) continue;
        if (lenient) return WrittenDate{0, 0, 0, false};
        UErrorCode status = U_ZERO_ERROR;
        icu::GregorianCalendar calendar(*icu::TimeZone::getGMT(), status);
        calendar.setTime(when, status);
        const int y = calendar.get(UCAL_EXTENDED_YEAR, status), m = calendar.get(UCAL_MONTH, status) + 1,
                  d = calendar.get(UCAL_DATE, status);
        if (U_FAILURE(status)) return std::nullopt;
        return WrittenDate{y, m, d, true};
    }
    return std::nullopt;
}

}  // namespace

std::optional<WrittenDate> read_written_date(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) return std::nullopt;
    icu::UnicodeString normalised = nfkc->normalize(icu::UnicodeString::fromUTF8(text), status);
    if (U_FAILURE(status)) return std::nullopt;
    normalised.trim();
    std::string utf8;
    normalised.toUTF8String(utf8);
    if (auto western = read_western(utf8)) return western;
    return read_wareki(utf8);
}

std::string format_date_japanese(int year, int month, int day) {
    thread_local auto formatter = make_formatter("ja_JP", u"y年M月d日");
    return format_with(formatter.get(), year, month, day);
}

std::string format_date_wareki(int year, int month, int day) {
    // The "japanese" calendar of ICU numbers years by era; the locale's
    // Gannen rule writes the first year as 元年.
    thread_local auto formatter = make_formatter("ja_JP@calendar=japanese", u"Gy年M月d日");
    return format_with(formatter.get(), year, month, day);
}

}  // namespace tebiki::text
