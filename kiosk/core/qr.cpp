#include "qr.h"

#include <qrcodegen.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>

namespace kiosk::core {

content::Result<QrMatrix> encodeQr(std::string_view text, int maxVersion) {
    if (text.empty()) return content::Error{"nothing to put into a QR code"};
    if (text.find('\0') != std::string_view::npos) return content::Error{"QR text contains a NUL byte"};
    maxVersion = std::clamp(maxVersion, kQrMinVersion, kQrMaxVersion);
    try {
        const std::string s(text);
        const bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        std::vector<qrcodegen::QrSegment> segments;
        if (ascii) {
            segments = qrcodegen::QrSegment::makeSegments(s.c_str());
        } else {
            // Byte mode means ISO 8859-1 unless an ECI says otherwise; without
            // it some scanners turn "Spielplätze" into mojibake. ECI 26 = UTF-8.
            segments.push_back(qrcodegen::QrSegment::makeEci(26));
            segments.push_back(qrcodegen::QrSegment::makeBytes(std::vector<std::uint8_t>(s.begin(), s.end())));
        }
        const auto code = qrcodegen::QrCode::encodeSegments(segments, qrcodegen::QrCode::Ecc::MEDIUM, kQrMinVersion,
                                                            maxVersion, -1, true);
        QrMatrix m;
        m.size = code.getSize();
        m.version = code.getVersion();
        m.modules.resize(static_cast<std::size_t>(m.size) * static_cast<std::size_t>(m.size));
        for (int y = 0; y < m.size; ++y)
            for (int x = 0; x < m.size; ++x)
                m.modules[static_cast<std::size_t>(y) * static_cast<std::size_t>(m.size) + static_cast<std::size_t>(x)] =
                    code.getModule(x, y);
        return m;
    } catch (const qrcodegen::data_too_long&) {
        return content::Error{std::to_string(text.size()) + " bytes do not fit a QR code of version " +
                              std::to_string(maxVersion) + " or smaller"};
    } catch (const std::exception& ex) {
        return content::Error{std::string("cannot make a QR code: ") + ex.what()};
    }
}

std::optional<QrEncoded> encodeFirstFitting(const std::vector<std::string>& texts, int maxVersion) {
    for (std::size_t i = 0; i < texts.size(); ++i)
        if (auto m = encodeQr(texts[i], maxVersion)) return QrEncoded{std::move(m).value(), i};
    return std::nullopt;
}

int maxQrVersionForWidth(float widthPx, float minModulePx) {
    if (!(widthPx > 0) || !(minModulePx > 0)) return 0;
    const int modules = static_cast<int>(std::floor(widthPx / minModulePx)) - 2 * kQrQuietZone;
    const int version = (modules - 17) / 4;
    if (modules < 21) return 0;
    return std::min(version, kQrMaxVersion);
}

} // namespace kiosk::core
