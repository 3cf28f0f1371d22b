"""Shared pieces of the integration tests: where things are, how processes are run and stopped.

Every process a test starts runs in a session of its own, so that stopping it by its PID (as a
process group) also stops what it started (a Spark worker's executors). Nothing here waits by
sleeping for something to happen: readiness is polled with a bounded timeout.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import pyspark
import pytest

ROOT = Path(__file__).resolve().parents[2]
SPARK_HOME = Path(pyspark.__file__).resolve().parent
AIRFLOW_VENV = ROOT / ".venv-airflow"
NIGHT = "2026-03-02"  # the night the benchmark generator writes


def pom_property(name: str) -> str:
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = ElementTree.parse(ROOT / "pom.xml").getroot().find(f"m:properties/m:{name}", ns)
    assert node is not None and node.text, f"pom.xml has no <{name}>"
    return node.text.strip()


def spark_jar(classifier: str = "spark") -> Path:
    version = ElementTree.parse(ROOT / "pom.xml").getroot().find(
        "{http://maven.apache.org/POM/4.0.0}version"
    ).text
    jar = ROOT / "jobs" / "target" / f"steward-jobs-{version}-{classifier}.jar"
    assert jar.is_file(), f"{jar} is missing: build it with mvn -DskipTests package"
    return jar


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def __str__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err[-6000:]}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(proc: subprocess.Popen, grace: float = 30.0) -> None:
    """Stops the process group that ``proc`` leads (its PID): TERM, then KILL after ``grace`` s."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            proc.poll()  # reaps the leader, which would otherwise linger as a zombie
            if not group_alive(proc.pid):
                return
            time.sleep(0.2)
    raise AssertionError(f"process group {proc.pid} survived SIGKILL")


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def run(cmd, env, timeout: float = 600, cwd: Path | None = None, stdin=subprocess.DEVNULL) -> Result:
    """Runs a command to its end (bounded by ``timeout``) and stops its whole group afterwards."""
    proc = subprocess.Popen(
        [str(c) for c in cmd],
        env=env,
        cwd=cwd,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_group(proc)
        out, err = proc.communicate()
        raise AssertionError(f"timed out after {timeout} s: {cmd}\n{err[-4000:]}")
    finally:
        # Also on an interrupt, and for anything the command left running in its group.
        stop_group(proc)
    return Result(proc.returncode, out, err)


class Service:
    """A long-running process (a Spark master or worker) with its output in a log file."""

    def __init__(self, name: str, cmd, env, log: Path):
        self.name = name
        self.log = log
        self._out = open(log, "w")
        self.proc = subprocess.Popen(
            [str(c) for c in cmd],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def check_running(self) -> None:
        if self.proc.poll() is not None:
            raise AssertionError(
                f"{self.name} (pid {self.pid}) exited with {self.proc.returncode}:\n"
                + self.log.read_text()[-4000:]
            )

    def stop(self) -> None:
        try:
            stop_group(self.proc)
        finally:
            self._out.close()


def poll(what: str, check, timeout: float, interval: float = 0.5, alive=()):
    """Calls ``check`` until it returns a true value, at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        for service in alive:
            service.check_running()
        try:
            last = check()
            if last:
                return last
        except OSError as e:
            last = e
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not ready after {timeout} s (last: {last})")
        time.sleep(interval)


# Every JVM these tests start (spark-submit, Spark's SQL shell, the cluster's daemons and executors,
# the launcher) lives for seconds to a minute or two on a few thousand rows, where the optimising
# JIT compiler's work never pays back. Measured alone: the client compiler only took the CPU of
# test_catalog with its fixture from 179 s to 117 s at the same wall time, and the cron wrapper's
# real nightly from 22 s to 17 s of wall time. A test setting: what the product's JVMs use is the
# launcher's choice (it already runs its short commands this way) and the operator's.
QUICK_JVM = "-XX:TieredStopAtLevel=1"


@pytest.fixture(scope="session")
def spark_env(tmp_path_factory) -> dict[str, str]:
    """The environment of every Spark process: pyspark's distribution, loopback only, no user conf,
    the client JIT compiler only (QUICK_JVM)."""
    conf = tmp_path_factory.mktemp("spark-conf")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPARK_", "PYSPARK_", "STEWARD_"))}
    env.update(
        SPARK_HOME=str(SPARK_HOME),
        SPARK_LOCAL_IP="127.0.0.1",
        SPARK_CONF_DIR=str(conf),
        STEWARD_NO_BUILD="1",
        STEWARD_DRIVER_MEMORY="2g",
        TZ="UTC",
        SPARK_SUBMIT_OPTS=QUICK_JVM,
        SPARK_DAEMON_JAVA_OPTS=QUICK_JVM,
        STEWARD_JAVA_OPTS=QUICK_JVM,
    )
    return env


def spark_submit(env, *args, master: str = "local[2]", timeout: float = 600, cwd=None) -> Result:
    return run(
        [SPARK_HOME / "bin" / "spark-submit", "--master", master, "--driver-memory", "2g", *args],
        env,
        timeout=timeout,
        cwd=cwd,
    )


def steward(env, *args, timeout: float = 600) -> Result:
    """The embedded launcher (plain java, local[*])."""
    return run([ROOT / "scripts" / "steward", *args], env, timeout=timeout)


@dataclass(frozen=True)
class ArchiveRecording:
    """How the launcher's start-up archive came to be in this session (see launcher_archive)."""

    help: Result  # `steward --help`, run first, with no archive
    first: Result  # the first real command, which recorded the archive
    classes_log: Path  # -Xlog:class+load of that first command
    archive: Path


@pytest.fixture(scope="session")
def launcher_archive(tmp_path_factory, spark_env) -> ArchiveRecording:
    """The embedded launcher's class-data-sharing archive, recorded once for the whole session.

    Recording runs a representative command in a JVM of its own (about a minute of CPU), so it
    happens here once, before any test launches `scripts/steward`, and every later launch uses it.
    The archive of the build is removed first, so the recording is this build's and observed from
    the start: `--help` (which must not record it), then the first real command (which must).
    test_launcher checks what this saw. Every test that runs the launcher, directly or through the
    cron wrapper or Airflow, asks for this fixture."""
    archive = ROOT / "jobs" / "target" / "steward.jsa"
    assert (ROOT / "jobs" / "target" / "steward-jobs.jar").is_file(), (
        "jobs/target/steward-jobs.jar is missing: build it with mvn -DskipTests package")
    archive.unlink(missing_ok=True)
    base = tmp_path_factory.mktemp("archive")
    help_run = steward(spark_env, "--help", timeout=120)
    assert not archive.exists(), "steward --help recorded the archive\n" + str(help_run)
    classes = base / "classes.log"
    env = dict(spark_env, STEWARD_JAVA_OPTS=f"{QUICK_JVM} -Xlog:class+load=info:file={classes}")
    first = steward(env, "sql", "SELECT 1 AS one", "--format", "csv", "--warehouse", base / "wh",
                    timeout=900)
    return ArchiveRecording(help_run, first, classes, archive)


@pytest.fixture(scope="session")
def bench_warehouse(tmp_path_factory, spark_env) -> Path:
    """A small generated warehouse (two models sharing a log table with late labels, protected
    attributes, latency and status), built under spark-submit by `steward bench`, which runs init,
    registers the monitors, builds the baselines and runs the night once (`--rounds 0`: no timed
    rounds and no heap sampling, `heap_mb=-`, which these tests do not need). Given as a file://
    URI."""
    base = tmp_path_factory.mktemp("bench")
    warehouse = base / "wh"
    r = spark_submit(
        spark_env,
        spark_jar(),
        "bench",
        "--dir", base / "data",
        "--rows", "20000",
        "--models", "2",
        "--numeric", "4",
        "--categorical", "2",
        "--rounds", "0",
        "--warehouse", warehouse.as_uri(),
        # A bound, not an expectation: it takes 2 to 4 minutes beside the Java tests on 2 cores,
        # and far longer when the machine is shared with other work.
        timeout=1800,
    )
    assert r.code == 0, str(r)
    assert re.search(
        r"steward/floor cold=- warm=- sql/steward=- heap_mb=- rows=20000", r.out
    ), str(r)
    return warehouse
