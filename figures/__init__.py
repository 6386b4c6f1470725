"""figures: numeric claims about people killed, injured, held, freed, missing, displaced,
arrested or evacuated, read from news text with who gives each figure."""

from figures.extract import Extraction, extract, extract_document
from figures.ingest import ingest
from figures.models import Claim, Document
from figures.rules import load_rules
from figures.store import open_db

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
