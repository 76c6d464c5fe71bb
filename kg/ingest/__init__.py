"""Articles in: documents and their drafts (documents), figures in text (figures), what no fact backs yet (coverage)."""
