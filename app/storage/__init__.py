"""The library database: one SQLite file, WAL, foreign keys, versioned migrations."""
