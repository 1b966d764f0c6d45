#pragma once
// A document's index keys (CJK bigrams or words), each once, in one buffer.
// A document has about a thousand keys; as separate strings they were a
// thousand allocations per document on every load from the build cache,
// and the largest part of an incremental build's search preparation.

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace tebiki::search {

class KeyList {
public:
    class Iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = std::u16string_view;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = std::u16string_view;

        Iterator() = default;
        Iterator(const KeyList* list, std::size_t index) : list_(list), index_(index) {}
        std::u16string_view operator*() const { return (*list_)[index_]; }
        Iterator& operator++() {
            ++index_;
            return *this;
        }
        Iterator operator++(int) {
            Iterator before = *this;
            ++index_;
            return before;
        }
        bool operator==(const Iterator& other) const { return index_ == other.index_; }

    private:
        const KeyList* list_ = nullptr;
        std::size_t index_ = 0;
    };

    void push_back(std::u16string_view key) {
        chars_.append(key);
        ends_.push_back(static_cast<std::uint32_t>(chars_.size()));
    }
    std::size_t size() const { return ends_.size(); }
    bool empty() const { return ends_.empty(); }
    std::u16string_view operator[](std::size_t i) const {
        const std::uint32_t start = i == 0 ? 0 : ends_[i - 1];
        return std::u16string_view(chars_).substr(start, ends_[i] - start);
    }
    Iterator begin() const { return Iterator(this, 0); }
    Iterator end() const { return Iterator(this, size()); }
    bool operator==(const KeyList&) const = default;

    // The keys' code units one after another, and where each key ends: the
    // layout the build cache keeps (search/prepared_store.cpp).
    const std::u16string& chars() const { return chars_; }
    const std::vector<std::uint32_t>& ends() const { return ends_; }
    // From that layout; false (and nothing changed) unless the ends ascend
    // and the last is the end of `chars`.
    bool assign(std::u16string chars, std::vector<std::uint32_t> ends) {
        std::uint32_t previous = 0;
        for (const std::uint32_t end : ends) {
            if (end < previous) return false;
            previous = end;
        }
        if (previous != chars.size()) return false;
        chars_ = std::move(chars);
        ends_ = std::move(ends);
        return true;
    }

private:
    std::u16string chars_;
    std::vector<std::uint32_t> ends_;
};

}  // namespace tebiki::search
