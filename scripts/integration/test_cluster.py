"""`steward nightly` on a real Spark standalone cluster (a master and two workers on 127.0.0.1, from
pyspark's distribution), through scripts/spark-submit-nightly, against the same night computed
in local mode."""

from __future__ import annotations

import json
import math
import urllib.request

import pytest

from conftest import (
    NIGHT,
    QUICK_JVM,
    ROOT,
    SPARK_HOME,
    Service,
    free_port,
    group_alive,
    poll,
    run,
    steward,
)

WORKERS = 2
RESULT_TABLES = ["feature_drift", "performance_metrics", "fairness_metrics", "operational_metrics"]
PER_RUN = {"run_id", "computed_at"}


@pytest.fixture
def standalone_cluster(spark_env, tmp_path):
    """Starts a master and two one-core workers; stops all of them by PID at the end, however the
    test ends. Yields (master URL, master web UI URL, worker work folders)."""
    port, ui = free_port(), free_port()
    services = []
    try:
        services.append(Service(
            "master",
            [SPARK_HOME / "bin" / "spark-class", "org.apache.spark.deploy.master.Master",
             "--host", "127.0.0.1", "--port", port, "--webui-port", ui],
            spark_env, tmp_path / "master.log"))
        url = f"spark://127.0.0.1:{port}"
        status = f"http://127.0.0.1:{ui}/json/"
        poll("master", lambda: urllib.request.urlopen(status, timeout=5).status == 200, 120,
             alive=services)
        work = []
        for i in range(WORKERS):
            work.append(tmp_path / f"worker{i}")
            services.append(Service(
                f"worker {i}",
                [SPARK_HOME / "bin" / "spark-class", "org.apache.spark.deploy.worker.Worker",
                 "--host", "127.0.0.1", "--cores", "1", "--memory", "1536m",
                 "--webui-port", free_port(), "--work-dir", work[i], url],
                spark_env, tmp_path / f"worker{i}.log"))
        poll("two workers", lambda: master_state(status)["aliveworkers"] == WORKERS, 120,
             alive=services)
        yield url, status, work
    finally:
        for s in reversed(services):
            s.stop()
        assert not any(group_alive(s.pid) for s in services)


def master_state(status_url: str) -> dict:
    with urllib.request.urlopen(status_url, timeout=5) as r:
        return json.load(r)


def night_results(env, launcher) -> dict[str, list[dict]]:
    """Every results row of the night, per table, as JSON objects."""
    union = " UNION ALL ".join(
        f"SELECT '{t}' AS t, to_json(struct(*)) AS j FROM steward.{t}"
        f" WHERE granularity = 'DAY' AND window_start = TIMESTAMP '{NIGHT} 00:00:00'"
        for t in RESULT_TABLES
    )
    r = launcher(union)
    assert r.code == 0, str(r)
    rows: dict[str, list[dict]] = {t: [] for t in RESULT_TABLES}
    for line in r.out.splitlines():
        o = json.loads(line)
        rows[o["t"]].append(json.loads(o["j"]))
    return rows


def split(row: dict):
    """(identity of the row, its figures): figures are the floating-point fields."""
    ident = {k: v for k, v in row.items() if k not in PER_RUN and not isinstance(v, float)}
    figures = {k: v for k, v in row.items() if isinstance(v, float)}
    return json.dumps(ident, sort_keys=True), figures


def assert_same_results(local: list[dict], cluster: list[dict], table: str):
    assert len(local) == len(cluster) > 0, table
    a = sorted(map(split, local), key=lambda p: (p[0], sorted(p[1].items())))
    b = sorted(map(split, cluster), key=lambda p: (p[0], sorted(p[1].items())))
    for (ia, fa), (ib, fb) in zip(a, b):
        assert ia == ib, table
        assert fa.keys() == fb.keys(), (table, ia)
        for k in fa:
            assert math.isclose(fa[k], fb[k], rel_tol=1e-9, abs_tol=1e-9), (table, ia, k, fa[k], fb[k])


def test_nightly_on_a_standalone_cluster_matches_the_local_run(
    spark_env, bench_warehouse, standalone_cluster, launcher_archive
):
    url, status, work = standalone_cluster
    wh = str(bench_warehouse)

    # The night the bench fixture computed in local mode, under spark-submit: the reference.
    local = night_results(
        spark_env, lambda q: steward(spark_env, "sql", q, "--format", "json", "--warehouse", wh))

    cluster_run = run(
        [ROOT / "scripts" / "spark-submit-nightly", "--date", NIGHT, "--master", url,
         "--warehouse", wh,
         "--conf", "spark.executor.memory=1g", "--conf", "spark.driver.host=127.0.0.1",
         "--conf", f"spark.executor.extraJavaOptions={QUICK_JVM}",
         "--conf", "spark.sql.shuffle.partitions=4", "--conf", "spark.ui.enabled=false",
         # Small tables: Delta's log in few partitions, as the local session has it.
         "--conf", "spark.databricks.delta.snapshotPartitions=2"],
        spark_env, timeout=900)
    assert cluster_run.code == 0, str(cluster_run)
    # The per-model summary table: both models, the night, the rows each served.
    for model in ("bench_m00", "bench_m01"):
        assert f"{model}  v1       {NIGHT}  10000" in cluster_run.out, str(cluster_run)

    apps = master_state(status)["completedapps"]
    assert [(a["name"], a["cores"], a["state"]) for a in apps] == [
        (f"steward nightly {NIGHT}", WORKERS, "FINISHED")]
    for w in work:  # each worker ran an executor of the application
        assert any((w / apps[0]["id"]).iterdir()), w

    cluster = night_results(
        spark_env, lambda q: steward(spark_env, "sql", q, "--format", "json", "--warehouse", wh))
    for t in RESULT_TABLES:
        assert_same_results(local[t], cluster[t], t)
    # The cluster's rows replaced the local run's (one run id each, not a duplicate night).
    run_ids = {t: {r["run_id"] for r in cluster[t]} for t in RESULT_TABLES}
    assert len(set().union(*run_ids.values())) == 1
    assert run_ids["feature_drift"] != {r["run_id"] for r in local["feature_drift"]}
