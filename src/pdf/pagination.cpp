#include "pdf/pagination.h"

namespace tebiki::pdf {

std::vector<PageFlow> paginate(const std::vector<FlowItem>& items, double page_height) {
    std::vector<PageFlow> pages(1);
    double y = 0;
    std::size_t page_first = 0;  // flow index of the first item on the current page

    const auto new_page = [&](std::size_t next) {
        pages.emplace_back();
        y = 0;
        page_first = next;
        const int header = items[next].repeat_header;
        // The header comes along unless it is the item itself or the pair could not share a page.
        if (header >= 0 && static_cast<std::size_t>(header) + 1 != next &&
            items[static_cast<std::size_t>(header)].height + items[next].height <= page_height) {
            pages.back().placements.push_back({static_cast<std::size_t>(header), 0});
            y = items[static_cast<std::size_t>(header)].height;
        }
    };

    for (std::size_t i = 0; i < items.size();) {
        const FlowItem& item = items[i];
        const bool page_empty = pages.back().placements.empty();
        if (item.page_break_before && !page_empty) {
            new_page(i);
            continue;
        }
        const double space = page_empty ? 0 : item.space_before;
        if (!page_empty && y + space + item.height > page_height + 0.01) {
            // Move back to the start of the group that must stay together,
            // unless that group began this page (it cannot fit anywhere).
            std::size_t start = i;
            while (start > page_first && items[start - 1].keep_with_next) --start;
            if (start > page_first) {
                auto& placed = pages.back().placements;
                while (!placed.empty() && placed.back().item >= start) placed.pop_back();
                i = start;
            }
            new_page(i);
            continue;
        }
        y += space;
        pages.back().placements.push_back({i, y});
        y += item.height;
        ++i;
    }
    return pages;
}

}  // namespace tebiki::pdf
