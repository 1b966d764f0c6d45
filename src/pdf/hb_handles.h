#pragma once
// HarfBuzz handles, each owned once. Nothing outside src/pdf/ sees them.

#include <hb-subset.h>
#include <hb.h>

#include <memory>

namespace tebiki::pdf {

namespace detail {
template <auto Destroy>
struct HbDeleter {
    template <typename T>
    void operator()(T* handle) const {
        Destroy(handle);
    }
};
}  // namespace detail

using HbBlob = std::unique_ptr<hb_blob_t, detail::HbDeleter<hb_blob_destroy>>;
using HbFace = std::unique_ptr<hb_face_t, detail::HbDeleter<hb_face_destroy>>;
using HbFont = std::unique_ptr<hb_font_t, detail::HbDeleter<hb_font_destroy>>;
using HbBuffer = std::unique_ptr<hb_buffer_t, detail::HbDeleter<hb_buffer_destroy>>;
using HbSet = std::unique_ptr<hb_set_t, detail::HbDeleter<hb_set_destroy>>;
using HbSubsetInput = std::unique_ptr<hb_subset_input_t, detail::HbDeleter<hb_subset_input_destroy>>;
using HbSubsetPlan = std::unique_ptr<hb_subset_plan_t, detail::HbDeleter<hb_subset_plan_destroy>>;

}  // namespace tebiki::pdf
