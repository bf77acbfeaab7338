#include "common.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <ostream>
#include <sstream>
#include <termios.h>
#include <unistd.h>

namespace kiosk::tools {

using namespace kiosk::content;

namespace {

std::string readTerminalLine(const std::string& prompt) {
    std::FILE* tty = std::fopen("/dev/tty", "r+");
    if (!tty) return {};
    const int fd = fileno(tty);
    termios old{};
    const bool haveTermios = tcgetattr(fd, &old) == 0;
    if (haveTermios) {
        termios quiet = old;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    std::fputs(prompt.c_str(), tty);
    std::fflush(tty);
    std::string line;
    for (int c = std::fgetc(tty); c != EOF && c != '\n'; c = std::fgetc(tty)) line += static_cast<char>(c);
    if (haveTermios) tcsetattr(fd, TCSAFLUSH, &old);
    std::fputs("\n", tty);
    std::fclose(tty);
    return line;
}

} // namespace

std::optional<std::string> obtainPassphrase(const ParsedArgs& args, const std::string& prompt, bool confirm,
                                            std::string& error) {
    if (auto file = args.get("--passphrase-file")) {
        std::ifstream in(*file, std::ios::binary);
        if (!in) {
            error = *file + ": cannot read passphrase file";
            return std::nullopt;
        }
        std::string line;
        std::getline(in, line);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) {
            error = *file + ": passphrase file is empty";
            return std::nullopt;
        }
        return line;
    }
    if (const char* env = std::getenv("KIOSK_PACK_PASSPHRASE"); env && *env) return std::string(env);
    if (!isatty(STDIN_FILENO)) {
        error = "a passphrase is needed: use --passphrase-file FILE or set KIOSK_PACK_PASSPHRASE";
        return std::nullopt;
    }
    std::string first = readTerminalLine(prompt);
    if (first.empty()) {
        error = "no passphrase entered";
        return std::nullopt;
    }
    if (confirm && readTerminalLine("Repeat passphrase: ") != first) {
        error = "the passphrases do not match";
        return std::nullopt;
    }
    return first;
}

Result<minisign::SecretKey> loadSecretKey(const std::string& path, const ParsedArgs& args) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        Error e;
        e.file = path;
        e.message = "cannot read secret key file";
        return e;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    auto encrypted = minisign::SecretKey::isEncrypted(text);
    if (!encrypted) {
        Error e = encrypted.error();
        if (e.file.empty()) e.file = path;
        return e;
    }
    std::optional<std::string> passphrase;
    if (*encrypted) {
        std::string why;
        passphrase = obtainPassphrase(args, "Passphrase for " + path + ": ", false, why);
        if (!passphrase) {
            Error e;
            e.file = path;
            e.message = why;
            return e;
        }
    }
    auto key = minisign::SecretKey::parse(text, passphrase ? std::optional<std::string_view>(*passphrase) : std::nullopt);
    if (!key) {
        Error e = key.error();
        if (e.file.empty()) e.file = path;
        return e;
    }
    return key;
}

Result<std::vector<minisign::PublicKey>> loadPublicKeys(const std::vector<std::string>& values) {
    std::vector<minisign::PublicKey> keys;
    for (const auto& v : values) {
        std::error_code ec;
        auto key = std::filesystem::is_regular_file(v, ec) ? minisign::PublicKey::load(v) : minisign::PublicKey::parse(v);
        if (!key) {
            Error e = key.error();
            if (e.file.empty()) e.file = v;
            return e;
        }
        keys.push_back(*key);
    }
    return keys;
}

void printReport(const Report& report, std::ostream& err) { err << report.toString(); }

ProgressFn progressPrinter(std::ostream& err, bool quiet) {
    if (quiet) return {};
    const bool tty = isatty(STDERR_FILENO) && &err == &std::cerr;
    return [&err, tty, lastPercent = -1](std::string_view phase, std::size_t done, std::size_t total) mutable {
        const int percent = total ? static_cast<int>(done * 100 / total) : 100;
        if (tty) {
            err << '\r' << phase << ": " << done << '/' << total << std::flush;
            if (done == total) err << '\n';
            return;
        }
        // Logs get a line per quarter, not per item.
        if (done == total || percent / 25 != lastPercent / 25) {
            err << phase << ": " << done << '/' << total << '\n';
        }
        lastPercent = done == total ? -1 : percent;
    };
}

std::string humanSize(std::uint64_t bytes) {
    char buf[32];
    if (bytes >= (1u << 20)) std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
    else if (bytes >= 1024) std::snprintf(buf, sizeof buf, "%.1f kB", static_cast<double>(bytes) / 1024);
    else std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
    return buf;
}

} // namespace kiosk::tools
