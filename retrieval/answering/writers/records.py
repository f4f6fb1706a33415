"""Answers written from whole records, no model needed: picks the writer for the request's
section (`intent`) and the kind of record its entities name, and adds the code notes.

Each fact is followed by the canonical code it comes from. The framing is Traditional Chinese
(converted to Simplified for a Simplified question at the edge) or English that quotes the
Chinese source terms.
"""

from __future__ import annotations

import re

from corpus.load import Corpus
from corpus.records import CareerPath, CompetencyUnit, HKRole, HKUnit, Standard

from ... import matching
from ...search import SearchResult
from ..language import Request
from .base import Composition, Draft
from .compare import CompareWriter
from .gap import GapWriter
from .ladder import LadderWriter
from .role import RoleWriter
from .standard import StandardWriter
from .unit import UnitWriter


class RecordWriter:
    """Writes the answer for a request from the records its entities and hits point to."""

    def __init__(self, corpus: Corpus, embed: matching.Embed | None = None) -> None:
        self.corpus = corpus
        self.standard = StandardWriter()
        self.unit = UnitWriter()
        self.role = RoleWriter(corpus)
        self.ladder = LadderWriter(corpus)
        self.gap = GapWriter(corpus, embed)
        self.compare = CompareWriter(corpus, embed)

    def write(self, request: Request, result: SearchResult) -> Composition:
        draft = Draft(request.lang)
        entities = self._entities(request, result)
        documents = self._documents(entities)
        intent = request.intent
        if intent == "gap" and len(documents) < 2 and not (documents and self.corpus.role(documents[0])):
            # one record and no situation: answer what it asks of a newcomer
            intent = next((i for i in request.intents if i not in ("gap", "ladder")), "entry")
        if intent == "gap":
            focus = self.gap.write(draft, documents)
            if focus is None:
                focus = self.single(draft, "entry", documents[0] if documents else None)
        elif intent == "compare" and documents:
            focus = self.compare.write(draft, documents[:2], result)
            if focus is None:  # nothing in the other framework to compare it with
                focus = self.single(draft, "overview", documents[0])
        elif intent == "ladder":
            focus = self.ladder.write(draft, entities)
        elif intent == "courses" and not any(self.corpus.role(e) for e in entities):
            focus = self.role.all_courses(draft, request.provider)
        else:
            focus = self.single(draft, intent, entities[0] if entities else None)
        for note in result.codes.notes:
            draft.add("")
            draft.add(self._note(draft, note))
        return Composition("\n".join(draft.lines).strip(), tuple(draft.cited), tuple(focus), intent)

    def single(self, draft: Draft, intent: str, entity: str | None) -> list[str]:
        """The section `intent` of the one record `entity` names (a record id, or a record's item code)."""
        if entity is None:
            return []
        base, _, item = entity.partition("/")
        record = self.corpus.owner(base)
        if isinstance(record, Standard):
            self.standard.write(draft, record, intent, item)
        elif isinstance(record, CompetencyUnit):
            self.unit.write(draft, record, intent)
        elif isinstance(record, HKRole):
            self.role.write(draft, record, intent)
        elif isinstance(record, HKUnit):
            self.role.unit(draft, record)
        elif isinstance(record, CareerPath):
            return self.ladder.write(draft, [record.id])
        return [entity if item else base]

    def _note(self, draft: Draft, note: str) -> str:
        match = re.match(r"(\S+) 為歷史版本，現行版本為 (\S+)", note)
        if draft.en and match:
            return f"Note: {match.group(1)} is a historical version; the current version is {match.group(2)}."
        return f"註：{note}。"

    def _entities(self, request: Request, result: SearchResult) -> list[str]:
        """Named records first (the plan resolved them); otherwise the record of the top hit."""
        return list(request.entities) or [hit.chunk.code for hit in result.hits[:1]]

    def _documents(self, entities: list[str]) -> list[str]:
        """Entities reduced to comparable records (a TW standard or unit, an HK role)."""
        out = []
        for code in entities:
            base = code.split("/", 1)[0]
            record = self.corpus.owner(base)
            if isinstance(record, (Standard, CompetencyUnit, HKRole)) and base not in out:
                out.append(base)
        return out
