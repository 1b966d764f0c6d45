// libFuzzer entry of the pdf_layout target: see fuzz_targets.h.

#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    tebiki::fuzz::lay_out_pdf({reinterpret_cast<const char*>(data), size});
    return 0;
}
