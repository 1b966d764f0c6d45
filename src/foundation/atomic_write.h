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

}  // namespace tebiki
