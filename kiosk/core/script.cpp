#include "script.h"

#include <cctype>
#include <charconv>
#include <sstream>

namespace kiosk::core {

namespace {

content::Error lineError(const std::string& file, int line, const std::string& message) {
    content::Error e;
    e.file = file;
    e.row = line;
    e.message = message;
    return e;
}

std::string trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

// "text" with \" and \\ escapes; the whole rest must be one quoted string.
bool quoted(const std::string& rest, std::string& out) {
    if (rest.size() < 2 || rest.front() != '"' || rest.back() != '"') return false;
    out.clear();
    for (std::size_t i = 1; i + 1 < rest.size(); ++i) {
        if (rest[i] == '\\' && i + 2 < rest.size()) {
            out += rest[++i];
            continue;
        }
        if (rest[i] == '"') return false;
        out += rest[i];
    }
    return true;
}

bool point(const std::string& s, float& x, float& y) {
    const auto comma = s.find(',');
    if (comma == std::string::npos) return false;
    try {
        std::size_t a = 0, b = 0;
        x = std::stof(s.substr(0, comma), &a);
        y = std::stof(s.substr(comma + 1), &b);
        return a == comma && b == s.size() - comma - 1;
    } catch (...) {
        return false;
    }
}

bool number(const std::string& s, long long& v) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && p == s.data() + s.size() && v >= 0;
}

bool duration(std::string s, long long& ms) {
    long long factor = 1;
    if (s.size() > 2 && s.substr(s.size() - 2) == "ms") s.resize(s.size() - 2);
    else if (!s.empty() && s.back() == 's') factor = 1000, s.pop_back();
    else if (!s.empty() && s.back() == 'm') factor = 60000, s.pop_back();
    else if (!s.empty() && s.back() == 'h') factor = 3600000, s.pop_back();
    if (!number(s, ms)) return false;
    ms *= factor;
    return true;
}

} // namespace

content::Result<std::vector<ScriptStep>> parseScript(const std::string& text, const std::string& fileName) {
    std::vector<ScriptStep> steps;
    std::istringstream in(text);
    std::string raw;
    int lineNo = 0;
    while (std::getline(in, raw)) {
        ++lineNo;
        const std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        const auto space = line.find(' ');
        const std::string cmd = line.substr(0, space);
        const std::string rest = space == std::string::npos ? "" : trim(line.substr(space + 1));
        ScriptStep st;
        st.line = lineNo;
        st.source = line;
        auto bad = [&](const std::string& why) { return lineError(fileName, lineNo, "'" + line + "': " + why); };
        if (cmd == "tap") {
            st.kind = ScriptStep::Kind::Tap;
            if (point(rest, st.x1, st.y1)) st.point = true;
            else if (!rest.empty() && rest[0] == '#') st.text = rest;
            else if (!quoted(rest, st.text)) return bad("expected tap \"Label\", tap #id or tap X,Y");
        } else if (cmd == "hold") {
            // The duration is the last word; everything before it names the target like tap does.
            st.kind = ScriptStep::Kind::Hold;
            const auto last = rest.find_last_of(' ');
            const std::string target = last == std::string::npos ? "" : trim(rest.substr(0, last));
            const std::string ms = last == std::string::npos ? "" : rest.substr(last + 1);
            bool ok = !target.empty() && duration(ms, st.ms);
            if (ok && point(target, st.x1, st.y1)) st.point = true;
            else if (ok && target[0] == '#') st.text = target;
            else if (ok) ok = quoted(target, st.text);
            if (!ok) return bad("expected hold \"Label\" MS, hold #id MS or hold X,Y MS");
        } else if (cmd == "drag") {
            st.kind = ScriptStep::Kind::Drag;
            std::istringstream args(rest);
            std::string a, b, c;
            args >> a >> b >> c;
            st.ms = 300;
            if (!point(a, st.x1, st.y1) || !point(b, st.x2, st.y2) || (!c.empty() && !duration(c, st.ms)))
                return bad("expected drag X1,Y1 X2,Y2 [MS]");
        } else if (cmd == "type") {
            st.kind = ScriptStep::Kind::Type;
            if (!quoted(rest, st.text)) return bad("expected type \"text\"");
        } else if (cmd == "wait" || cmd == "advance") {
            st.kind = cmd == "wait" ? ScriptStep::Kind::Wait : ScriptStep::Kind::Advance;
            if (!duration(rest, st.ms)) return bad("expected a duration like 500, 90s or 5m");
        } else if (cmd == "set-time") {
            st.kind = ScriptStep::Kind::SetTime;
            st.text = rest;
            if (rest.empty()) return bad("expected a date and time like 2026-08-19T10:00");
        } else if (cmd == "screenshot") {
            st.kind = ScriptStep::Kind::Screenshot;
            st.text = rest;
            if (rest.empty()) return bad("expected a file name");
        } else if (cmd == "expect-text" || cmd == "expect-no-text") {
            st.kind = cmd == "expect-text" ? ScriptStep::Kind::ExpectText : ScriptStep::Kind::ExpectNoText;
            if (!quoted(rest, st.text)) return bad("expected " + cmd + " \"text\"");
        } else if (cmd == "expect-screen") {
            st.kind = ScriptStep::Kind::ExpectScreen;
            st.text = rest;
            static const char* kNames[] = {"home", "theme", "detail", "events", "search", "filters",
                                           "pin",  "staff", "attract", "night"};
            bool ok = false;
            for (const char* n : kNames) ok = ok || rest == n;
            if (!ok) return bad("unknown screen (home, theme, detail, events, search, filters, pin, staff, attract, night)");
        } else if (cmd == "wait-install") {
            st.kind = ScriptStep::Kind::WaitInstall;
            st.ms = 30000;
            if (!rest.empty() && !duration(rest, st.ms)) return bad("expected wait-install [MAX], e.g. wait-install 20s");
        } else if (cmd == "hang") {
            st.kind = ScriptStep::Kind::Hang;
            if (!duration(rest, st.ms)) return bad("expected hang MS, e.g. hang 3s");
        } else if (cmd == "key") {
            st.kind = ScriptStep::Kind::Key;
            std::istringstream args(rest);
            args >> st.text;
            for (std::string m; args >> m;) st.modifiers.push_back(m);
            if (st.text.empty()) return bad("expected key NAME [alt] [ctrl] [shift] [gui]");
        } else {
            return bad("unknown step '" + cmd + "'");
        }
        steps.push_back(std::move(st));
    }
    return steps;
}

} // namespace kiosk::core
