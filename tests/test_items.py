"""Quotable items per record, on the seed records."""

from corpus.records import CareerPath
from retrieval.items import KINDS_OF_TYPE, record_items


def test_every_item_kind_a_record_gives_is_declared_for_its_type(corpus):
    for document in corpus.documents:
        records = [document.code] + ([r.id for r in document.roles] + [u.code for u in document.units]
                                     if isinstance(document, CareerPath) else [])
        kinds = {item.kind for record in records for item in record_items(corpus, record)}
        assert kinds and kinds <= KINDS_OF_TYPE[type(document)], (document.code, kinds - KINDS_OF_TYPE[type(document)])


def test_a_roles_specialism_activities_are_the_whole_functions_not_its_own_purpose(corpus):
    # every rank prints the same list of the function's main activities; a role's purpose is its own duties only
    role = corpus.roles[0]
    items = record_items(corpus, role.id)
    purpose = {i.text for i in items if i.kind == "purpose"}
    specialism = {i.text for i in items if i.kind == "specialism"}
    assert specialism == set(role.specialism_activities) and not purpose & specialism
