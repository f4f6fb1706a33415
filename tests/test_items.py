"""Quotable items per record, on the seed records."""

from corpus.records import CareerPath
from retrieval.items import KINDS_OF_TYPE, record_items


def test_every_item_kind_a_record_gives_is_declared_for_its_type(corpus):
    for document in corpus.documents:
        records = [document.code] + ([r.id for r in document.roles] + [u.code for u in document.units]
                                     if isinstance(document, CareerPath) else [])
        kinds = {item.kind for record in records for item in record_items(corpus, record)}
        assert kinds and kinds <= KINDS_OF_TYPE[type(document)], (document.code, kinds - KINDS_OF_TYPE[type(document)])
