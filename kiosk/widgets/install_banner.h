#pragma once
// The USB/install banner: a card at the bottom of the screen that says what the
// installer is doing ("USB-Stick erkannt", the pack's title, version and entry
// count, a progress bar, then the result in plain words). It does not cover the
// navigation bar and leaves the rest of the screen usable, so a visitor mid-
// journey is not interrupted; a tap on a finished banner closes it, otherwise it
// goes away by itself (InstallStatus::hideAtMs).
// Thread safety: UI thread only.

#include "ui/context.h"

namespace kiosk::ui {

// Where the banner is this frame (empty Rect when hidden): the app blocks taps
// that start inside it from reaching the screen below.
Rect installBannerRect(const Context& ctx);

// Draws the banner (call after the screen, so it is on top). Returns true when
// the visitor/staff tapped a finished banner away.
bool drawInstallBanner(Context& ctx);

} // namespace kiosk::ui
