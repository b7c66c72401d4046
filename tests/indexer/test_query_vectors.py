"""indexer/dense.py: a query's vector is computed once per text, and is the model's own vector."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.dense import Embedder


@pytest.fixture()
def embedder(settings) -> Embedder:
    return Embedder(settings.embedding_model)


def test_a_repeated_query_reuses_its_vector(embedder):
    first = embedder.embed_query("horaires  d'ouverture\tdu centre")
    again = embedder.embed_query(" horaires d'ouverture du centre ")
    assert again is first  # whitespace folded: one entry, the model ran once
    info = embedder._cached_query.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    # the vector handed out is shared, so nobody may change it in place
    with pytest.raises(ValueError):
        first[0] = 1.0


def test_the_cached_vector_is_the_models_own(embedder):
    text = "je cherche un atelier pour refaire mon CV"
    cached = embedder.embed_query(text)
    batch = embedder.embed([text])[0]
    assert np.allclose(cached, batch, atol=1e-5)
    assert np.isclose(float(np.linalg.norm(cached)), 1.0, atol=1e-5)
    other = embedder.embed_query("where is the bus stop")
    assert not np.allclose(cached, other, atol=1e-3)
