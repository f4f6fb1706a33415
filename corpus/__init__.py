"""The competency-standard corpus: source files parsed into typed, code-carrying records."""

from .load import Corpus, SourceError, SourceProblem, load_corpus, parse_file, parse_text
from .records import CareerPath, CompetencyUnit, Document, HKRole, HKUnit, Standard

__all__ = [
    "CareerPath",
    "CompetencyUnit",
    "Corpus",
    "Document",
    "HKRole",
    "HKUnit",
    "SourceError",
    "SourceProblem",
    "Standard",
    "load_corpus",
    "parse_file",
    "parse_text",
]
