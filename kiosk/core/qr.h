#pragma once
// QR codes as plain module matrices, over Debian's libqrcodegencpp (Nayuki's
// QR Code generator). The widget (kiosk/widgets/qr_code.h) draws them; the
// tests check them without a screen.
//
// Error correction is MEDIUM (about 15 % damage tolerated: glare on the glass,
// a finger print), raised for free when the text fits the same version anyway.
// A code's version can be capped: a big version has small modules, and a phone
// half a metre away cannot resolve them. Texts that do not fit are an Error,
// never an exception; encodeFirstFitting() then takes the next, shorter text.
// Text that is not plain ASCII is marked as UTF-8 (ECI 26), so scanners do not
// read its bytes as ISO 8859-1.
//
// Thread safety: pure functions; QrMatrix is a value.

#include "kiosk/content/report.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core {

struct QrMatrix {
    int size = 0;              // modules per side without the quiet zone (21..177)
    int version = 0;           // 1..40; size = 4 * version + 17
    std::vector<bool> modules; // row-major, size * size, true = dark
    bool dark(int x, int y) const {
        return x >= 0 && y >= 0 && x < size && y < size &&
               modules[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x)];
    }
};

inline constexpr int kQrMinVersion = 1;
inline constexpr int kQrMaxVersion = 40;
// Light modules around the code that scanners need to find it.
inline constexpr int kQrQuietZone = 4;

// Encodes UTF-8 text in the smallest version up to maxVersion (clamped to
// 1..40). Error when the text is empty, holds a NUL byte, or does not fit.
content::Result<QrMatrix> encodeQr(std::string_view text, int maxVersion = kQrMaxVersion);

struct QrEncoded {
    QrMatrix matrix;
    std::size_t index = 0; // which of the texts was encoded
};
// The first text that fits maxVersion; nullopt when none does.
std::optional<QrEncoded> encodeFirstFitting(const std::vector<std::string>& texts, int maxVersion = kQrMaxVersion);

// The biggest version whose modules are at least minModulePx wide when the
// code with its quiet zone is widthPx wide; 0 when not even version 1 fits.
int maxQrVersionForWidth(float widthPx, float minModulePx);

} // namespace kiosk::core
