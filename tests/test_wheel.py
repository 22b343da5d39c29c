"""The built wheel carries its migrations and reference data: `timeline db upgrade` works installed."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_installed_wheel_migrates_and_ingests(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    wheel = next(dist.glob("timeline-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Dependencies come from the test environment (a plain path: its editable hook stays off);
    # the package itself only from the wheel.
    Path(purelib, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", purelib, str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "TIMELINE_DATABASE_URL": f"sqlite:///{work / 'w.db'}"}
    env.pop("TIMELINE_REFERENCE_DIR", None)
    run = lambda *args: subprocess.run(  # noqa: E731
        [py, "-m", "timeline", *args], cwd=work, env=env, capture_output=True, text=True
    )
    where = subprocess.run(
        [py, "-c", "import timeline; print(timeline.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(ROOT / "src") not in where, where
    for args in (["db", "upgrade"], ["db", "downgrade", "base"], ["db", "upgrade"]):
        result = run(*args)
        assert result.returncode == 0, result.stderr
    assert run("db", "current").stdout.startswith(run("db", "current").stdout.split()[0])
    result = run("ingest", str(ROOT / "seeds" / "corpus"))
    assert result.returncode == 0, result.stderr
    assert "4 added" in result.stderr
