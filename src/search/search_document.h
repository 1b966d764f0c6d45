#pragma once
// A document as search sees it: its control fields and its text cut into
// sections at every heading, as plain text.

#include <string>
#include <vector>

#include "document/catalog.h"

namespace tebiki::search {

struct SearchSection {
    std::string heading;  // empty for the text before the first heading
    std::string anchor;   // the heading's id; empty for the top of the page
    std::string text;     // plain text, one space between blocks
};

struct SearchDocument {
    std::string id;
    std::string title;
    Status status = Status::Draft;
    std::string href;  // relative to the site root: docs/OPS-003.html
    std::vector<std::string> tags;
    std::vector<SearchSection> sections;
    // The readings of its kanji words (search/word_readings.h), so that a
    // query in hiragana finds them; empty when not made.
    std::string readings;
};

SearchDocument make_search_document(const Document& doc);

}  // namespace tebiki::search
