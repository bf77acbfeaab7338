#pragma once
// UI strings: keys looked up in kiosk/lang/<code>.json (compiled into the
// binary, so a kiosk never shows a key because a file went missing).
// Content strings do not come from here: they come from the pack.
//
// Lookup falls back from the asked language to English, then German, then the
// key itself. `{name}` placeholders are replaced by format().
//
// Thread safety: immutable after construction.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk::core {

class I18n {
public:
    // The languages compiled in from kiosk/lang/*.json.
    static const I18n& builtIn();
    // From (code, json text) pairs; malformed files are skipped (and listed in problems()).
    static I18n fromJson(const std::vector<std::pair<std::string, std::string>>& files);

    const std::string& tr(std::string_view key, std::string_view lang) const;
    std::string format(std::string_view key, std::string_view lang,
                       const std::vector<std::pair<std::string, std::string>>& values) const;
    bool hasLanguage(std::string_view lang) const;
    // The keys a language file defines itself (no fallback), for completeness checks.
    std::vector<std::string> keys(std::string_view lang) const;
    bool hasKey(std::string_view key, std::string_view lang) const;
    std::vector<std::string> languages() const;
    // The language's own name ("Deutsch", "Türkçe", "Українська").
    const std::string& nativeName(std::string_view lang) const;
    // Right-to-left languages (ar, fa, he, ur): the kiosk cannot shape them and
    // shows German/English UI text instead; content falls back per field.
    static bool isRightToLeft(std::string_view lang);
    const std::vector<std::string>& problems() const { return m_problems; }

private:
    std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> m_strings;
    std::vector<std::string> m_problems;
};

} // namespace kiosk::core
