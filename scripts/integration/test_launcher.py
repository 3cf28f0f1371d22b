"""The embedded launcher's class-data-sharing archive: recorded once per build from its
representative run, never from --help, and covering the classes of Spark and Delta. The recording
itself is the session's (conftest.launcher_archive, which every launcher test waits for); this
checks what it saw."""

from __future__ import annotations

from conftest import run, ROOT


def test_archive_is_recorded_from_the_representative_run_not_from_help(launcher_archive, spark_env,
                                                                        tmp_path):
    rec = launcher_archive
    assert rec.help.code == 0 and rec.help.out.startswith("Usage: steward"), str(rec.help)
    assert "recording" not in rec.help.err, str(rec.help)

    r = rec.first
    assert r.code == 0, str(r)
    assert r.out == "one\n1\n", str(r)
    assert "recording the start-up archive" in r.err, str(r)
    # Spark's and Delta's classes make well over 100 MB; --help alone recorded about 5 MB.
    assert rec.archive.stat().st_size > 100_000_000, rec.archive.stat().st_size
    shared = {
        line.split()[1]
        for line in rec.classes_log.read_text().splitlines()
        if "source: shared objects file" in line
    }
    for name in ("org.apache.spark.sql.SparkSession", "org.apache.spark.SparkContext",
                 "io.delta.sql.DeltaSparkSessionExtension",
                 "org.apache.spark.sql.delta.catalog.DeltaCatalog"):
        assert name in shared, f"{name} was not loaded from the archive"
    # The archive is recorded once: the next command uses it as it is.
    recorded = rec.archive.stat().st_mtime_ns
    r = run([ROOT / "scripts" / "steward", "sql", "SELECT 2 AS two", "--format", "csv",
             "--warehouse", tmp_path / "wh"], spark_env, timeout=300)
    assert r.code == 0 and r.out == "two\n2\n", str(r)
    assert "recording" not in r.err, str(r)
    assert rec.archive.stat().st_mtime_ns == recorded
