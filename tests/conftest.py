from pathlib import Path

import pytest

from corpus import load_corpus

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def corpus():
    """The seed corpus as shipped in corpus/sources/."""
    loaded = load_corpus()
    assert not loaded.problems, loaded.problems
    return loaded


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
