#pragma once
// Heading ids (anchors) that work for Japanese headings.

#include <string>
#include <string_view>

namespace tebiki::text {

// The anchor id of a heading, in the manner of GitHub and Hugo: NFKC,
// lower case, letters/digits/marks/'_'/'-' kept, white space turned into '-',
// punctuation and symbols dropped. "３. 復元手順（概要）" gives "3-復元手順概要".
// Never empty: a heading of only symbols gives "section".
std::string heading_slug(std::string_view heading_text);

}  // namespace tebiki::text
