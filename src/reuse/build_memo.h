#pragma once
// Values kept by key from one build to the next (`tebiki serve` builds after
// every save): a build finds what it needs and inserts what it had to make,
// and sweep() then forgets whatever that build did not ask for, so the memo
// holds one build's worth. Not thread-safe: callers share one lock around
// find() and insert() and make the values outside it. References stay valid
// until the entry is swept.

#include <string>
#include <unordered_map>
#include <utility>

namespace tebiki::reuse {

template <typename Value>
class BuildMemo {
public:
    // The value under `key`, or null; found values count as asked for.
    const Value* find(const std::string& key) {
        const auto it = entries_.find(key);
        if (it == entries_.end()) return nullptr;
        it->second.used = true;
        return &it->second.value;
    }

    // Keeps `value` under `key` unless a value is there already; returns the kept one.
    const Value& insert(const std::string& key, Value value) {
        auto& entry = entries_.try_emplace(key, Entry{std::move(value), true}).first->second;
        entry.used = true;
        return entry.value;
    }

    // Forgets the values not asked for since the last sweep.
    void sweep() {
        std::erase_if(entries_, [](const auto& entry) { return !entry.second.used; });
        for (auto& [key, entry] : entries_) entry.used = false;
    }

private:
    struct Entry {
        Value value;
        bool used = true;
    };
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace tebiki::reuse
