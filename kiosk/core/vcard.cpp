#include "vcard.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace kiosk::core {

namespace {

bool isContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string trim(std::string_view s) {
    auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return std::string(s);
}

// Values that are not "text" in RFC 2426 (uri, phone-number) are not escaped,
// but a line break or control character would still break the card.
std::string stripControls(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        const auto uc = static_cast<unsigned char>(c);
        if (uc == '\t') out += ' ';
        else if (uc >= 0x20 && uc != 0x7F) out += c;
    }
    return trim(out);
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Websites in the sheets are often typed without a scheme ("www.kita.de");
// phones only open a QR code as a link when it has one.
std::string normaliseUrl(std::string_view url) {
    std::string u = stripControls(url);
    if (u.empty()) return u;
    const std::string l = lower(u);
    if (l.rfind("http://", 0) == 0 || l.rfind("https://", 0) == 0) return u;
    return "https://" + u;
}

struct PersonName {
    std::string family, given, prefix;
};

// "Jasmin Steiner" -> Steiner / Jasmin; "Steiner, Jasmin" -> the same; a
// remark in brackets is dropped;
// "Frau Dr. Jasmin Steiner" -> prefix "Frau Dr.". Several people ("Anna Meier
// und Ben Schulz") cannot be split: then only FN carries the names.
std::optional<PersonName> splitName(const std::string& fullName) {
    // "Ilka Genser (Seniorenbüro Mitte)": the remark in brackets is not part of the name.
    std::string name = fullName;
    for (std::size_t open = name.find('('); open != std::string::npos; open = name.find('(')) {
        const std::size_t close = name.find(')', open);
        name.erase(open, close == std::string::npos ? std::string::npos : close - open + 1);
    }
    name = trim(name);
    if (name.empty()) return std::nullopt;
    const std::string l = " " + lower(name) + " ";
    for (const char* many : {" und ", " & ", "/", " and ", ";"})
        if (l.find(many) != std::string::npos) return std::nullopt;
    PersonName p;
    if (auto comma = name.find(','); comma != std::string::npos) {
        if (name.find(',', comma + 1) != std::string::npos) return std::nullopt;
        p.family = trim(std::string_view(name).substr(0, comma));
        p.given = trim(std::string_view(name).substr(comma + 1));
        return p;
    }
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < name.size()) {
        while (i < name.size() && name[i] == ' ') ++i;
        const std::size_t start = i;
        while (i < name.size() && name[i] != ' ') ++i;
        if (i > start) words.push_back(name.substr(start, i - start));
    }
    static const std::array<std::string_view, 8> prefixes = {"frau", "herr", "dr.", "prof.", "mrs.", "mr.", "ms.", "dipl."};
    std::size_t first = 0;
    while (first + 1 < words.size() &&
           std::find(prefixes.begin(), prefixes.end(), lower(words[first])) != prefixes.end()) {
        if (!p.prefix.empty()) p.prefix += ' ';
        p.prefix += words[first++];
    }
    if (first >= words.size()) return std::nullopt;
    p.family = words.back();
    for (std::size_t w = first; w + 1 < words.size(); ++w) {
        if (!p.given.empty()) p.given += ' ';
        p.given += words[w];
    }
    return p;
}

class CardWriter {
public:
    void line(std::string_view nameAndParams, std::string_view value) {
        if (value.empty()) return;
        std::string l(nameAndParams);
        l += ':';
        l += value;
        m_out += foldVCardLine(l);
    }
    void text(std::string_view nameAndParams, std::string_view value) {
        const std::string v = trim(value);
        if (!v.empty()) line(nameAndParams, escapeVCardText(v));
    }
    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

} // namespace

std::string escapeVCardText(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
        case '\\': out += "\\\\"; break;
        case ';': out += "\\;"; break;
        case ',': out += "\\,"; break;
        case '\r':
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "\\n";
            break;
        case '\n': out += "\\n"; break;
        case '\t': out += ' '; break;
        default:
            if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;
        }
    }
    return out;
}

std::string foldVCardLine(std::string_view line) {
    constexpr std::size_t kMax = 75; // octets per physical line, CRLF not counted
    std::string out;
    out.reserve(line.size() + line.size() / 70 * 3 + 2);
    std::size_t pos = 0;
    bool first = true;
    while (pos < line.size()) {
        // A continuation line starts with a space, which counts towards its 75 octets.
        const std::size_t room = first ? kMax : kMax - 1;
        std::size_t end = std::min(line.size(), pos + room);
        // Never cut inside a UTF-8 character: back off to its lead byte.
        while (end < line.size() && end > pos && isContinuationByte(line[end])) --end;
        if (end == pos) end = std::min(line.size(), pos + room); // malformed UTF-8: cut anyway
        if (!first) out += ' ';
        out.append(line.substr(pos, end - pos));
        out += "\r\n";
        pos = end;
        first = false;
    }
    if (first) out += "\r\n";
    return out;
}

std::string buildVCard(const content::Entry& e, std::string_view lang, VCardDetail detail) {
    const std::string contact = trim(e.contactName.get(lang));
    const std::string org = trim(e.organisation.get(lang));
    const std::string title = trim(e.title.get(lang));
    const std::string fn = !contact.empty() ? contact : !org.empty() ? org : title;

    CardWriter w;
    w.line("BEGIN", "VCARD");
    w.line("VERSION", "3.0");
    w.text("FN", fn.empty() ? e.id : fn);
    // N is mandatory in 3.0; for an organisation it stays empty and phones show FN/ORG.
    std::string n = ";;;;";
    if (!contact.empty())
        if (auto p = splitName(contact))
            n = escapeVCardText(p->family) + ";" + escapeVCardText(p->given) + ";;" + escapeVCardText(p->prefix) + ";";
    w.line("N", n);
    w.text("ORG", org);
    if (!e.phone.empty()) w.line("TEL;TYPE=WORK,VOICE", stripControls(e.phone));
    if (!e.email.empty()) w.line("EMAIL;TYPE=INTERNET", stripControls(e.email));
    if (detail == VCardDetail::Full) {
        if (!e.website.empty()) w.line("URL", normaliseUrl(e.website));
        const std::string street = trim(e.address.get(lang));
        const std::string city = trim(e.city.get(lang));
        const std::string postcode = trim(e.postcode);
        if (!street.empty() || !city.empty() || !postcode.empty())
            // ADR: post office box; extended address; street; locality; region; postal code; country.
            w.line("ADR;TYPE=WORK", ";;" + escapeVCardText(street) + ";" + escapeVCardText(city) + ";;" +
                                        escapeVCardText(postcode) + ";");
        if (title != fn) w.text("NOTE", title);
    }
    w.line("END", "VCARD");
    return w.take();
}

std::string telUri(std::string_view phone) {
    std::string number = stripControls(phone);
    // "+49 (0)234 ...": the trunk zero is not dialled after a country code.
    if (!number.empty() && number[0] == '+')
        if (auto z = number.find("(0)"); z != std::string::npos) number.erase(z, 3);
    std::string digits;
    for (char c : number) {
        if (c >= '0' && c <= '9') digits += c;
        else if (c == '+' && digits.empty()) digits += c;
    }
    if (digits.empty() || digits == "+") return {};
    return "tel:" + digits;
}

QrPayload chooseQrPayload(const content::Entry& entry, std::string_view lang) {
    const auto candidates = qrPayloadCandidates(entry, lang);
    return candidates.empty() ? QrPayload{} : candidates.front();
}

std::vector<QrPayload> qrPayloadCandidates(const content::Entry& e, std::string_view lang) {
    std::vector<QrPayload> out;
    auto add = [&](QrPayloadKind kind, std::string text) {
        if (text.empty()) return;
        for (const auto& p : out)
            if (p.text == text) return;
        out.push_back(QrPayload{kind, std::move(text)});
    };
    const bool reachable = !stripControls(e.phone).empty() || !stripControls(e.email).empty();
    if (reachable) {
        add(QrPayloadKind::VCard, buildVCard(e, lang, VCardDetail::Full));
        add(QrPayloadKind::VCard, buildVCard(e, lang, VCardDetail::Compact));
    }
    if (!stripControls(e.website).empty()) add(QrPayloadKind::Url, normaliseUrl(e.website));
    if (reachable) {
        add(QrPayloadKind::Phone, telUri(e.phone));
        const std::string mail = stripControls(e.email);
        if (!mail.empty()) add(QrPayloadKind::Email, "mailto:" + mail);
    }
    return out;
}

} // namespace kiosk::core
