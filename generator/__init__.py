"""timeline-generator: a static site generator for dated, sourced events."""

__version__ = "0.1.0"
