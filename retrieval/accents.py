"""Putting diacritics back on a question typed without them, from the knowledge base's own text.

"muc tieu phu song 5g" reads to the embedding model as noise; "mục tiêu phủ sóng 5g" does not. Each
folded syllable can be any accented form the documents use for it; the most likely sequence under the
documents' bigram counts (with unigram back-off) is chosen by Viterbi."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from retrieval.text import fold, raw_tokens

CANDIDATES = 6        # accented forms kept per folded syllable
BACKOFF = 0.4         # weight of the unigram estimate when a bigram was never seen
# Documents rarely ask questions: the question words come from here, counted as if seen this often.
QUESTION_WORDS = ("bao nhiêu", "là gì", "là ai", "ai là", "nào", "mấy", "không", "chưa", "thế nào", "như thế nào",
                  "khi nào", "ở đâu", "tại sao", "vì sao", "được không", "có phải", "gì", "vậy")
QUESTION_WEIGHT = 50


class Accents:
    def __init__(self, texts: Iterable[str]):
        unigrams: Counter[str] = Counter()
        bigrams: Counter[tuple[str, str]] = Counter()
        for text, times in [*((t, 1) for t in texts), *((q, QUESTION_WEIGHT) for q in QUESTION_WORDS)]:
            words = [w.lower() for w in raw_tokens(text) if w.isalpha()]
            for _ in range(times):
                unigrams.update(words)
                bigrams.update(zip(words, words[1:]))
        forms: dict[str, list[str]] = defaultdict(list)
        for word, _ in unigrams.most_common():
            if len(forms[fold(word)]) < CANDIDATES:
                forms[fold(word)].append(word)
        self._forms = dict(forms)
        self._unigrams, self._bigrams = unigrams, bigrams
        self._total = sum(unigrams.values()) or 1

    def _unigram(self, word: str) -> float:
        return math.log((self._unigrams.get(word, 0) + 0.5) / self._total)

    def _transition(self, prev: str, word: str) -> float:
        seen = self._bigrams.get((prev, word), 0)
        if seen:
            return math.log(seen / (self._unigrams.get(prev, 0) or 1))
        return math.log(BACKOFF) + self._unigram(word)

    def restore(self, text: str) -> str:
        """The question with the most likely accented form of each known syllable."""
        words = text.split()
        options = [self._forms.get(fold(w.lower()), [w]) if w.isalpha() and w == fold(w) else [w] for w in words]
        if not words:
            return text
        best = {form: (self._unigram(form), [form]) for form in options[0]}
        for choices in options[1:]:
            best = {form: max(((score + self._transition(prev, form), path + [form])
                               for prev, (score, path) in best.items()), key=lambda t: t[0])
                    for form in choices}
        return " ".join(max(best.values(), key=lambda t: t[0])[1])
