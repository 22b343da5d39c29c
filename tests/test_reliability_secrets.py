"""Secrets: a password in the database URL never appears in output, errors or logs.

Commands run with the password in ``--db`` (or in ``$TIMELINE_DATABASE_URL``)
against a server that refuses connections (in-process: a traceback would fail
the test), and, with PostgreSQL available, in fresh processes against a
database that does not exist and a real database, whose local trust
authentication ignores the password, so the commands succeed, and fail for other
reasons too: a bad file, a bad date. One run turns on DEBUG logging for every
library. Neither the password nor its URL-encoded form may appear in stdout or
stderr.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import PG_URL
from tests.corpus_gen import fresh_database, subprocess_env, write_corpus

PASSWORD = "Zq7%kX@p:w/ñ"  # every character that needs URL-encoding, and a ConfigParser '%'
REFUSED = make_url("postgresql+psycopg://postgres@127.0.0.1:1/timeline").set(password=PASSWORD)
DEBUG_LOGGING = (  # SQLAlchemy holds its own loggers at WARNING unless told
    "import logging; logging.basicConfig(level=logging.DEBUG); logging.getLogger('sqlalchemy').setLevel(10); "
    "from timeline.cli import main; main()"
)


def with_password(url: str) -> str:
    return make_url(url).set(password=PASSWORD).render_as_string(hide_password=False)


def run(url: str, *args: str, via_env: bool = False, debug: bool = False) -> subprocess.CompletedProcess[str]:
    env = subprocess_env()
    if via_env:
        env["TIMELINE_DATABASE_URL"] = url
        argv = ["timeline", *args]
    else:
        argv = ["timeline", "--db", url, *args]
    program = ["-c", DEBUG_LOGGING] if debug else ["-m", "timeline"]
    return subprocess.run(
        [sys.executable, *program, *argv[1:]], env=env, capture_output=True, text=True, timeout=300
    )


def assert_secret_kept(done: subprocess.CompletedProcess[str]) -> None:
    encoded = make_url("postgresql://u@h/d").set(password=PASSWORD).render_as_string(hide_password=False)
    secret_forms = {PASSWORD, encoded.split(":", 2)[2].split("@h/")[0], "Zq7"}
    for form in secret_forms:
        assert form not in done.stdout and form not in done.stderr, (done.args, form, done.stderr[-2000:])


COMMANDS = [("ingest", "-"), ("export",), ("chronology", "--actor", "CJNG"), ("stats",), ("db", "current"),
            ("db", "upgrade"), ("db", "downgrade", "base")]  # fmt: skip


@pytest.mark.parametrize("via_env", [False, True], ids=["--db", "environment"])
def test_refused_connection_names_the_server_not_the_password(
    via_env: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from timeline.cli import main

    url = REFUSED.render_as_string(hide_password=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("Gunmen killed two police officers in Celaya."))
    if via_env:
        monkeypatch.setenv("TIMELINE_DATABASE_URL", url)
    for args in COMMANDS:
        monkeypatch.setattr(sys, "argv", ["timeline", *([] if via_env else ["--db", url]), *args])
        with pytest.raises(SystemExit) as exit_info:
            main()
        out, err = capsys.readouterr()
        assert exit_info.value.code == 1, args
        assert err.startswith("Error: ") and "postgres:***@127.0.0.1:1/timeline" in err, (args, err)
        assert_secret_kept(subprocess.CompletedProcess(args, 1, out, err))


@pytest.mark.skipif(not PG_URL, reason="needs TIMELINE_TEST_POSTGRES_URL")
def test_a_real_postgresql_database_never_shows_the_password(
    tmp_path: Path, templates: dict[str, str]
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 4, seed=2)  # four distinct texts
    (corpus / "broken.txt").write_bytes(b"\x00\x01" * 100)
    with fresh_database("postgresql", tmp_path, templates["postgresql"]) as plain:
        url = with_password(plain)
        ingest = run(url, "ingest", str(corpus))
        assert ingest.returncode == 1 and "4 added" in ingest.stderr and "broken.txt" in ingest.stderr
        upgrade = run(url, "db", "upgrade")
        assert upgrade.returncode == 0 and "postgres:***@" in upgrade.stderr
        runs = [
            ingest, upgrade,
            run(url, "stats", via_env=True),
            run(url, "chronology", "--actor", "CJNG", debug=True),
            run(with_password(make_url(plain).set(database="no_such_database").render_as_string()), "stats"),
        ]  # fmt: skip
    assert runs[-1].returncode == 1 and "***@" in runs[-1].stderr
    assert "DEBUG:sqlalchemy.pool" in runs[-2].stderr  # the logging run logged connections and SQL
    for done in runs:
        assert "Traceback" not in done.stderr
        assert_secret_kept(done)
