"""Choosing the database, creating it, refusing an outdated one, masking passwords."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from timeline import db
from timeline.errors import DatabaseError, InputError, SchemaOutdatedError


def test_url_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(db.URL_ENV, raising=False)
    assert db.resolve_url(None) == "sqlite:///timeline.db"
    monkeypatch.setenv(db.URL_ENV, "sqlite:///from-env.db")
    assert db.resolve_url(None) == "sqlite:///from-env.db"
    assert db.resolve_url("sqlite:///given.db") == "sqlite:///given.db"


def test_new_database_is_created_and_migrated(db_url: str) -> None:
    engine = db.open_database(db_url)
    assert db.current_revision(engine) == db.head_revision()
    names = set(inspect(engine).get_table_names())
    assert {
        "sources",
        "events",
        "actors",
        "actor_aliases",
        "locations",
        "location_aliases",
        "event_actors",
        "event_sources",
        "casualty_figures",
        "event_merges",
    } <= names
    assert {"chronology", "casualties_by_year"} <= set(inspect(engine).get_view_names())
    engine.dispose()


def test_older_revision_is_refused_with_the_fix(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    with pytest.raises(SchemaOutdatedError, match=r"revision 0000, code expects .*run 'timeline db upgrade'"):
        db.ensure_schema(engine)
    engine.dispose()


def test_upgrade_downgrade_upgrade(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.upgrade(engine)
    db.downgrade(engine, "base")
    assert db.current_revision(engine) is None
    assert not set(inspect(engine).get_table_names()) - {"alembic_version"}
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    engine.dispose()


def test_foreign_keys_are_enforced_on_sqlite(tmp_path) -> None:
    engine = db.open_database(f"sqlite:///{tmp_path / 'fk.db'}")
    with pytest.raises(Exception, match="FOREIGN KEY"), engine.begin() as conn:
        conn.execute(text("INSERT INTO event_actors (event_id, actor_id, role) VALUES (999, 999, 'other')"))
    engine.dispose()


def test_check_constraints_reject_bad_rows(engine) -> None:
    with pytest.raises(Exception, match="(?i)check"), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO events (date_precision, date_approximate, aggregate, summary, confidence) "
                "VALUES ('fortnight', false, false, '', 0.5)"
            )
        )


def test_password_is_masked() -> None:
    assert db.mask_url("postgresql://u:s3cret@h/db") == "postgresql://u:***@h/db"
    with pytest.raises(DatabaseError) as info:
        db.current_revision(db.make_engine("postgresql://u:s3cret@127.0.0.1:1/db"))
    assert "s3cret" not in str(info.value) and "***" in str(info.value)


def test_bad_url_is_an_input_error() -> None:
    with pytest.raises(InputError, match="Not a database URL: 'nonsense'"):
        db.make_engine("nonsense")


def test_pinned_revision_is_the_scripts_head() -> None:
    assert db.head_revision() == db.SCHEMA_REVISION


def test_postgres_connections_keep_every_statement_storing_prepares(engine) -> None:  # type: ignore[no-untyped-def]
    """Storing runs ~220 distinct statements; psycopg keeps 100 prepared by default, so the
    oldest were prepared again and again (sqlite3 is given the same size, and has no getter)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("sqlite3 does not report its statement cache's size")
    with engine.connect() as conn:
        assert conn.connection.dbapi_connection.prepared_max == db.PREPARED_STATEMENTS


def test_numbered_parameters_send_each_value_once(engine) -> None:  # type: ignore[no-untyped-def]
    """The candidate search tests the same dates, places and classes in every arm: each
    distinct value becomes one numbered parameter, used wherever the statement needs it."""
    from sqlalchemy.orm import Session

    from timeline.driver import Driver

    class Later:  # a placeholder for a value to come: distinct by identity
        pass

    first, second = Later(), Later()
    with Session(engine) as session:
        driver = Driver(session)
        sql, params = driver.numbered(
            "SELECT ? + ?, ? = ?, ? || ?, ?, ?",
            [2, 2, True, True, "a", "a", first, second],
        )
        sign = "$" if driver.postgres else "?"
        assert sql == f"SELECT {sign}1 + {sign}1, {sign}2 = {sign}2, {sign}3 || {sign}3, {sign}4, {sign}5"
        assert params == [2, True, "a", first, second]  # True is not 1, though equal and hashed alike
        _sql, lists = driver.numbered("SELECT ?, ?, ?", [[1, 2], [1, 2], [2, 1]])
        assert lists == [[1, 2], [2, 1]]
        assert driver.scalar(*driver.numbered("SELECT ? + ?", [20, 20])) == 40
        with pytest.raises(ValueError, match="2 placeholders for 1 parameters"):
            driver.numbered("SELECT ?, ?", [1])


def test_reads_together_and_returned_ids_in_a_pipeline(engine) -> None:  # type: ignore[no-untyped-def]
    """Within a pipeline (PostgreSQL: writes are not waited for), reads sent together and an
    executemany's returned ids each get their own results, not those of the writes before
    them; a refused read raises as its result is read. The same on SQLite, one by one."""
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.orm import Session

    from timeline.driver import Driver

    rows = [{"key": f"test:{i}", "name": f"Actor {i}", "type": "other", "generic": False, "discovered": True}
            for i in range(3)]  # fmt: skip
    with Session(engine) as session:
        driver = Driver(session)
        with driver.pipeline():
            driver.run("UPDATE actors SET name = name WHERE id = (SELECT min(id) FROM actors)")
            ids = driver.insert_ids("actors", rows)
            driver.run("UPDATE actors SET name = ? WHERE id = ?", ("Renamed", ids[0]))
            names, count = driver.rows_together(
                [
                    (f"SELECT name FROM actors WHERE id IN ({', '.join('?' * 3)}) ORDER BY id", ids),
                    ("SELECT count(*) FROM actors WHERE key LIKE ?", ("test:%",)),
                ]
            )
        assert ids == sorted(ids) and len(set(ids)) == 3
        assert [n for (n,) in names] == ["Renamed", "Actor 1", "Actor 2"]
        assert count == [(3,)]
        with pytest.raises(IntegrityError), driver.pipeline():
            driver.rows_together(
                [
                    ("SELECT 1", ()),
                    ("INSERT INTO actors (key, name, type, generic, discovered) "
                     "VALUES (?, 'x', 'other', false, true) RETURNING id", ("test:0",)),
                ]
            )  # fmt: skip
        session.rollback()


def test_the_parts_index_holds_only_parts(engine) -> None:  # type: ignore[no-untyped-def]
    """A total's figure has no ``part_of_id``. When the index on it held every figure's NULL,
    both databases read the figures of a page of events (``part_of_id IS NULL``) through it:
    every figure of the table, 163 ms a page at 1,000,000 events on SQLite. It holds only
    the parts (schema 0006), which a deleted figure's parts are looked up by."""
    totals = "SELECT event_id FROM casualty_figures WHERE event_id IN (1, 2, 3) AND part_of_id IS NULL"
    parts = "SELECT id FROM casualty_figures WHERE part_of_id = 1"
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            def plan(sql: str) -> str:
                return " ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")  # an empty table is otherwise scanned

            def plan(sql: str) -> str:
                return " ".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))
        assert "ix_casualty_figures_part_of" not in plan(totals)
        assert "ix_casualty_figures_event" in plan(totals)
        assert "ix_casualty_figures_part_of" in plan(parts)


def test_every_foreign_key_is_indexed(db_url: str) -> None:
    """Deleting a row makes the database look up what refers to it (ON DELETE CASCADE / SET
    NULL) by the referring columns: without an index led by them, one scan of the whole
    table per row deleted (replacing a document at 20,000 articles took 95 ms a source, its
    figures scanned for their parts, instead of 0.2 ms)."""
    engine = db.open_database(db_url)
    inspector = inspect(engine)
    unindexed = []
    for table in inspector.get_table_names():
        led = [tuple(i["column_names"]) for i in inspector.get_indexes(table)]
        led += [tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)]
        led.append(tuple(inspector.get_pk_constraint(table)["constrained_columns"]))
        for fk in inspector.get_foreign_keys(table):
            columns = tuple(fk["constrained_columns"])
            if not any(index[: len(columns)] == columns for index in led):
                unindexed.append(f"{table}{columns}")
    engine.dispose()
    assert unindexed == []
