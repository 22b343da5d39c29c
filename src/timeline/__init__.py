"""timeline: an event-timeline database of organized violence, built from news articles."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = "1"
