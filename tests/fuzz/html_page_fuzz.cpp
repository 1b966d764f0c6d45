// libFuzzer entry of the html_page target: see fuzz_targets.h.

#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    tebiki::fuzz::render_page({reinterpret_cast<const char*>(data), size});
    return 0;
}
