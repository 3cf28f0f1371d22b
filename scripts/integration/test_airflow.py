"""scripts/airflow/steward_dag.py in a real Apache Airflow (its own virtual environment)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3

import pytest

from conftest import AIRFLOW_VENV, NIGHT, ROOT, run

DAGS = ROOT / "scripts" / "airflow"
DAG_ID = "steward_nightly"


@pytest.fixture(scope="module")
def migrated_db(tmp_path_factory, spark_env):
    """An Airflow metadata database migrated once for the module; each test works on a copy."""
    home = tmp_path_factory.mktemp("airflow-template")
    env = dict(spark_env, AIRFLOW_HOME=str(home), AIRFLOW__CORE__LOAD_EXAMPLES="False",
               AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{home / 'airflow.db'}")
    r = run([AIRFLOW_VENV / "bin" / "airflow", "db", "migrate"], env)
    assert r.code == 0, str(r)
    return home / "airflow.db"


@pytest.fixture
def airflow(tmp_path, spark_env, migrated_db):
    """An Airflow home with a fresh copy of the migrated SQLite metadata database; returns (run
    airflow, home)."""
    home = tmp_path / "airflow"
    home.mkdir()
    shutil.copyfile(migrated_db, home / "airflow.db")
    env = dict(
        spark_env,
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__DAGS_FOLDER=str(DAGS),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{home / 'airflow.db'}",
        STEWARD_HOME=str(ROOT),
    )

    def airflow_cli(*args, extra_env=None, timeout=600):
        return run([AIRFLOW_VENV / "bin" / "airflow", *args], dict(env, **(extra_env or {})),
                   timeout=timeout)

    airflow_cli.env = env
    return airflow_cli, home


def dag_run_outcome(home):
    """(run state, {task: state}, {task: returned value}) of the one DAG run in the database."""
    with sqlite3.connect(home / "airflow.db") as db:
        runs = db.execute("SELECT state, logical_date FROM dag_run WHERE dag_id = ?", (DAG_ID,)).fetchall()
        tasks = dict(db.execute("SELECT task_id, state FROM task_instance WHERE dag_id = ?", (DAG_ID,)))
        xcoms = {t: json.loads(v) for t, v in db.execute(
            "SELECT task_id, value FROM xcom WHERE dag_id = ? AND key = 'return_value'", (DAG_ID,))}
    assert len(runs) == 1, runs
    assert runs[0][1].startswith(NIGHT), runs
    return runs[0][0], tasks, xcoms


def test_dag_loads_with_its_tasks_and_commands(airflow):
    airflow_cli, _ = airflow
    # Airflow's own warnings (an optional graphviz) come first on stdout; the JSON is the last line.
    # (That Airflow finds the DAG by its id in the folder, the `dags test` runs below show.)
    r = airflow_cli("dags", "list-import-errors", "--local", "-o", "json")
    assert r.code == 0, str(r)
    assert json.loads(r.out.splitlines()[-1]) == []

    probe = (
        "import json, steward_dag as m\n"
        "d = m.dag\n"
        "print(json.dumps({'schedule': repr(d.timetable), 'catchup': d.catchup,"
        " 'max_active_runs': d.max_active_runs,"
        " 'tasks': {t.task_id: {'command': t.bash_command, 'retries': t.retries,"
        " 'upstream': sorted(t.upstream_task_ids), 'env': t.env} for t in d.tasks}}))\n"
    )
    r = run([AIRFLOW_VENV / "bin" / "python", "-c", probe],
            dict(airflow_cli.env, PYTHONPATH=str(DAGS), STEWARD_HOME="/opt/steward",
                 STEWARD_WAREHOUSE="s3a://bank/wh"))
    assert r.code == 0, str(r)
    d = json.loads(r.out)
    assert "CronDataIntervalTimetable" in d["schedule"] and "0 0 * * *" in d["schedule"]
    assert d["catchup"] is False and d["max_active_runs"] == 1
    tasks = d["tasks"]
    assert sorted(tasks) == ["audit", "nightly"]
    assert tasks["audit"]["upstream"] == ["nightly"] and tasks["nightly"]["upstream"] == []
    assert tasks["nightly"]["command"].splitlines()[0] == "/opt/steward/scripts/steward nightly --date {{ ds }}"
    assert tasks["audit"]["command"].splitlines()[0] == "/opt/steward/scripts/steward audit --as-of {{ ds }}"
    for t in tasks.values():
        assert t["retries"] == 2
        assert t["env"] == {"STEWARD_HOME": "/opt/steward", "STEWARD_WAREHOUSE": "s3a://bank/wh"}
        assert 'if [ "$code" -eq 3 ]; then echo "alerts raised"; exit 0; fi' in t["command"]


def test_dags_test_runs_the_night_against_a_local_warehouse(airflow, bench_warehouse, launcher_archive):
    airflow_cli, home = airflow
    r = airflow_cli("dags", "test", DAG_ID, NIGHT, extra_env={"STEWARD_WAREHOUSE": str(bench_warehouse)})
    assert r.code == 0, str(r)
    state, tasks, xcoms = dag_run_outcome(home)
    assert (state, tasks, xcoms) == (
        "success", {"nightly": "success", "audit": "success"},
        {"nightly": "clean", "audit": "alerts raised"})
    assert "bench_m00  v1       2026-03-02  10000" in r.out + r.err  # nightly's summary, in the task log
    # The audit of the logical date: the trail first (the first admin's grant, then each model's
    # MONITOR_REGISTERED and BASELINE_BUILT), then the bench's models, which serve traffic but are
    # not in the registry (only their monitors are): exit 3, so the task returns "alerts raised".
    assert re.search(r"trail intact: \d+ events, hash chain verified", r.out + r.err)
    assert "audit 2026-03-02: raised 2 (unowned: 2), escalated 0, actioned 0; 2 open" in r.out + r.err


def fake_steward(tmp_path, code):
    fake = tmp_path / "fake-steward"
    fake.write_text(f"#!/usr/bin/env bash\necho \"fake steward $*\"\nexit {code}\n")
    fake.chmod(0o755)
    return {"STEWARD_NIGHTLY_CMD": f"{fake} nightly", "STEWARD_AUDIT_CMD": f"{fake} audit"}


def test_exit_3_is_alerts_raised_not_a_failure(airflow, tmp_path):
    airflow_cli, home = airflow
    r = airflow_cli("dags", "test", DAG_ID, NIGHT, extra_env=fake_steward(tmp_path, 3))
    assert r.code == 0, str(r)
    assert dag_run_outcome(home) == (
        "success", {"nightly": "success", "audit": "success"},
        {"nightly": "alerts raised", "audit": "alerts raised"})


def test_exit_1_fails_the_task(airflow, tmp_path):
    """`airflow tasks test` runs the task alone and reports its failure in the log (it exits 0)."""
    airflow_cli, _ = airflow
    r = airflow_cli("tasks", "test", DAG_ID, "nightly", NIGHT, extra_env=fake_steward(tmp_path, 1))
    log = r.out + r.err
    assert "fake steward nightly --date 2026-03-02" in log, str(r)
    assert "Command exited with return code 1" in log and "Task failed with exception" in log
