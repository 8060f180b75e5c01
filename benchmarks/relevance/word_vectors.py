"""Experiment (issue 17, session 11): word vectors, and how near a resume's headline is to a query.

The vectors are the truncated SVD of the words' positive pointwise mutual information with the words
around them (Levy and Goldberg's PPMI-SVD), trained by `benchmarks.relevance.build_word_vectors` on
text nobody wrote for this project's evaluation (job postings, O*NET occupations). A text's vector is
the idf-weighted mean of its words' vectors; words outside the vocabulary count for nothing. numpy, and
scipy for the SVD (both come with the dev tools: lightgbm needs them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_WORD = re.compile(r"[a-z][a-z0-9+#]*")
# Function words and the filler of resumes and postings: they carry no role.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each etc few for from further had
    has have having he her here hers him his how i if in into is it its itself just me more most my no
    nor not now of off on once only or other our ours out over own per same she should so some such
    than that the their theirs them then there these they this those through to too under until up
    us very via was we were what when where which while who whom why will with within would you your
    """.split()
)


def stem(word: str) -> str:
    """A plural's singular, nothing more ("deposits" -> "deposit", "classes" -> "class"), so the
    vocabulary stays readable and a query word finds its other number."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The text's content words, lower-cased and singular."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


@dataclass(frozen=True)
class WordVectors:
    """Unit-length vectors per word with each word's idf in the training text."""

    vocabulary: dict[str, int]
    vectors: np.ndarray  # (words, dims), float32, rows of unit length
    idf: np.ndarray  # (words,), float32

    def embed(self, text: str) -> np.ndarray | None:
        """The text's unit vector (idf-weighted mean of its known words), or None when it has none."""
        return self.embed_many([text])[0]

    def embed_many(self, texts: Sequence[str]) -> list[np.ndarray | None]:
        rows = [[self.vocabulary[w] for w in words(text) if w in self.vocabulary] for text in texts]
        out: list[np.ndarray | None] = []
        for row in rows:
            if not row:
                out.append(None)
                continue
            index = np.array(row)
            total = self.idf[index] @ self.vectors[index]
            norm = float(np.linalg.norm(total))
            out.append(total / norm if norm > 0 else None)
        return out

    def similarities(self, query: str, texts: Sequence[str]) -> list[float]:
        """Cosine of each text with the query (0 when either has no known word)."""
        q = self.embed(query)
        if q is None:
            return [0.0] * len(texts)
        return [float(v @ q) if v is not None else 0.0 for v in self.embed_many(texts)]

    def save(self, path: Path) -> None:
        """A compressed .npz: the words in index order, float16 vectors, float16 idf."""
        order = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        np.savez_compressed(
            path,
            words=np.array(order),
            vectors=self.vectors.astype(np.float16),
            idf=self.idf.astype(np.float16),
        )

    @classmethod
    def load(cls, path: Path) -> WordVectors:
        with np.load(path, allow_pickle=False) as data:
            order = [str(w) for w in data["words"]]
            vectors = data["vectors"].astype(np.float32)
            idf = data["idf"].astype(np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        return cls({w: i for i, w in enumerate(order)}, vectors, idf)


def train(
    documents: Iterable[Sequence[str]],
    dims: int = 100,
    window: int = 5,
    min_count: int = 5,
    smoothing: float = 0.75,
    document_context: bool = False,
) -> WordVectors:
    """PPMI-SVD vectors of the documents' words (each document a list of sentences' words joined:
    a window does not cross documents). `document_context` adds each document as a context of its
    words, so words of one posting or occupation come together even when far apart in it."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    docs = [list(doc) for doc in documents]
    counts = Counter(w for doc in docs for w in doc)
    vocabulary = {w: i for i, w in enumerate(sorted(w for w, n in counts.items() if n >= min_count))}
    size = len(vocabulary)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    document_frequency = np.zeros(size)
    for d, doc in enumerate(docs):
        ids = [vocabulary[w] for w in doc if w in vocabulary]
        for i, wi in enumerate(ids):
            for j in range(max(0, i - window), i):
                weight = 1.0 / (i - j)
                rows += (wi, ids[j])
                cols += (ids[j], wi)
                vals += (weight, weight)
        for wi in set(ids):
            document_frequency[wi] += 1
            if document_context:
                rows.append(wi)
                cols.append(size + d)
                vals.append(1.0)
    contexts = size + (len(docs) if document_context else 0)
    matrix = coo_matrix((vals, (rows, cols)), shape=(size, contexts), dtype=np.float64).tocsr()
    matrix.sum_duplicates()
    total = matrix.sum()
    word_sum = np.asarray(matrix.sum(axis=1)).ravel()
    context_sum = np.asarray(matrix.sum(axis=0)).ravel() ** smoothing
    context_p = context_sum / context_sum.sum()
    coo = matrix.tocoo()
    pmi = np.log((coo.data / total) / ((word_sum[coo.row] / total) * context_p[coo.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape).tocsr()
    k = min(dims, min(ppmi.shape) - 1)
    u, s, _ = svds(ppmi, k=k, random_state=17)
    vectors = (u * np.sqrt(s)).astype(np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    idf = np.log((len(docs) + 1) / (document_frequency + 1)).astype(np.float32) + 1.0
    return WordVectors(vocabulary, vectors, idf)
