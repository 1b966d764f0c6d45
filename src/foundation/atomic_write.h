#pragma once
// How renderers write an output file: whole, under a temporary name that is
// then renamed over the target. A reader of the target (the preview server
// while `tebiki serve` updates its sites in place) sees the old bytes or
// the new ones, never half of a page.

#include <filesystem>
#include <string_view>

namespace tebiki {

// Creates the parent directories as needed. Throws std::runtime_error naming
// the path when the file cannot be written.
void write_output_file(const std::filesystem::path& path, std::string_view bytes);

// Puts at `path` another name (a hard link) of the output file `existing`,
// the same way: under a temporary name, renamed over the target. Outputs
// are only ever replaced by renaming, never written in place, so the names
// stay the same bytes. False when the file system cannot link them (another
// device, no links, too many): the caller writes a copy.
bool link_output_file(const std::filesystem::path& existing, const std::filesystem::path& path);

}  // namespace tebiki
