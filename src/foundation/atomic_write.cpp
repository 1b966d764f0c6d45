#include "foundation/atomic_write.h"

#include <fstream>
#include <stdexcept>
#include <system_error>

namespace tebiki {

namespace fs = std::filesystem;

void write_output_file(const fs::path& path, std::string_view bytes) {
    fs::create_directories(path.parent_path());
    // One writer per output path at a time (renderers split their work by
    // file), so a fixed suffix cannot collide.
    const fs::path temporary = path.string() + ".partial";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) throw std::runtime_error("cannot write '" + path.string() + "'");
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw std::runtime_error("cannot write '" + path.string() + "': " + ec.message());
    }
}

bool link_output_file(const fs::path& existing, const fs::path& path) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    const fs::path temporary = path.string() + ".partial";
    fs::remove(temporary, ec);
    fs::create_hard_link(existing, temporary, ec);
    if (ec) return false;
    fs::rename(temporary, path, ec);
    if (ec) fs::remove(temporary, ec);
    return !ec;
}

}  // namespace tebiki
