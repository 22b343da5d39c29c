"""pytest-alembic's fixtures, on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event

from tests.conftest import BACKENDS, new_database_url


@pytest.fixture
def alembic_config():
    from timeline.db import alembic_config as make_config

    return make_config()


@pytest.fixture(params=BACKENDS)
def alembic_engine(request: pytest.FixtureRequest, tmp_path: Path):
    from timeline.db import make_engine

    for url in new_database_url(request.param, tmp_path, request):
        engine = make_engine(url)
        if engine.dialect.name == "sqlite":
            # Like timeline.db._run: batch rebuilds must run with foreign keys off.
            event.listen(engine, "connect", lambda c, _r: c.execute("PRAGMA foreign_keys=OFF"))
        yield engine
        engine.dispose()
