#pragma once
// The shortest edit between two sequences (longest common subsequence), as
// runs of equal, deleted and inserted items. Used for paragraphs of a
// document and for the characters of a changed paragraph.

#include <cstddef>
#include <string>
#include <vector>

namespace tebiki::changes {

enum class EditKind { Equal, Delete, Insert };

struct Edit {
    EditKind kind;
    std::size_t old_index;  // first item in the old sequence (Equal, Delete)
    std::size_t new_index;  // first item in the new sequence (Equal, Insert)
    std::size_t length;
};

std::vector<Edit> diff_sequences(const std::vector<std::string>& old_items, const std::vector<std::string>& new_items);

}  // namespace tebiki::changes
