#pragma once
// The one exception type of the live preview: the environment refused
// something the preview needs (a port, inotify). Its message says what the
// writer can do about it; the CLI prints it and exits with status 3.

#include <stdexcept>

namespace tebiki::serve {

class ServeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace tebiki::serve
