"""The embedded launcher's class-data-sharing archive: recorded once per build from its
representative run, never from --help, and covering the classes of Spark and Delta."""

from __future__ import annotations

import shutil

from conftest import ROOT, run

TARGET = ROOT / "jobs" / "target"


def fresh_root(base):
    """A copy of the launcher beside the built jar (its libraries linked), with no archive yet."""
    (base / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "scripts" / "steward", base / "scripts" / "steward")
    target = base / "jobs" / "target"
    target.mkdir(parents=True)
    jar = TARGET / "steward-jobs.jar"
    assert jar.is_file(), f"{jar} is missing: build it with mvn -DskipTests package"
    shutil.copy2(jar, target / "steward-jobs.jar")
    (target / "lib").symlink_to(TARGET / "lib", target_is_directory=True)
    return base / "scripts" / "steward", target / "steward.jsa"


def test_archive_is_recorded_from_the_representative_run_not_from_help(tmp_path, spark_env):
    launcher, archive = fresh_root(tmp_path / "root")
    r = run([launcher, "--help"], spark_env, timeout=120)
    assert r.code == 0 and r.out.startswith("Usage: steward"), str(r)
    assert not archive.exists(), "steward --help recorded the archive"

    classes = tmp_path / "classes.log"
    env = dict(spark_env, STEWARD_JAVA_OPTS=f"-Xlog:class+load=info:file={classes}")
    warehouse = tmp_path / "wh"
    r = run([launcher, "sql", "SELECT 1 AS one", "--format", "csv", "--warehouse", warehouse], env,
            timeout=900)
    assert r.code == 0, str(r)
    assert r.out == "one\n1\n", str(r)
    assert "recording the start-up archive" in r.err, str(r)
    # Spark's and Delta's classes make well over 100 MB; --help alone recorded about 5 MB.
    assert archive.stat().st_size > 100_000_000, archive.stat().st_size
    shared = {
        line.split()[1]
        for line in classes.read_text().splitlines()
        if "source: shared objects file" in line
    }
    for name in ("org.apache.spark.sql.SparkSession", "org.apache.spark.SparkContext",
                 "io.delta.sql.DeltaSparkSessionExtension",
                 "org.apache.spark.sql.delta.catalog.DeltaCatalog"):
        assert name in shared, f"{name} was not loaded from the archive"
    # The archive is recorded once: the next command uses it as it is.
    recorded = archive.stat().st_mtime_ns
    r = run([launcher, "sql", "SELECT 2 AS two", "--format", "csv", "--warehouse", warehouse],
            spark_env, timeout=300)
    assert r.code == 0 and r.out == "two\n2\n", str(r)
    assert "recording" not in r.err, str(r)
    assert archive.stat().st_mtime_ns == recorded
