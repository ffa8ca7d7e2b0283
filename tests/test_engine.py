"""The distributed engine gives exactly the single-process result."""
import pytest

from seismo import engine
from seismo.bench.speed import _documents, news_texts
from seismo.errors import ConfigError


def _events(pairs):
    return [(doc.id, [e.to_dict() for e in events]) for doc, events in pairs]


@pytest.mark.slow
def test_dask_two_workers_identical_to_local(shared_dir, pipeline):
    docs = _documents(news_texts(limit=24))
    local = _events(engine.extract(docs, "local", pipeline=pipeline))
    distributed = _events(engine.extract(docs, "dask", workers=2, batch_size=4))
    assert [d for d, _ in distributed] == [d.id for d in docs]
    assert distributed == local
    assert sum(len(e) for _, e in local) > 0


def test_unknown_engine_is_a_config_error():
    with pytest.raises(ConfigError):
        list(engine.extract([], "spark"))
