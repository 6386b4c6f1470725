"""figures: numeric claims about people killed, injured, held, freed, missing, displaced,
arrested or evacuated, read from news text with who gives each figure."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = [
    "Claim",
    "Document",
    "Extraction",
    "__version__",
    "extract",
    "extract_document",
    "ingest",
    "load_rules",
    "open_db",
]

if TYPE_CHECKING:
    from figures.extract import Extraction, extract, extract_document
    from figures.ingest import ingest
    from figures.models import Claim, Document
    from figures.rules import load_rules
    from figures.store import open_db

_WHERE = {
    "Claim": "figures.models",
    "Document": "figures.models",
    "Extraction": "figures.extract",
    "extract": "figures.extract",
    "extract_document": "figures.extract",
    "ingest": "figures.ingest",
    "load_rules": "figures.rules",
    "open_db": "figures.store",
}


def __getattr__(name: str) -> Any:
    """Import the public names lazily, so that `figures --help` starts fast."""
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'figures' has no attribute {name!r}")
