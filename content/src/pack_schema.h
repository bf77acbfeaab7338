#pragma once
// Internal: the SQL schema of a .kpack file (schema version 1), shared by the
// writer, the reader and the verifier. Not a public header: SQLite stays
// behind content/'s API.
//
// The verifier compares every row of sqlite_schema against this list, so a
// pack with extra triggers, views, tables or changed column types is refused
// before any query touches it.

#include <string_view>

namespace kiosk::content::detail {

inline constexpr int kSchemaVersion = 1;

struct SchemaObject {
    std::string_view type; // "table" or "index"
    std::string_view name;
    std::string_view sql;  // exactly as stored in sqlite_schema
};

// All tables are STRICT: a declared INTEGER column can hold nothing else.
inline constexpr SchemaObject kSchema[] = {
    {"table", "meta",
     "CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT, WITHOUT ROWID"},
    {"table", "texts",
     "CREATE TABLE texts(owner TEXT NOT NULL, field TEXT NOT NULL, lang TEXT NOT NULL, value TEXT NOT NULL, "
     "PRIMARY KEY(owner, field, lang)) STRICT, WITHOUT ROWID"},
    {"table", "site",
     "CREATE TABLE site(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT, WITHOUT ROWID"},
    {"table", "themes",
     "CREATE TABLE themes(id TEXT PRIMARY KEY NOT NULL, icon TEXT NOT NULL, colour TEXT NOT NULL, "
     "sort INTEGER NOT NULL) STRICT, WITHOUT ROWID"},
    {"table", "entries",
     "CREATE TABLE entries(id TEXT PRIMARY KEY NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, "
     "postcode TEXT NOT NULL, lat REAL, lon REAL, phone TEXT NOT NULL, email TEXT NOT NULL, website TEXT NOT NULL, "
     "opening_hours TEXT NOT NULL, age_min INTEGER, age_max INTEGER, free INTEGER NOT NULL, languages TEXT NOT NULL, "
     "starts TEXT, ends TEXT, valid_until TEXT, checked TEXT) STRICT, WITHOUT ROWID"},
    {"table", "entry_themes",
     "CREATE TABLE entry_themes(entry_id TEXT NOT NULL, theme_id TEXT NOT NULL, seq INTEGER NOT NULL, "
     "PRIMARY KEY(entry_id, theme_id)) STRICT, WITHOUT ROWID"},
    {"table", "entry_images",
     "CREATE TABLE entry_images(entry_id TEXT NOT NULL, seq INTEGER NOT NULL, image_id TEXT NOT NULL, "
     "PRIMARY KEY(entry_id, seq)) STRICT, WITHOUT ROWID"},
    {"table", "images",
     "CREATE TABLE images(id TEXT PRIMARY KEY NOT NULL, mime TEXT NOT NULL, width INTEGER NOT NULL, "
     "height INTEGER NOT NULL, data BLOB NOT NULL) STRICT"},
    {"table", "search",
     "CREATE VIRTUAL TABLE search USING fts5(entry_id UNINDEXED, title, body, "
     "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"},
};

// FTS5 creates these shadow tables itself; their SQL belongs to SQLite's
// version, so only their names and types are checked.
inline constexpr std::string_view kFtsShadowTables[] = {"search_data", "search_idx", "search_content",
                                                       "search_docsize", "search_config"};

// Indexes SQLite creates for PRIMARY KEYs have sql NULL; named "sqlite_autoindex_<table>_N".

// Sanity bounds a verifier enforces on counts.
inline constexpr long long kMaxEntries = 200'000;
inline constexpr long long kMaxThemes = 1'000;
inline constexpr long long kMaxImages = 200'000;

} // namespace kiosk::content::detail
