#pragma once
// A long press: a finger held still on a rectangle for a while (the hidden
// staff gesture on the site name). A tap, a drag or a touch that only woke the
// kiosk never counts. While the finger is held the widget asks for frames, so
// the app wakes up when the time has passed; after a second a thin ring fills
// up around the finger, so staff see that holding works and visitors who rest
// a finger there by chance see nothing alarming.
// Thread safety: UI thread only.

#include "ui/context.h"

#include <cstdint>
#include <string>

namespace kiosk::ui {

// Registers the rect under `id` (for scripts: `hold #id MS`) and returns true
// once per press, in the frame the press has been held for `holdMs`. That
// press then does nothing else (it is swallowed), so lifting the finger on
// the next screen taps nothing.
bool longPress(Context& ctx, const std::string& id, const Rect& r, std::int64_t holdMs);

} // namespace kiosk::ui
