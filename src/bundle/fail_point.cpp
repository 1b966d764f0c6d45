#include "bundle/fail_point.h"

#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

namespace tebiki::bundle {

void fail_point(std::string_view point) {
    // A point not in the list is a programming error the tests would miss.
    if (std::find(kFailPoints.begin(), kFailPoints.end(), point) == kFailPoints.end())
        throw std::logic_error("fail point '" + std::string(point) + "' is not in kFailPoints");
    if (const char* at = std::getenv("TEBIKI_FAIL_AT"); at != nullptr && point == at) {
        std::cerr << "tebiki: TEBIKI_FAIL_AT=" << point << ": stopping here\n";
        std::_Exit(75);
    }
    if (const char* at = std::getenv("TEBIKI_PAUSE_AT"); at != nullptr && point == at) ::raise(SIGSTOP);
}

}  // namespace tebiki::bundle
