"""Steward's daily DAG: the nightly run for the logical date, then the audit.

Each run covers one night: with a daily data-interval timetable in UTC, the run for night D starts
when the night has ended (D+1 00:00 UTC) and its logical date ``ds`` is D. Every night is
idempotent (a rerun replaces that night's results in one Delta commit), so clearing a run and
``airflow backfill create --dag-id steward_nightly --from-date ... --to-date ...`` just work; one run
at a time, since the warehouse takes one writer. A backfill runs up to its own ``--max-active-runs``
nights at once: on a local warehouse set STEWARD_WAIT_LOCK so that they queue on its lock.

Exit codes: 0 clean, 1 failed and 2 bad input fail the task (retried), and 3 ("ran and raised
alerts") is not a failure: the task succeeds and its return value (XCom) says ``alerts raised``.

Set in the scheduler's and workers' environment (read when the DAG file is parsed):
  STEWARD_HOME         where Steward is installed (default: this file's repository)
  STEWARD_WAREHOUSE    the warehouse; passed to every task
  STEWARD_NIGHTLY_CMD  the nightly command without its date (default: $STEWARD_HOME/scripts/steward
                       nightly; on a cluster: $STEWARD_HOME/scripts/spark-submit-nightly)
  STEWARD_AUDIT_CMD    the audit command without its day (default: $STEWARD_HOME/scripts/steward
                       audit, the inventory audit, which first verifies the audit trail's hash
                       chain; on a cluster: $STEWARD_HOME/scripts/spark-submit-nightly --audit)
  STEWARD_WAIT_LOCK    read by steward itself (the tasks inherit the worker's environment): how
                       long a task waits for a local warehouse's lock held by another steward
                       process before failing, for example 2h (default: no wait)
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, CronDataIntervalTimetable

DAG_ID = "steward_nightly"
ALERTS_EXIT_CODE = 3
ALERTS_RAISED = "alerts raised"
CLEAN = "clean"

STEWARD_HOME = os.environ.get("STEWARD_HOME", str(Path(__file__).resolve().parents[2]))
NIGHTLY_CMD = os.environ.get("STEWARD_NIGHTLY_CMD", f"{STEWARD_HOME}/scripts/steward nightly")
AUDIT_CMD = os.environ.get("STEWARD_AUDIT_CMD", f"{STEWARD_HOME}/scripts/steward audit")


def steward_command(command: str) -> str:
    """A bash command that runs ``command`` and ends with one line saying how it went.

    Exit 3 becomes success whose last line (the task's XCom) is ``alerts raised``; exit 0 ends with
    ``clean``; any other code is returned as it is, so the task fails (and is retried).
    """
    return (
        f"{command}\n"
        "code=$?\n"
        f'if [ "$code" -eq {ALERTS_EXIT_CODE} ]; then echo "{ALERTS_RAISED}"; exit 0; fi\n'
        f'if [ "$code" -eq 0 ]; then echo "{CLEAN}"; fi\n'
        'exit "$code"\n'
    )


def task_env() -> dict[str, str]:
    env = {"STEWARD_HOME": STEWARD_HOME}
    if os.environ.get("STEWARD_WAREHOUSE"):
        env["STEWARD_WAREHOUSE"] = os.environ["STEWARD_WAREHOUSE"]
    return env


with DAG(
    dag_id=DAG_ID,
    description="Steward: nightly model monitoring for the logical date, then the audit",
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args={
        "retries": 2,
        "retry_delay": timedelta(minutes=10),
        "execution_timeout": timedelta(hours=6),
    },
    tags=["steward"],
    doc_md=__doc__,
) as dag:
    nightly = BashOperator(
        task_id="nightly",
        bash_command=steward_command(NIGHTLY_CMD + " --date {{ ds }}"),
        env=task_env(),
        append_env=True,
        skip_on_exit_code=None,
    )
    audit = BashOperator(
        task_id="audit",
        bash_command=steward_command(AUDIT_CMD + " --as-of {{ ds }}"),
        env=task_env(),
        append_env=True,
        skip_on_exit_code=None,
    )
    nightly >> audit
