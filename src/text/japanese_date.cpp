#include "text/japanese_date.h"

#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <memory>

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

}  // namespace

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
