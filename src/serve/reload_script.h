#pragma once
// The few lines that make a preview page reload itself after a rebuild:
// every HTML page the preview serves listens to the server's event stream.

#include <string>
#include <string_view>

namespace tebiki::serve {

// Where the preview server sends its `reload` events (text/event-stream).
inline constexpr std::string_view kEventsPath = "/__tebiki/events";

// Inline rather than a file of its own: the served tree stays exactly what
// `tebiki build` wrote, and the script cannot clash with a theme's files.
inline constexpr std::string_view kReloadScript =
    "<script>new EventSource('/__tebiki/events').addEventListener('reload',"
    "function(){location.reload()})</script>";

// The page with kReloadScript just before its last `</body>` (any case), or
// at its end when it has none.
std::string with_reload_script(std::string_view html);

}  // namespace tebiki::serve
