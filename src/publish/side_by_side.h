#pragma once
// Work on several sites at once: each site's steps are largely serial (the
// search index, the manifest, the zip), so sites side by side use the cores
// a single site leaves idle.

#include <future>
#include <vector>

namespace tebiki::publish {

// Calls work(item) for every item, each on its own thread, and returns when
// all are done, rethrowing the first failure.
template <typename Items, typename Work>
void run_side_by_side(Items& items, const Work& work) {
    std::vector<std::future<void>> pending;
    for (auto& item : items) pending.push_back(std::async(std::launch::async, [&work, &item] { work(item); }));
    for (auto& running : pending) running.wait();
    for (auto& done : pending) done.get();
}

}  // namespace tebiki::publish
