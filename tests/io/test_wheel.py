"""The wheel works on its own: built, installed in a fresh venv outside the repository, run.

The fresh venv sees the dependencies already installed next to the running
interpreter (a ``.pth`` file naming that site-packages; the editable install of
netsim there is not activated, since the ``.pth`` files of an added folder are
not read), so nothing is downloaded. Its ``netsim`` is the wheel's: the test
checks ``netsim.__file__`` and runs every command from a folder outside the
repository, with no PYTHONPATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 300


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the wheel from a copy of the sources, install it into a fresh venv."""
    pytest.importorskip("setuptools", reason="building the wheel needs setuptools (dev extra)")
    root = tmp_path_factory.mktemp("wheel")
    assert REPO not in root.parents
    source = root / "source"  # a copy, so that the build leaves nothing in the repository
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(
        REPO / "netsim", source / "netsim", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    env = {**_env(), "PIP_NO_INDEX": "1"}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    dist = root / "dist"
    pip = [sys.executable, "-m", "pip"]
    _run([*pip, "wheel", ".", "--no-deps", "--no-build-isolation", "-w", str(dist)], source, env)
    (wheel,) = dist.glob("netsim-*.whl")

    fresh = root / "venv"
    venv.EnvBuilder(with_pip=False).create(fresh)
    python = fresh / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            text=True,
            env=env,
        ).strip()
    )
    (site / "repo_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", "utf-8")
    _run([*pip, "--python", str(python), "install", "--no-deps", str(wheel)], root, env)
    work = root / "work"
    work.mkdir()
    return {"wheel": wheel, "bin": fresh / "bin", "site": site, "work": work}


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NETSIM_"))}


def test_wheel_holds_the_data_and_the_dashboard(installed: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    assert "netsim/data/scenarios/hybrid.toml" in names
    assert "netsim/data/experiments/quick.toml" in names
    assert "netsim/data/calibrations/talis_small.toml" in names
    assert "netsim/data/robustness/robust_policies.csv" in names  # the dashboard reads it
    assert "netsim/dashboard/app.py" in names
    assert "netsim/dashboard/upload.vue" in names
    assert not any(n.startswith(("tests/", "docs/")) for n in names)


def test_installed_netsim_is_the_wheels(installed: dict[str, Path]) -> None:
    done = _run(
        [str(installed["bin"] / "python"), "-c", "import netsim; print(netsim.__file__)"],
        installed["work"],
        _env(),
    )
    where = Path(done.stdout.strip())
    assert installed["site"] in where.parents, where
    assert REPO not in where.parents


def test_installed_commands_run_and_write_their_files(installed: dict[str, Path]) -> None:
    netsim = str(installed["bin"] / "netsim")
    work, env = installed["work"], _env()

    listed = _run([netsim, "list"], work, env).stdout
    assert "Scenarios shipped with netsim:" in listed
    assert "Experiments shipped with netsim:" in listed
    assert "  hybrid " in listed
    assert "  quick " in listed

    out = work / "hybrid"
    _run([netsim, "run", "hybrid", "--reps", "1", "--years", "1", "--out", str(out)], work, env)
    for name in ("results.parquet", "results.csv", "log.csv", "scenario.toml", "report.html"):
        assert (out / name).is_file(), name
    assert len(pd.read_parquet(out / "results.parquet")) == 13  # months 0 to 12

    sweep = work / "quick"
    _run([netsim, "sweep", "quick", "--out", str(sweep), "--no-progress"], work, env)
    for name in ("design.parquet", "experiment.toml", "scenario.toml"):
        assert (sweep / name).is_file(), name
    assert len(list((sweep / "runs").glob("run-*.parquet"))) == 18
    assert len(list((sweep / "indicators").glob("run-*.parquet"))) == 18


def test_installed_netsim_finds_the_users_folder(installed: dict[str, Path]) -> None:
    netsim = str(installed["bin"] / "netsim")
    work = installed["work"]
    mine = work / "my_scenarios"
    mine.mkdir()
    (mine / "tiny.toml").write_text(
        'title = "Tiny"\nsummary = "My own."\nextends = "hybrid"\n[population]\nn_teachers = 200\n',
        encoding="utf-8",
    )
    env = {**_env(), "NETSIM_SCENARIOS": str(mine)}
    listed = _run([netsim, "list"], work, env).stdout
    assert f"Scenarios of yours ({mine}):" in listed
    assert "  tiny " in listed
    checked = _run([netsim, "validate", "tiny", "quick"], work, env).stdout
    assert "ok  tiny: Tiny" in checked
    assert "ok  quick: " in checked
