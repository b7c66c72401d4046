"""Dense retrieval: sentence-transformers embeddings, L2-normalised, in a FAISS inner-product index.

Normalised vectors make inner product the cosine similarity. The model is configuration
(`CDM_EMBEDDING_MODEL`, default the all-MiniLM-L6-v2 copy shipped in a pip package); it is always
loaded from disk, never downloaded.
"""

from __future__ import annotations

import os
from functools import cache, lru_cache
from pathlib import Path

import faiss
import numpy as np

from indexer.language import BASE


@cache
def load_model(name: str):
    """Load once per process; the model takes a second or two and ~100 MB."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    torch.set_num_threads(max(1, min(torch.get_num_threads(), os.cpu_count() or 1)))
    model = SentenceTransformer(name, device="cpu", local_files_only=True)
    model.eval()
    return model


def set_threads(count: int) -> None:
    """Threads torch and FAISS may use. One is fastest for a single short query (threads only fight
    over two cores); a build embedding thousands of passages wants every core."""
    import torch

    torch.set_num_threads(max(1, count))
    faiss.omp_set_num_threads(max(1, count))


# Query vectors kept per process: the action server embeds a visitor's question for the passages and
# again for the workshops, and visitors ask the same few things (opening hours, a CV workshop) all day.
QUERY_CACHE_SIZE = 2048


def query_key(text: str) -> str:
    """The text a query vector is cached under: whitespace folded, which the model's tokenizer ignores."""
    return " ".join(text.split())


class Embedder:
    """Texts to normalised float32 vectors with the configured model.

    Query vectors are memoised (least recently used first out, `QUERY_CACHE_SIZE` of them): the model is
    most of the action server's time per turn, and a vector depends only on the text and the model.
    The texts kept are queries as the action server receives them, already redacted by the channel.
    """

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name
        self._cached_query = lru_cache(maxsize=QUERY_CACHE_SIZE)(self._embed_query)

    @property
    def model(self):
        return load_model(self.model_name)

    @property
    def dimension(self) -> int:
        getter = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(getter())

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        """One query's vector (read-only: it is shared with later calls for the same text)."""
        return self._cached_query(query_key(text))

    def _embed_query(self, text: str) -> np.ndarray:
        """One query, straight through the model: `encode()` spends milliseconds on batching and on
        switching every module to eval mode, which a single short text does not need."""
        import torch

        model = self.model
        prepare = getattr(model, "preprocess", None) or model.tokenize
        with torch.inference_mode():
            features = prepare([text])
            embedding = model(features)["sentence_embedding"]
            embedding = torch.nn.functional.normalize(embedding, dim=-1)[0]
        vector = np.ascontiguousarray(embedding.cpu().numpy(), dtype=np.float32)
        vector.setflags(write=False)
        return vector


class DenseIndex:
    """Inner-product search over passage vectors.

    Exact (flat) up to `IVF_THRESHOLD` passages, which covers a centre's own base with room to spare;
    above it an inverted-file index visits only the `nprobe` nearest of ~4·sqrt(n) clusters, so a
    query stays within a few milliseconds at 100,000 passages (approximate, with high recall).
    """

    IVF_THRESHOLD = 30_000
    NPROBE = 24

    def __init__(self, index: faiss.Index) -> None:
        self.index = index
        self.ivf = faiss.try_extract_index_ivf(index) if not isinstance(index, faiss.IndexFlat) else None
        if self.ivf is not None:
            self.ivf.nprobe = self.NPROBE

    @classmethod
    def build(cls, vectors: np.ndarray, dimension: int) -> DenseIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(vectors) > cls.IVF_THRESHOLD:
            lists = int(4 * np.sqrt(len(vectors)))
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, lists, faiss.METRIC_INNER_PRODUCT)
            index.train(vectors)
            index.add(vectors)
            return cls(index)
        index = faiss.IndexFlatIP(dimension)
        if len(vectors):
            index.add(vectors)
        return cls(index)

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    def search(
        self, query_vector: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k chunk positions and cosine scores; `allowed` (chunk positions) restricts the search."""
        if self.size == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        query = query_vector.reshape(1, -1).astype(np.float32)
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
            if self.ivf is not None:
                params = faiss.SearchParametersIVF(sel=selector, nprobe=self.NPROBE)
            else:
                params = faiss.SearchParameters(sel=selector)
            k = min(k, len(allowed))
        distances, labels = self.index.search(query, min(k, self.size), params=params)
        keep = labels[0] >= 0
        return labels[0][keep].astype(np.int64), distances[0][keep].astype(np.float32)

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        return cls(faiss.read_index(str(path)))


class Centering:
    """Mean vectors removed before comparing embeddings (a remedy for "hubness").

    With an English-centred model, every French passage shares a strong "French text" direction, so a
    French query lands near a few French hub passages whatever it asks, and far from English ones.
    Passages are centred on the mean of their own language, queries on the mean of the French and
    English passages (the language of a short query is a guess), then renormalised. Passages in the
    other languages stay out of the query's mean: adding a shelf of Spanish resources must not move
    every French and English query.
    """

    def __init__(self, overall: np.ndarray, by_lang: dict[str, np.ndarray]) -> None:
        self.overall = overall.astype(np.float32)
        self.by_lang = {lang: vector.astype(np.float32) for lang, vector in by_lang.items()}

    @classmethod
    def fit(cls, vectors: np.ndarray, langs: list[str], dimension: int) -> Centering:
        if not len(vectors):
            return cls(np.zeros(dimension, dtype=np.float32), {})
        langs_array = np.asarray(langs)
        by_lang = {lang: vectors[langs_array == lang].mean(axis=0) for lang in sorted(set(langs))}
        base = np.isin(langs_array, BASE)
        return cls(vectors[base].mean(axis=0) if base.any() else vectors.mean(axis=0), by_lang)

    @staticmethod
    def _normalise(matrix: np.ndarray) -> np.ndarray:
        norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
        return np.ascontiguousarray(matrix / np.maximum(norms, 1e-12), dtype=np.float32)

    def documents(self, vectors: np.ndarray, langs: list[str]) -> np.ndarray:
        if not len(vectors):
            return vectors
        means = np.vstack([self.by_lang.get(lang, self.overall) for lang in langs])
        return self._normalise(vectors - means)

    def query(self, vector: np.ndarray) -> np.ndarray:
        return self._normalise((vector - self.overall).reshape(1, -1))[0]

    def save(self, path: Path) -> None:
        np.savez(
            path,
            overall=self.overall,
            langs=np.array(sorted(self.by_lang)),
            means=np.array([self.by_lang[lang] for lang in sorted(self.by_lang)]),
        )

    @classmethod
    def load(cls, path: Path) -> Centering:
        with np.load(path) as data:
            langs = [str(lang) for lang in data["langs"]]
            return cls(data["overall"], {lang: data["means"][index] for index, lang in enumerate(langs)})
