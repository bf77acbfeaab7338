#pragma once
// The on-screen keyboard for the search: German layout (QWERTZ with ä ö ü ß),
// lowercase only (the search ignores case, and lowercase reads better on a
// key), a "123" page for digits, space, "-" and backspace.
//
//   const Rect kb = keyboardRect(ctx);   // lay the rest of the screen out above kb.y0
//   ...
//   onScreenKeyboard(ctx, kb);           // emits act::TypeText / act::Backspace
//
// Keys are as tall as a touch target where the screen allows it and never
// under 9 mm; in landscape the keyboard takes at most ~45% of the height and
// is centred with a maximum width, in portrait it spans the width. Every key
// is a tap target "key:<char>" labelled with its character ("key:a", "key:ä",
// "key:ß", "key:0".."key:9", "key:-"), plus "key:space", "key:backspace" and
// the page switch "key:123" / "key:abc", so a script's `type "kita"` reaches
// it. Keys fire once when released (no key repeat) and show a pressed state
// with a preview bubble above the finger.
//
// The letters/digits page is the only state the keyboard keeps itself; it
// falls back to letters after any navigation (a new visitor never finds the
// digit page left open).
//
// Thread safety: UI thread only.

#include "ui/context.h"

namespace kiosk::ui {

// The keyboard's tray at the bottom of the window, full width; the keys sit
// inside it (centred). Depends only on ctx.m.
Rect keyboardRect(const Context& ctx);

// Draws the tray and the keys into `r` (from keyboardRect) and emits the
// actions of the key tapped this frame.
void onScreenKeyboard(Context& ctx, const Rect& r);

} // namespace kiosk::ui
