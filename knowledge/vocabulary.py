"""Curated synonyms and fillers: a general banking file shipped here, plus an optional one per KB."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

GENERAL_SYNONYMS = Path(__file__).with_name("data") / "synonyms.yaml"
KB_SYNONYMS_NAME = "_synonyms.yaml"


@dataclass
class Vocabulary:
    fillers: set[str] = field(default_factory=set)
    particles: set[str] = field(default_factory=set)
    synonyms: dict[str, str] = field(default_factory=dict)  # variant → canonical (canonicals map to themselves)
    word_synonyms: dict[str, str] = field(default_factory=dict)  # a word that names a contrast member (开 → 开通)
    actions: set[str] = field(default_factory=set)  # what a question does (提高, 开通), never what it is about
    contrasts: list[tuple[str, ...]] = field(default_factory=list)
    other_institutions: set[str] = field(default_factory=set)
    products: set[str] = field(default_factory=set)  # what a question is about that an entry must name to answer

    def merge_file(self, path: Path) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        self.fillers.update(str(f).lower() for f in data.get("fillers") or ())
        self.particles.update(str(p) for p in data.get("particles") or ())
        for canonical, variants in (data.get("synonyms") or {}).items():
            canonical = str(canonical).lower()
            self.synonyms.setdefault(canonical, canonical)
            for variant in variants or ():
                self.synonyms[str(variant).lower()] = canonical
        self.actions.update(str(word).lower() for word in data.get("actions") or ())
        for canonical, variants in (data.get("word_synonyms") or {}).items():
            self.word_synonyms.update({str(v).lower(): str(canonical).lower() for v in variants or ()})
        self.other_institutions.update(str(name).lower() for name in data.get("other_institutions") or ())
        self.products.update(str(name).lower() for name in data.get("products") or ())
        for group in data.get("contrasts") or ():
            self.contrasts.append(tuple(str(term).lower() for term in group))

    @property
    def canonical_terms(self) -> set[str]:
        return set(self.synonyms.values())


def load_vocabulary(extra: Iterable[Path] = ()) -> Vocabulary:
    """The general vocabulary, then each extra file (a KB's own `_synonyms.yaml`) on top."""
    vocabulary = Vocabulary()
    vocabulary.merge_file(GENERAL_SYNONYMS)
    for path in extra:
        vocabulary.merge_file(path)
    return vocabulary
