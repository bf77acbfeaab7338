#pragma once
// One entry: photo, description, organisation, contact, address, opening hours (today marked, open now), phone, e-mail, website, QR code to take it home.
#include "ui/context.h"

namespace kiosk::ui {
void drawDetailScreen(Context& ctx);
} // namespace kiosk::ui
