#pragma once
// Breaking the flow into pages: items are placed whole; a break never falls
// after an item that must stay with the next (a heading, the first or
// second-last line of a paragraph, a table's header row), unless the kept
// group fills a page by itself; a table row that starts a page brings its
// header row with it.

#include <cstddef>
#include <vector>

#include "pdf/flow.h"

namespace tebiki::pdf {

struct Placement {
    std::size_t item = 0;  // index into the flow
    double y = 0;          // the item's top, down from the text area's top
};

struct PageFlow {
    std::vector<Placement> placements;
};

std::vector<PageFlow> paginate(const std::vector<FlowItem>& items, double page_height);

}  // namespace tebiki::pdf
