#pragma once
// Independent pieces of work spread over the machine's cores: documents to
// parse, to prepare for search. Each index is handed out once; the first
// failure stops the handing out and is rethrown once every worker is done.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace tebiki {

// Calls work(i) for every i in [0, count), on up to one thread per core (8 at most).
template <typename Work>
void parallel_for(std::size_t count, const Work& work) {
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    const auto worker = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            try {
                work(i);
            } catch (...) {
                const std::lock_guard<std::mutex> lock(failure_mutex);
                if (!failure) failure = std::current_exception();
                next = count;
            }
        }
    };
    const std::size_t workers = std::min<std::size_t>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u), count);
    std::vector<std::thread> helpers;
    for (std::size_t w = 1; w < workers; ++w) helpers.emplace_back(worker);
    worker();
    for (auto& helper : helpers) helper.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace tebiki
