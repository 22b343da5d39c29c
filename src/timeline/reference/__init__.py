"""Reference data: actors and places, their aliases, and the gazetteer that finds them."""

from timeline.reference.load import (
    ActorRecord,
    Gazetteer,
    PlaceRecord,
    actors,
    data_dir,
    gazetteer,
    normalize,
    places,
)

__all__ = [
    "ActorRecord", "Gazetteer", "PlaceRecord", "actors", "data_dir", "gazetteer", "normalize", "places",
]
