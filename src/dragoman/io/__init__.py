"""Files in and out: scenario YAML, agreement files, event logs (JSONL, SQLite), GENIUS XML and
GeniusWeb JSON."""
