// Pagination: kept groups move whole, table headers repeat.

#include <catch2/catch.hpp>

#include "pdf/pagination.h"

using namespace tebiki::pdf;

namespace {
FlowItem item(double height, bool keep = false, int header = -1) {
    FlowItem i;
    i.height = height;
    i.keep_with_next = keep;
    i.repeat_header = header;
    return i;
}
}  // namespace

TEST_CASE("a heading is never the last thing on a page", "[pdf][pagination]") {
    std::vector<FlowItem> items{item(40), item(40), item(10, true), item(30)};
    const auto pages = paginate(items, 100);
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].placements.size() == 2);
    CHECK(pages[1].placements.front().item == 2);
}

TEST_CASE("a table row that starts a page brings the header row", "[pdf][pagination]") {
    std::vector<FlowItem> items{item(10, true), item(30, false, 0), item(30, false, 0), item(30, false, 0), item(30, false, 0)};
    const auto pages = paginate(items, 100);
    REQUIRE(pages.size() == 2);
    CHECK(pages[1].placements.front().item == 0);
    CHECK(pages[1].placements[1].item == 4);
}

TEST_CASE("an item taller than a page gets a page of its own", "[pdf][pagination]") {
    std::vector<FlowItem> items{item(10), item(500), item(10)};
    const auto pages = paginate(items, 100);
    CHECK(pages.size() == 3);
}
