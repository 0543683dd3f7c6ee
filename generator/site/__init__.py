"""The HTML pages: templates, Markdown bodies, cards, the overview strip, pagination, and one
page family per kind of page (each lists its pages with their keys and renders one)."""
