#pragma once
// The headless script language (`kiosk --headless --script FILE`): one step
// per line, '#' starts a comment.
//
//   tap "Kitas & Schulen"      tap the visible element with this label (or a label containing it)
//   tap #theme:patenschaften   tap the element with this id
//   tap 400,300                tap a point
//   hold #nav:title 3500       press and hold still for MS milliseconds, then release
//                              (the target as for tap: X,Y, "Label" or #id; duration like wait)
//   drag 400,400 400,100 [MS]  press, move over MS milliseconds (default 300), release
//   type "kita"                tap the on-screen keyboard's keys one by one
//   wait MS                    let MS milliseconds pass, drawing frames (animations)
//   advance 90s | 5m | MS      let time pass without touching (idle timers fire)
//   set-time 2026-08-19T10:00  set the wall clock (opening hours, events)
//   screenshot FILE.png        save what is on screen
//   expect-text "..."          some text on screen contains this
//   expect-no-text "..."       no text on screen contains this
//   expect-screen NAME         home|theme|detail|events|search|filters|pin|staff|attract|night
//   key NAME [alt] [ctrl] ...  a key press (kiosk mode must ignore system shortcuts)
//   wait-install [MAX]         wait (real time, at most MAX, default 30s) until the installer has looked
//                              at every USB stick and finished its installs, then draw what it reported
//   hang MS                    block the UI thread for MS of real time, drawing nothing (watchdog test)
//
// parseScript reports the first malformed line with its number. Pure.

#include "kiosk/content/report.h"

#include <string>
#include <vector>

namespace kiosk::core {

struct ScriptStep {
    enum class Kind { Tap, Hold, Drag, Type, Wait, Advance, SetTime, Screenshot, ExpectText, ExpectNoText, ExpectScreen, Key, WaitInstall, Hang };
    Kind kind = Kind::Wait;
    std::string text;   // label/#id (Tap, Hold), text (Type, Expect*), path (Screenshot), name (ExpectScreen, Key), time (SetTime)
    bool point = false; // Tap/Hold at coordinates
    float x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    long long ms = 0;   // Hold and Drag duration, Wait, Advance
    std::vector<std::string> modifiers; // Key
    int line = 0;
    std::string source; // the line as written, for error messages
};

content::Result<std::vector<ScriptStep>> parseScript(const std::string& text, const std::string& fileName);

} // namespace kiosk::core
