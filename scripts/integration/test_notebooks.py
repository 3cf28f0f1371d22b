"""The analysts' notebooks (notebooks/*.ipynb) run top to bottom with nbclient, in a kernel of this
environment (pyspark and delta-spark at the build's versions), against a small demo warehouse and
against an empty one, as an analyst would run them.

The demo warehouse is built once for the session by the jar under spark-submit (`steward demo`,
small). Each notebook runs once on it and must not fail, must draw at least one chart and must
print the figures the test reads back from the warehouse through `steward sql` (the views of the
CLI, not the notebooks' own session). Two notebooks then run on a just-initialised warehouse and
must say "no data yet" instead of failing. The kernels put the Steward jar (which bundles Delta) on
Spark's class path through STEWARD_NOTEBOOK_JARS, so nothing is downloaded.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT, pom_property, spark_jar, spark_submit

NOTEBOOKS = ROOT / "notebooks"
NAMES = [
    "portfolio_review",
    "drift_deep_dive",
    "fairness_review",
    "zombie_audit",
    "late_labels_backfill",
]
MODEL = "credit_limit"  # the notebooks' default MODEL


def pins(requirements: Path) -> dict[str, str]:
    found = {}
    for line in requirements.read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if m:
            found[m.group(1).lower()] = m.group(2)
    return found


def test_pins_equal_the_build() -> None:
    notebook_pins = pins(NOTEBOOKS / "requirements.txt")
    assert notebook_pins["pyspark"] == pom_property("spark.version")
    assert notebook_pins["delta-spark"] == pom_property("delta.version")
    # The integration tests' environment runs the notebooks: it must hold the same pins.
    integration = pins(ROOT / "scripts" / "integration" / "requirements.txt")
    assert {k: integration.get(k) for k in notebook_pins} == notebook_pins


def test_committed_notebooks_are_stripped_and_parameterised() -> None:
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)
    for name in NAMES:
        nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        for cell in code:
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: outputs kept"
        first = code[0]
        assert "parameters" in first.metadata.get("tags", []), f"{name}: no parameters cell first"
        assert re.search(r"^WAREHOUSE = ", first.source, re.M), name


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory, spark_env) -> Path:
    """The small demo (120 predictions per model and night, as DemoEndToEndTest), run by the jar."""
    warehouse = tmp_path_factory.mktemp("notebooks-demo") / "wh"
    r = spark_submit(spark_env, spark_jar(), "demo", "--rows-per-day", "120",
                     "--snapshot-rows", "2000", "--warehouse", warehouse, timeout=1800)
    # 3: the closing audit raised triggers, as the demo sets up.
    assert r.code == 3, str(r)
    return warehouse


@pytest.fixture(scope="session")
def empty_warehouse(tmp_path_factory, spark_env) -> Path:
    warehouse = tmp_path_factory.mktemp("notebooks-empty") / "wh"
    r = spark_submit(spark_env, spark_jar(), "init", "--warehouse", warehouse)
    assert r.code == 0, str(r)
    return warehouse


@pytest.fixture(scope="session")
def expected(demo_warehouse, spark_env) -> dict[str, str]:
    """The figures the notebooks print, asked of the demo warehouse through `steward sql`."""
    query = f"""
        WITH v AS (SELECT champion_version AS version FROM steward.models
                   WHERE model_id = '{MODEL}')
        SELECT
          (SELECT count(*) FROM steward.inventory) AS models,
          (SELECT count(*) FROM steward.open_items) AS open_items,
          (SELECT version FROM v) AS version,
          (SELECT count(DISTINCT night) FROM steward.drift_history
           WHERE model_id = '{MODEL}' AND model_version = (SELECT version FROM v)
             AND granularity = 'DAY') AS drift_nights,
          (SELECT count(DISTINCT night) FROM steward.fairness_history
           WHERE model_id = '{MODEL}' AND model_version = (SELECT version FROM v)
             AND granularity = 'DAY' AND group_value IS NULL
             AND metric = 'demographic_parity_ratio' AND under_four_fifths) AS unfair_nights,
          (SELECT count(*) FROM steward.open_items
           WHERE item = 'TRIGGER' AND kind = 'ZOMBIE') AS zombies,
          (SELECT count(*) FROM steward.job_runs WHERE command = 'nightly') AS nightly_runs
    """
    r = spark_submit(spark_env, spark_jar(), "sql", query, "--format", "csv",
                     "--warehouse", demo_warehouse)
    assert r.code == 0, str(r)
    rows = list(csv.DictReader(io.StringIO(r.out.strip())))
    assert len(rows) == 1, str(r)
    return rows[0]


def execute(name: str, warehouse: Path, spark_env: dict[str, str], keep: Path) -> nbformat.NotebookNode:
    """Runs one notebook in a new kernel (its parameter cell reads STEWARD_WAREHOUSE); writes the
    executed copy to ``keep`` for a person to look at; fails on the first cell that raises."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    env = dict(spark_env, STEWARD_WAREHOUSE=str(warehouse), STEWARD_NOTEBOOK_JARS=str(spark_jar()),
               STEWARD_NOTEBOOK_MASTER="local[2]", MPLBACKEND="module://matplotlib_inline.backend_inline")
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    try:
        client.execute(env=env)
    finally:
        nbformat.write(nb, keep / f"{name}.ipynb")
    return nb


def printed(nb: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.outputs if o.output_type == "stream" and o.get("name") == "stdout")


def figures(nb: nbformat.NotebookNode) -> int:
    return sum(1 for c in nb.cells if c.cell_type == "code" for o in c.outputs
               if "image/png" in o.get("data", {}))


def lines_for(name: str, e: dict[str, str]) -> list[str]:
    v = e["version"]
    return {
        "portfolio_review": [f"models in the inventory: {e['models']}",
                             f"open items: {e['open_items']}"],
        "drift_deep_dive": [f"nights profiled for {MODEL} {v}: {e['drift_nights']}"],
        "fairness_review": [
            f"nights with a demographic parity ratio under 0.8 for {MODEL} {v}: {e['unfair_nights']}"],
        "zombie_audit": [f"open ZOMBIE triggers: {e['zombies']}"],
        "late_labels_backfill": [f"nightly runs: {e['nightly_runs']}"],
    }[name]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_on_the_demo(name, demo_warehouse, expected, spark_env, tmp_path) -> None:
    nb = execute(name, demo_warehouse, spark_env, tmp_path)
    out = printed(nb)
    assert figures(nb) >= 1, f"{name} drew no chart:\n{out}"
    for line in lines_for(name, expected):
        assert re.search(rf"^{re.escape(line)}$", out, re.M), f"{name}: no line {line!r} in\n{out}"
    # The demo has data for every section: nothing may say it is missing.
    assert "no data yet" not in out, out
    if name == "late_labels_backfill":
        # The demo's second nightly run recomputed nights whose labels came late.
        m = re.search(r"^nights whose label coverage the last write raised: (\d+)$", out, re.M)
        assert m and int(m.group(1)) > 0, out


@pytest.mark.parametrize("name", ["portfolio_review", "drift_deep_dive"])
def test_notebook_on_an_empty_warehouse(name, empty_warehouse, spark_env, tmp_path) -> None:
    nb = execute(name, empty_warehouse, spark_env, tmp_path)
    out = printed(nb)
    assert "no data yet" in out, out
    if name == "portfolio_review":
        assert re.search(r"^models in the inventory: 0$", out, re.M), out
    else:
        assert re.search(rf"^no data yet: {MODEL} is not in the warehouse", out, re.M), out
    assert figures(nb) == 0
