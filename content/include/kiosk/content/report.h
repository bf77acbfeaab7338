#pragma once
// Findings, reports and results: how content/ reports expected failures.
//
// Expected failures (a bad spreadsheet row, a tampered pack, a missing file)
// are values, never exceptions and never text printed to stderr. A Finding
// names where the problem is (file, row, field) and why; a Report collects the
// findings of one operation so that the CLI can print them, the staff screen
// can show them and tests can assert on them.
//
// Thread safety: plain values; no shared state.

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kiosk::content {

enum class Severity { Warning, Error };

struct Finding {
    Severity severity = Severity::Error;
    std::string file;   // path as the user knows it (relative to the source folder where possible); may be empty
    int row = 0;        // 1-based line/row of a spreadsheet or record number; 0 when not applicable
    std::string field;  // canonical field name or column header; may be empty
    std::string message; // plain-language reason, English, complete sentence fragment

    // "entries.csv:12: field 'email': not a valid e-mail address: 'foo@'"
    std::string toString() const;
    friend bool operator==(const Finding&, const Finding&) = default;
};

class Report {
public:
    void error(std::string file, int row, std::string field, std::string message);
    void warning(std::string file, int row, std::string field, std::string message);
    void add(Finding f) { m_findings.push_back(std::move(f)); }
    void append(const Report& other);

    bool hasErrors() const;
    bool ok() const { return !hasErrors(); }
    std::size_t errorCount() const;
    std::size_t warningCount() const;
    const std::vector<Finding>& findings() const { return m_findings; }
    bool empty() const { return m_findings.empty(); }

    // One finding per line, "error: " / "warning: " prefixed.
    std::string toString() const;

private:
    std::vector<Finding> m_findings;
};

// An error value: a message (and optionally where). Used by Result<T>.
struct Error {
    std::string message;
    std::string file;
    int row = 0;
    std::string field;

    Error() = default;
    // Error("reason"), Error("reason", "file.csv", 12, "E-Mail")
    explicit Error(std::string message_, std::string file_ = {}, int row_ = 0, std::string field_ = {})
        : message(std::move(message_)), file(std::move(file_)), row(row_), field(std::move(field_)) {}

    std::string toString() const;
};

// A minimal expected-like result (std::expected is C++23). Holds either a value
// or an Error; accessing the wrong one is a programmer error (asserts).
template <typename T>
class Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_v); }
    const T& value() const& { return std::get<T>(m_v); }
    T&& value() && { return std::get<T>(std::move(m_v)); }
    T* operator->() { return &std::get<T>(m_v); }
    const T* operator->() const { return &std::get<T>(m_v); }
    T& operator*() & { return std::get<T>(m_v); }
    const T& operator*() const& { return std::get<T>(m_v); }

    const Error& error() const { return std::get<Error>(m_v); }

private:
    std::variant<T, Error> m_v;
};

// Result for operations that produce nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

} // namespace kiosk::content
