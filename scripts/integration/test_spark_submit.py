"""The spark jar under a real spark-submit (pyspark's distribution), and scripts/spark-submit-nightly."""

from __future__ import annotations

import shlex

import pyspark

from conftest import NIGHT, ROOT, SPARK_HOME, pom_property, run, spark_jar, spark_submit, steward

WRAPPER = ROOT / "scripts" / "spark-submit-nightly"


def test_pyspark_is_the_spark_version_of_the_build():
    assert pyspark.__version__ == pom_property("spark.version")
    assert (SPARK_HOME / "jars" / f"spark-core_2.13-{pyspark.__version__}.jar").is_file()


def one_line_error(r, message):
    assert r.code == 2, str(r)
    assert r.out == "", str(r)
    assert r.err.splitlines() == [
        f"spark-submit-nightly: error: {message} (see: scripts/spark-submit-nightly --help)"
    ]


def test_wrapper_refuses_bad_input_with_one_line_and_exit_2(spark_env):
    one_line_error(
        run([WRAPPER, "--master", "local[2]"], spark_env),
        "missing --date YYYY-MM-DD (the night to compute), or --from and --to",
    )
    one_line_error(
        run([WRAPPER, "--date", "2026-02-30"], spark_env),
        "option --date is '2026-02-30' but must be a date written YYYY-MM-DD",
    )
    one_line_error(
        run([WRAPPER, "--date", NIGHT, "--master", "spark//127.0.0.1:7077"], spark_env),
        "Spark master 'spark//127.0.0.1:7077' cannot be used; give local[*], local[N],"
        " spark://HOST:PORT, yarn or k8s://https://HOST:PORT",
    )
    one_line_error(
        run([WRAPPER, "--date", NIGHT, "--deploy-mode", "cluster"], spark_env),
        "--deploy-mode cluster needs a cluster master (spark://, yarn, k8s://), not 'local[*]'",
    )
    one_line_error(
        run([WRAPPER, "--date", NIGHT, "--conf", "spark.executor.memory"], spark_env),
        "option --conf is 'spark.executor.memory' but must be KEY=VALUE",
    )


def test_wrapper_builds_the_usual_submission(spark_env, tmp_path):
    env = dict(spark_env, STEWARD_SPARK_MASTER="spark://10.0.0.5:7077", STEWARD_WAREHOUSE="s3a://bank/wh")
    r = run(
        [WRAPPER, "--date", NIGHT, "--model", "credit_limit", "--deploy-mode", "cluster",
         "--conf", "spark.executor.memory=4g", "--dry-run"],
        env,
    )
    assert r.code == 0, str(r)
    assert shlex.split(r.out) == [
        str(SPARK_HOME / "bin" / "spark-submit"),
        "--master", "spark://10.0.0.5:7077",
        "--deploy-mode", "cluster",
        "--name", f"steward nightly {NIGHT}",
        "--class", "io.steward.jobs.cli.StewardCli",
        "--conf", "spark.executor.memory=4g",
        "--conf", "spark.standalone.submit.waitAppCompletion=true",
        str(spark_jar()),
        "nightly", "--date", NIGHT, "--model", "credit_limit", "--warehouse", "s3a://bank/wh",
    ]
    # With --packages the jar without Delta is submitted, and Spark's own jars are not fetched again.
    r = run([WRAPPER, "--date", NIGHT, "--packages", "io.delta:delta-spark_2.13:4.4.0",
             "--warehouse", "rel/wh", "--dry-run"], env)
    argv = shlex.split(r.out)
    assert argv[argv.index("--packages") + 1] == "io.delta:delta-spark_2.13:4.4.0"
    assert "org.apache.hadoop:hadoop-client-runtime" in argv[argv.index("--exclude-packages") + 1]
    assert str(spark_jar("spark-nodelta")) in argv
    assert argv[-1].endswith("/rel/wh") and argv[-1].startswith("/")


def test_wrapper_builds_the_audit_submission(spark_env, tmp_path):
    """--audit submits `steward audit` with its own options; the nightly's are refused beside it."""
    jar = tmp_path / "steward.jar"
    jar.write_bytes(b"")
    env = dict(spark_env, STEWARD_WAREHOUSE="s3a://bank/wh")
    r = run(
        [WRAPPER, "--audit", "--as-of", NIGHT, "--lookback-days", "14", "--scan-table", "delta.`/data/x`",
         "--scan-table", "bank.logs", "--format", "json", "--jar", str(jar), "--dry-run"],
        env,
    )
    assert r.code == 0, str(r)
    assert shlex.split(r.out) == [
        str(SPARK_HOME / "bin" / "spark-submit"),
        "--master", "local[*]",
        "--deploy-mode", "client",
        "--name", f"steward audit {NIGHT}",
        "--class", "io.steward.jobs.cli.StewardCli",
        str(jar),
        "audit", "--as-of", NIGHT, "--lookback-days", "14", "--scan-table", "delta.`/data/x`",
        "--scan-table", "bank.logs", "--format", "json", "--warehouse", "s3a://bank/wh",
    ]
    r = run([WRAPPER, "--audit", "--jar", str(jar), "--dry-run"], env)
    assert shlex.split(r.out)[-4:] == [str(jar), "audit", "--warehouse", "s3a://bank/wh"], str(r)
    one_line_error(
        run([WRAPPER, "--audit", "--date", NIGHT], env),
        "--audit reads its window from --as-of and --lookback-days, not --date, --from, --to or --model",
    )
    one_line_error(
        run([WRAPPER, "--audit", "--as-of", "2026-02-30"], env),
        "option --as-of is '2026-02-30' but must be a date written YYYY-MM-DD",
    )
    one_line_error(
        run([WRAPPER, "--audit", "--lookback-days", "0"], env),
        "option --lookback-days is '0' but must be a whole number of days, 1 or more",
    )
    one_line_error(
        run([WRAPPER, "--audit", "--format", "csv"], env),
        "option --format is 'csv' but must be table or json",
    )
    one_line_error(
        run([WRAPPER, "--date", NIGHT, "--as-of", NIGHT], env),
        "--as-of, --lookback-days, --scan-table and --format go with --audit",
    )


def test_sql_and_bad_master_under_spark_submit(spark_env, bench_warehouse, launcher_archive):
    uri = bench_warehouse.as_uri()
    r = spark_submit(
        spark_env, spark_jar(), "sql",
        "SELECT model_id, count(*) AS features FROM steward.baselines GROUP BY model_id ORDER BY model_id",
        "--format", "csv", "--warehouse", uri,
    )
    assert r.code == 0, str(r)
    assert r.out.splitlines() == ["model_id,features", "bench_m00,7", "bench_m01,7"]
    # Spark's INFO logging is off unless --verbose: stderr has Spark's start-up lines at most.
    assert " INFO " not in r.err.split('Setting Spark log level to "ERROR".')[-1], str(r)

    # A master Spark does not know, given straight to the jar (here through the system property
    # spark-submit would set), is a user error: one line, exit 2.
    env = dict(spark_env, STEWARD_JAVA_OPTS="-Dspark.master=spark//nowhere")
    r = steward(env, "sql", "SELECT 1", "--warehouse", str(bench_warehouse))
    assert r.code == 2, str(r)
    assert r.err.splitlines()[-1] == (
        "steward: error: Spark master 'spark//nowhere' cannot be used (not a master URL Spark"
        " knows); give local[*], local[N], spark://HOST:PORT, yarn or k8s://https://HOST:PORT"
    )


def test_jar_without_delta_runs_with_delta_from_packages(spark_env, bench_warehouse, tmp_path):
    """--packages io.delta:delta-spark_2.13 resolved by Ivy (from the local Maven repository the
    build filled, else Maven Central), with the wrapper's exclusions of Spark's own jars."""
    dry = run([WRAPPER, "--date", NIGHT, "--packages", "io.delta:delta-spark_2.13:" + pom_property("delta.version"),
               "--dry-run"], spark_env)
    argv = shlex.split(dry.out)
    packages = argv[argv.index("--packages"): argv.index("--exclude-packages") + 2]
    r = spark_submit(
        spark_env, "--conf", f"spark.jars.ivy={tmp_path / 'ivy'}", *packages,
        spark_jar("spark-nodelta"), "sql", "SELECT count(*) AS n FROM steward.schema_migrations",
        "--format", "csv", "--warehouse", str(bench_warehouse),
    )
    assert r.code == 0, str(r)
    assert r.out.splitlines() == ["n", "8"]
