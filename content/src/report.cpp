#include "kiosk/content/report.h"

#include <algorithm>

namespace kiosk::content {

namespace {
std::string location(const std::string& file, int row, const std::string& field) {
    std::string out = file;
    if (row > 0) out += (out.empty() ? "row " : ":") + std::to_string(row);
    if (!out.empty()) out += ": ";
    if (!field.empty()) out += "field '" + field + "': ";
    return out;
}
} // namespace

std::string Finding::toString() const { return location(file, row, field) + message; }

std::string Error::toString() const { return location(file, row, field) + message; }

void Report::error(std::string file, int row, std::string field, std::string message) {
    m_findings.push_back({Severity::Error, std::move(file), row, std::move(field), std::move(message)});
}

void Report::warning(std::string file, int row, std::string field, std::string message) {
    m_findings.push_back({Severity::Warning, std::move(file), row, std::move(field), std::move(message)});
}

void Report::append(const Report& other) {
    m_findings.insert(m_findings.end(), other.m_findings.begin(), other.m_findings.end());
}

bool Report::hasErrors() const { return errorCount() > 0; }

std::size_t Report::errorCount() const {
    return static_cast<std::size_t>(std::count_if(m_findings.begin(), m_findings.end(),
        [](const Finding& f) { return f.severity == Severity::Error; }));
}

std::size_t Report::warningCount() const { return m_findings.size() - errorCount(); }

std::string Report::toString() const {
    std::string out;
    for (const auto& f : m_findings) {
        out += f.severity == Severity::Error ? "error: " : "warning: ";
        out += f.toString();
        out += '\n';
    }
    return out;
}

} // namespace kiosk::content
