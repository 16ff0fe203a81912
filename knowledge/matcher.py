"""The FAQ matcher: answers only when sure, offers choices when unsure, and says so when it has nothing.

Each indexed phrasing (a question or an alternate) is compared with the query in three token views
(jieba words, character bigrams, pinyin bigrams for homophone typos), each as an IDF-weighted F1 of the
shared tokens, plus a rapidfuzz character ratio; a phrasing naming the other side of a contrast (个人 vs 企业)
is penalised. That best-phrasing score is blended with how much of the query all of an entry's phrasings
explain together (entry-level recall). Only questions and alternates retrieve; the best few entries are then
checked against their whole text, answer included (evidence): a question whose key term an entry never mentions
is not answered from it. The result is the confidence in [0, 1]; an answer also needs a margin over the best
other entry, so two entries that both fit lead to a question, not a guess.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

import numpy as np
from rapidfuzz import fuzz

from knowledge.kb import Entry, KnowledgeBase
from knowledge.lexicon import tagged
from knowledge.semantic import GAP, SemanticIndex, available
from knowledge.simplify import to_simplified
from knowledge.textnorm import Normaliser, Tokeniser
from knowledge.vocabulary import load_vocabulary

Status = Literal["answer", "clarify", "none"]


@dataclass(frozen=True)
class Settings:
    """Default thresholds; the same for every knowledge base (they are not fitted to one sample)."""

    high: float = 0.40
    low: float = 0.28
    margin: float = 0.08
    max_choices: int = 3
    shortlist: int = 30
    weights: tuple[float, float, float, float] = (0.35, 0.30, 0.15, 0.20)  # word, bigram, pinyin, ratio
    recall_weights: tuple[float, float, float] = (0.50, 0.35, 0.15)  # entry-level: word, bigram, pinyin
    phrasing_share: float = 0.6  # of the final confidence; the rest is entry-level recall
    contrast_penalty: float = 0.75
    evidence_share: float = 0.35  # of the final confidence: how much of the question the entry's whole text covers
    evidence_pool: int = 10  # top entries checked against their whole text
    deciding_word: float = 0.55  # a word with this share of the question's weight must be in the answered entry
    semantic_floor: float = 0.5  # share of the way from `low` to `high` a close call needs before the model settles it
    semantic_gap: float = GAP  # cosine lead of the model's nearest entry over the next
    semantic_low_gap: float = 0.03  # …and below the floor, down to `low`, the wider lead it needs there
    semantic_band: float = 0.2  # an answer scored below high + this needs the model's agreement…
    semantic_rank: int = 2  # …the entry among the model's nearest this many
    unknown_topic: float = 0.5  # share of the question's weight in words no entry mentions that makes it ask


@dataclass(frozen=True)
class Candidate:
    id: str
    score: float
    question: str


@dataclass(frozen=True)
class MatchResult:
    status: Status
    entry: Entry | None
    score: float
    candidates: tuple[Candidate, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "id": self.entry.id if self.entry else None,
            "score": round(self.score, 4),
            "candidates": [{"id": c.id, "score": round(c.score, 4)} for c in self.candidates],
        }


class _View:
    """One token view: postings per token, IDF per token (over entries), and each phrasing's IDF mass."""

    def __init__(self, token_lists: list[list[str]], doc_entry: np.ndarray, n_entries: int) -> None:
        postings: dict[str, list[int]] = defaultdict(list)
        entries_with: dict[str, set[int]] = defaultdict(set)
        for doc, tokens in enumerate(token_lists):
            for token in set(tokens):
                postings[token].append(doc)
                entries_with[token].add(int(doc_entry[doc]))
        self.idf = {t: math.log(1 + (n_entries - len(e) + 0.5) / (len(e) + 0.5)) for t, e in entries_with.items()}
        self.postings = {t: np.asarray(docs, dtype=np.int32) for t, docs in postings.items()}
        self.mass = np.asarray([sum(self.idf[t] for t in set(tokens)) for tokens in token_lists], dtype=np.float64)
        self.unseen_idf = math.log(1 + (n_entries + 0.5) / 0.5)

    def recall(self, tokens: Sequence[str], n_docs: int) -> tuple[np.ndarray, np.ndarray]:
        """Share of the query's IDF mass each document contains, and the shared mass itself."""
        unique = set(tokens)
        query_mass = sum(self.idf.get(t, self.unseen_idf) for t in unique)
        known = [t for t in unique if t in self.postings]
        if not known or query_mass == 0:
            return np.zeros(n_docs), np.zeros(n_docs)
        docs = np.concatenate([self.postings[t] for t in known])
        weights = np.concatenate([np.full(len(self.postings[t]), self.idf[t]) for t in known])
        shared = np.bincount(docs, weights=weights, minlength=n_docs)
        return shared / query_mass, shared

    def f1(self, tokens: Sequence[str], n_docs: int) -> np.ndarray:
        """IDF-weighted F1 of the shared tokens, for every phrasing at once."""
        recall, shared = self.recall(tokens, n_docs)
        precision = np.divide(shared, self.mass, out=np.zeros(n_docs), where=self.mass > 0)
        total = recall + precision
        return np.divide(2 * recall * precision, total, out=np.zeros(n_docs), where=total > 0)


class Matcher:
    def __init__(self, kb: KnowledgeBase, settings: Settings | None = None, *, like: Matcher | None = None) -> None:
        """`like`: a matcher over the same vocabulary whose normaliser and tokeniser are reused (calibration builds
        several indexes of one knowledge base)."""
        self.kb = kb
        self.settings = settings or Settings()
        self.normalise: Normaliser = like.normalise if like else Normaliser(load_vocabulary(kb.synonym_files))
        self.tokens: Tokeniser = like.tokens if like else Tokeniser(self.normalise.vocabulary)
        self.entries = list(kb.entries)
        self.by_id = {e.id: e for e in self.entries}
        self.position = {e.id: i for i, e in enumerate(self.entries)}
        phrasings = [(i, p) for i, e in enumerate(self.entries) for p in e.phrasings]
        self.doc_entry = np.asarray([i for i, _ in phrasings], dtype=np.int32)
        self.phrasings = [p for _, p in phrasings]
        self.doc_text = [self.normalise(p) for _, p in phrasings]
        self.semantic: SemanticIndex | None = None
        n = len(self.entries)
        self.entry_docs: list[list[str]] = [[] for _ in range(n)]  # each entry's normalised phrasings
        for doc, text in enumerate(self.doc_text):
            self.entry_docs[int(self.doc_entry[doc])].append(text)
        doc_tokens = {
            "word": [self.tokens.words(t) for t in self.doc_text],
            "bigram": [self.tokens.bigrams(t) for t in self.doc_text],
            "pinyin": [self.tokens.pinyin_bigrams(t) for t in self.doc_text],
        }
        self.views = {name: _View(lists, self.doc_entry, n) for name, lists in doc_tokens.items()}
        self.bags = {
            name: _View(_bags(lists, self.doc_entry, n), np.arange(n, dtype=np.int32), n)
            for name, lists in doc_tokens.items()
        }
        self.contrasts = self.normalise.vocabulary.contrasts
        self.doc_contrasts = [
            self._contrast_terms(t, w) for t, w in zip(self.doc_text, doc_tokens["word"], strict=True)
        ]
        self.entry_contrasts: list[dict[int, frozenset[str]]] = [{} for _ in range(n)]
        for doc, found in enumerate(self.doc_contrasts):  # an entry names what any of its phrasings names
            merged = self.entry_contrasts[int(self.doc_entry[doc])]
            for group, terms in found.items():
                merged[group] = merged.get(group, frozenset()) | terms
        asked_about = to_simplified(" ".join(self.phrasings).lower())
        self.other_institutions = _alternation_of(
            {name for name in self.normalise.vocabulary.other_institutions if name not in asked_about}
        )  # a KB whose own questions name 支付宝 answers questions about it (binding a card to it)
        self.entry_text = [
            self.normalise(" ".join([*e.phrasings, e.answer, e.category, *e.tags])) for e in self.entries
        ]
        self.entry_sounds = [_sounds(self.tokens, text) for text in self.entry_text]
        self._text_idf = lru_cache(maxsize=65_536)(self._count_text_idf)  # per matcher: freed with its KB
        self._spread = lru_cache(maxsize=65_536)(self._count_spread)
        self._mentions = lru_cache(maxsize=65_536)(self._count_mentions)
        self._categories = {e.category for e in self.entries}
        actions = self.normalise.vocabulary.actions
        self._reversals = frozenset(t for group in self.contrasts if group[0] in actions for t in group[1:])
        self._effective = np.asarray([_ordinal(e.effective, 0) for e in self.entries])
        self._expires = np.asarray([_ordinal(e.expires, 10**7) for e in self.entries])

    def match(self, query: str, today: date | None = None, *, exclude: Sequence[str] = ()) -> MatchResult:
        """The decision for one question on `today` (expired or not yet effective entries are skipped)."""
        query = query[:MAX_QUERY_CHARS]
        text = self.normalise(query)
        if not text or self._names_other_institution(query):
            return MatchResult("none", None, 0.0, ())
        scores = self._entry_scores(text, today, exclude)
        pool = [int(i) for i in np.argsort(-scores)[: self.settings.evidence_pool] if scores[i] > 0]
        share = self.settings.evidence_share
        weights = self._word_weights(text)
        blended = [(i, (1 - share) * float(scores[i]) + share * self._evidence(weights, i)) for i in pool]
        ranked = sorted(blended, key=lambda pair: -pair[1])[: max(self.settings.max_choices, 2)]
        result = self._decide(ranked)
        if result.status == "none":
            return result
        best = ranked[0][0]
        vetoed = (result.status == "answer" or self.semantic is not None) and (
            self._unexplained(weights, best, pool)
            or not self._does(text, best)
            or self._unknown_topic(weights, best)
            or self._other_product(weights, best)
        )  # a deciding word the entry lacks, the unusual side of an action, a topic the KB never mentions, a
        # product the entry never names: asked
        if vetoed or (result.status == "answer" and self._doubted(query, best, result.score)):
            return MatchResult("clarify", None, result.score, result.candidates)
        if result.status == "clarify" and self._confirmed(query, best, result.score):
            return MatchResult("answer", self.entries[best], result.score, result.candidates)
        return result

    def _confirmed(self, query: str, best: int, score: float) -> bool:
        """A close call the sentence model settles: the words got at least halfway from asking to answering, and
        the question's nearest entry in meaning, over the whole KB, is the same one, clear of the next."""
        s = self.settings
        if self.semantic is None or score < s.low:
            return False
        floor = s.low + s.semantic_floor * (s.high - s.low)
        return self.semantic.confirms(query, best, s.semantic_gap if score >= floor else s.semantic_low_gap)

    def _doubted(self, query: str, best: int, score: float) -> bool:
        """An answer without a wide lead in words that the sentence model does not place among the question's
        nearest entries (房贷利率多少 read as 国债利率, the KB having no mortgage entry): asked instead."""
        s = self.settings
        if self.semantic is None or score >= s.high + s.semantic_band:
            return False
        return self.semantic.rank(query, best) >= s.semantic_rank

    def attach_semantic(self) -> None:
        """Embeds the KB's phrasings so that the sentence model can confirm close calls (see knowledge.semantic);
        until it is attached, and where the model is switched off, the words decide alone."""
        if available():
            self.semantic = SemanticIndex(self.phrasings, self.doc_entry, len(self.entries))

    def _does(self, text: str, index: int) -> bool:
        """An entry answers a question that names the unusual side of an action (降额, 关闭, 解挂, 卖出) only if
        its phrasings name it too: 信用卡怎么降额 is not answered by an entry that mentions 降额 in its answer."""
        named = self.entry_contrasts[index]
        asked = self._contrast_terms(_ASKED_ACTION.sub(self._spelled_out, text), aliases=False)
        for group, terms in asked.items():
            unusual = terms & self._reversals
            if unusual and not unusual & named.get(group, frozenset()):
                return False
        return True

    def _spelled_out(self, match: re.Match[str]) -> str:
        """怎么关 → 怎么关闭: a one-character action right after an asking word is the action it stands for (卖理财,
        where the bank sells, keeps its 卖)."""
        word = match.group("word")
        return match.group("ask") + self.normalise.vocabulary.word_synonyms.get(word, word)

    def _unexplained(self, weights: dict[tuple[str, str], float], best: int, pool: Sequence[int]) -> bool:
        """A word that carries much of the question (怎么qq找不到: qq) which the best entry never mentions and
        another retrieved entry does: the best one may be about something else, so ask."""
        text, sounds = self.entry_text[best], self.entry_sounds[best]
        for (word, sound), weight in weights.items():
            if weight < self.settings.deciding_word or word in text or sound in sounds:
                continue
            if any(word in self.entry_text[i] for i in pool if i != best):
                return True
        return False

    def _unknown_topic(self, weights: dict[tuple[str, str], float], best: int) -> bool:
        """Whether words that no entry of the KB mentions, each one noun the dictionary knows (房贷, 信用卡, 比特币),
        carry half the question or more: it asks about a topic the KB does not have, so no entry answers it."""
        sounds = self.entry_sounds[best]
        unknown = sum(
            weight
            for (word, sound), weight in weights.items()
            if len(word) > 1 and sound not in sounds and self._mentions(word) == 0 and _is_noun(word)
        )
        return unknown >= self.settings.unknown_topic

    def _other_product(self, weights: dict[tuple[str, str], float], best: int) -> bool:
        """A product the question names (信用卡, 房贷, 医保卡) that the entry never mentions, anywhere: the entry is
        about something else that shares the question's other words (积分怎么兑换, 提前还款, 丢了怎么补)."""
        products = self.normalise.vocabulary.products
        text, sounds = self.entry_text[best], self.entry_sounds[best]
        return any(word in products and word not in text and sound not in sounds for word, sound in weights)

    def _word_weights(self, text: str) -> dict[tuple[str, str], float]:
        """Each distinct word of the question, with its sound, weighted by how few entries' texts contain it.

        The weights sum to 1, so an entry's evidence is the sum over the words it mentions.
        """
        weights = {(w, _sounds(self.tokens, w)): self._text_idf(w) for w in set(self.tokens.words(text))}
        total = sum(weights.values())
        return {key: weight / total for key, weight in weights.items()} if total else {}

    def _count_text_idf(self, word: str) -> float:
        n, df = len(self.entry_text), self._mentions(word)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _count_mentions(self, word: str) -> int:
        """How many entries' whole texts contain the word."""
        return sum(word in text for text in self.entry_text)

    def _evidence(self, weights: dict[tuple[str, str], float], index: int) -> float:
        """Share of the question's words (IDF-weighted) that the entry's whole text, answer included, contains.

        Retrieval looks only at questions and alternates; this checks a retrieved entry against everything it
        says, so a question whose key term the entry never mentions (医保 asked, 银行卡 found) loses confidence,
        while a paraphrase whose words only the answer uses gains it.
        """
        text, sounds = self.entry_text[index], self.entry_sounds[index]
        return sum(weight for (word, sound), weight in weights.items() if word in text or sound in sounds)

    def _entry_scores(self, text: str, today: date | None, exclude: Sequence[str]) -> np.ndarray:
        n_docs = len(self.doc_text)
        w_word, w_bigram, w_pinyin, w_ratio = self.settings.weights
        combined = (
            w_word * self.views["word"].f1(self.tokens.words(text), n_docs)
            + w_bigram * self.views["bigram"].f1(self.tokens.bigrams(text), n_docs)
            + w_pinyin * self.views["pinyin"].f1(self.tokens.pinyin_bigrams(text), n_docs)
        )
        shortlist = np.argpartition(-combined, min(self.settings.shortlist, n_docs - 1))[: self.settings.shortlist]
        query_contrasts = self._contrast_terms(text)
        for doc in shortlist:
            combined[doc] += w_ratio * fuzz.ratio(text, self.doc_text[doc]) / 100
            if _conflicts(query_contrasts, self.doc_contrasts[doc]):
                combined[doc] *= self.settings.contrast_penalty
        others = np.ones(n_docs, dtype=bool)
        others[shortlist] = False
        combined[others] = 0.0
        best_phrasing = np.zeros(len(self.entries))
        np.maximum.at(best_phrasing, self.doc_entry, combined)
        n = len(self.entries)
        r_word, r_bigram, r_pinyin = self.settings.recall_weights
        entry_recall = (
            r_word * self.bags["word"].recall(self.tokens.words(text), n)[0]
            + r_bigram * self.bags["bigram"].recall(self.tokens.bigrams(text), n)[0]
            + r_pinyin * self.bags["pinyin"].recall(self.tokens.pinyin_bigrams(text), n)[0]
        )
        share = self.settings.phrasing_share
        entry_scores = np.where(best_phrasing > 0, share * best_phrasing + (1 - share) * entry_recall, 0.0)
        for index in np.flatnonzero(entry_scores):
            if _conflicts(query_contrasts, self.entry_contrasts[index]):
                entry_scores[index] *= self.settings.contrast_penalty
        if today is not None:
            day = today.toordinal()
            entry_scores[(self._effective > day) | (self._expires < day)] = 0.0
        for entry_id in exclude:
            if entry_id in self.position:
                entry_scores[self.position[entry_id]] = 0.0
        return entry_scores

    def answer(self, query: str, today: date | None = None, previous_id: str | None = None) -> MatchResult:
        """The decision for a question in a conversation, `previous_id` being the entry answered just before.

        A question is read on its own first. It is read as a follow-up of the previous answer only when it is one:
        it opens like one (那, 那么, 还有, 如果是), names the other side of a contrast the previous entry makes
        (个人 → 企业), or has no topic of its own (要多久, 收费吗: nothing of its own is found). A question with a
        topic of its own keeps its own reading; the conversation only breaks a tie between its own choices.
        """
        query = query[:MAX_QUERY_CHARS]
        own = self.match(query, today)
        previous = self.by_id.get(previous_id or "")
        text = self.normalise(query)
        if previous is None or not text:
            return own
        opening = bool(_FOLLOW_UP_HEAD.match(text)) or not self._has_topic(text)
        switch = self._contrast_switch(text, previous.id)
        if own.status == "answer" and not opening and switch is None:
            return own
        follow = self._follow_up_reading(text, previous.id, switch, today)
        if follow.entry is None or (follow.entry.id == previous.id and switch is None):
            return own  # a follow-up that only repeats the previous answer has found nothing new
        if switch is not None and not self._names(follow.entry.id, switch[2]):
            return MatchResult("clarify", None, follow.score, follow.candidates)  # 怎么降额: no entry says it
        tie = own.status == "clarify" and follow.entry.id in {c.id for c in own.candidates}
        if opening or switch is not None or own.status == "none" or tie:
            return follow
        return own

    def _names(self, entry_id: str, term: str) -> bool:
        """Whether an entry's phrasings name a contrast member (so it is about that side)."""
        return any(term in terms for terms in self.entry_contrasts[self.position[entry_id]].values())

    def _contrast_switch(self, text: str, previous_id: str) -> tuple[str, bool, str] | None:
        """The previous entry's phrasing with the contrast member the follow-up names (个人 → 企业), whether that
        entry covers both sides (首套 and 二套) and so may be the answer again, and the member named."""
        index = self.position[previous_id]
        core = _FOLLOW_UP_HEAD.sub("", text)
        for group_index, group in enumerate(self.contrasts):
            new = [t for t in group if t in core]
            if not new:
                continue
            for asked in self.entry_docs[index]:
                old = [t for t in group if t in asked and t not in core]
                if old:
                    both_sides = new[0] in self.entry_contrasts[index].get(group_index, frozenset())
                    return asked.replace(old[0], new[0]), both_sides, new[0]
        return None

    def _follow_up_reading(
        self, text: str, previous_id: str, switch: tuple[str, bool, str] | None, today: date | None
    ) -> MatchResult:
        """The follow-up read against the previous entry: its phrasing switched to the contrast member named, or
        the follow-up's words together with the previous question."""
        if switch is not None:
            switched, both_sides, _ = switch
            return self.match(switched, today, exclude=() if both_sides else (previous_id,))
        core = _FOLLOW_UP_HEAD.sub("", _FOLLOW_UP_TAIL.sub("", text)) or text
        return self.match(f"{core} {self._topic(previous_id)}", today)

    def _topic(self, entry_id: str) -> str:
        """What an entry's question is about, without the words that ask about many topics (材料, 多少, 办理):
        the words that few of the KB's categories use. 房贷 is the topic of 办理房贷需要哪些材料."""
        question = self.entry_docs[self.position[entry_id]][0]
        words = [w for w in self.tokens.words(question) if self._spread(w) < _TOPIC_SPREAD]
        return " ".join(words) or question

    def _has_topic(self, text: str) -> bool:
        """Whether a question names something of its own (房贷, 信用卡, 企业开户材料) rather than only what it asks
        about something said before (利率多少, 收费吗, 怎么提高, 要多久): a word few categories use, or three words
        that ask about nothing else."""
        actions = self.normalise.vocabulary.actions
        words = [w for w in self.tokens.words(text) if w not in actions and w not in _ASKING]
        return len(words) >= 3 or any(self._spread(w) < _TOPIC_SPREAD for w in words)

    def _count_spread(self, word: str) -> float:
        """The share of the KB's categories whose entries mention the word anywhere."""
        found = {self.entries[i].category for i, text in enumerate(self.entry_text) if word in text}
        return len(found) / max(1, len(self._categories))

    def _names_other_institution(self, query: str) -> bool:
        """Questions about another bank's or a payment app's products are not ours to answer; money moved to or from
        one, or its card linked to ours (转到建行的卡多久能到, 把工商银行的卡加到手机银行), is ours."""
        if self.other_institutions is None:
            return False
        text = to_simplified(query.lower())
        return self.other_institutions.search(text) is not None and not _LINKED.search(text)

    def _contrast_terms(
        self, text: str, words: Sequence[str] | None = None, *, aliases: bool = True
    ) -> dict[int, frozenset[str]]:
        """For each contrast group, the members this text names, as part of it (企业) or (`aliases`) as a word of
        its own that stands for one (开 in 手机银行怎么开 for 开通); `words`: the text's words when already cut."""
        found = {}
        standing = self.normalise.vocabulary.word_synonyms if aliases else {}
        cut = (self.tokens.words(text) if words is None else words) if standing else ()
        named = {standing.get(w, w) for w in cut}
        for index, group in enumerate(self.contrasts):
            present = frozenset(term for term in group if term in text or term in named)
            if present:
                found[index] = present
        return found

    def _decide(self, ranked: list[tuple[int, float]]) -> MatchResult:
        s = self.settings
        if not ranked or ranked[0][1] < s.low:
            near = tuple(self._candidate(i, sc) for i, sc in ranked[: s.max_choices])
            return MatchResult("none", None, ranked[0][1] if ranked else 0.0, near)
        best, best_score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        choices = tuple(self._candidate(i, sc) for i, sc in ranked[: s.max_choices] if sc >= s.low)
        # Evidence shared by both entries narrows their gap by its share, so the margin narrows with it.
        if best_score >= s.high and best_score - runner_up >= s.margin * (1 - s.evidence_share):
            return MatchResult("answer", self.entries[best], best_score, choices)
        return MatchResult("clarify", None, best_score, choices)

    def _candidate(self, index: int, score: float) -> Candidate:
        entry = self.entries[index]
        return Candidate(entry.id, score, entry.question)


MAX_QUERY_CHARS = 300  # a question is a sentence or two; the rest of a pasted page is not read (nor paid for)
_ASKED_ACTION = re.compile(
    r"(?P<ask>怎么|如何|怎样|能不能|能否|可以|可不可以|想|要)(?P<word>[\u4e00-\u9fa5])(?![\u4e00-\u9fa5])"
)
_LINKED = re.compile(r"转到|转给|转入|转进|转去|汇到|汇给|汇入|打到|打给|绑定|绑到|绑卡|添加|加到|归集|关联|跨行|他行")
_FOLLOW_UP_HEAD = re.compile(r"^(那么|那|如果是|要是|换成|改成|还有)")
_FOLLOW_UP_TAIL = re.compile(r"(的话|的|怎么|可以|呢|情况)+$")
_TOPIC_SPREAD = 0.5  # a word half the categories use asks about something; it is not what is asked about
_ASKING = frozenset(
    ["怎么", "什么", "多少", "多久", "哪里", "为什么", "可以", "需要", "能", "要", "有", "吗", "呢", "是"]
)


_NOUN_TAGS = frozenset({"n", "nz", "nr", "ns", "nt", "eng", "vn", "j"})


def _is_noun(word: str) -> bool:
    """One word the dictionary reads as a noun (or an abbreviation, a name, an English word)."""
    tags = tagged(word)
    return len(tags) == 1 and tags[0][1] in _NOUN_TAGS


def _sounds(tokens: Tokeniser, text: str) -> str:
    """The text's syllables between separators, so a homophone typo (申清 for 申请) is still found."""
    return "|" + "|".join(tokens.syllables(text)) + "|"


def _alternation_of(words: set[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _bags(token_lists: list[list[str]], doc_entry: np.ndarray, n_entries: int) -> list[list[str]]:
    """All tokens of all phrasings of each entry together."""
    bags: list[list[str]] = [[] for _ in range(n_entries)]
    for doc, tokens in enumerate(token_lists):
        bags[int(doc_entry[doc])].extend(tokens)
    return bags


def _conflicts(query: dict[int, frozenset[str]], doc: dict[int, frozenset[str]]) -> bool:
    """The phrasing names only other members of a group the question names (企业 asked, 个人 indexed)."""
    return any(group in doc and not (doc[group] & terms) for group, terms in query.items())


def _ordinal(day: date | None, default: int) -> int:
    return day.toordinal() if day else default
