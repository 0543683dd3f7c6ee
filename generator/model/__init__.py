"""The nouns every stage shares: partial dates and spans, events and their parts, the timeline
that indexes and links them. Pure data and cross-entry rules: no files, no Jinja."""
