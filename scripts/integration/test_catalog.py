"""`steward catalog ddl` against a real Hive metastore (Derby-backed, from Spark's own distribution),
and its printed DDL applied to a fresh Spark session."""

from __future__ import annotations

from conftest import SPARK_HOME, run, spark_jar, spark_submit

TABLES = 16  # StewardTables.ALL


def hive_confs(metastore, warehouse_dir):
    return [
        "--conf", "spark.sql.catalogImplementation=hive",
        "--conf", f"spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName={metastore};create=true",
        "--conf", f"spark.sql.warehouse.dir={warehouse_dir}",
    ]


def spark_sql(env, metastore, tmp, *args):
    """Spark's SQL shell (a fresh JVM and session, Delta from the steward jar) on a metastore."""
    return run(
        [SPARK_HOME / "bin" / "spark-sql", "--master", "local[1]", "--jars", spark_jar(),
         "--conf", "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
         "--conf", "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
         *hive_confs(metastore, tmp / "spark-warehouse"), *args],
        env,
        cwd=tmp,
        timeout=300,
    )


def test_ddl_registers_the_tables_in_a_hive_metastore(spark_env, bench_warehouse, tmp_path):
    metastore = tmp_path / "metastore_db"
    r = spark_submit(
        spark_env, *hive_confs(metastore, tmp_path / "spark-warehouse"),
        spark_jar(), "catalog", "ddl", "--apply", "--warehouse", bench_warehouse.as_uri(), cwd=tmp_path,
    )
    assert r.code == 0, str(r)
    ddl = r.out.splitlines()
    assert ddl[0] == "CREATE SCHEMA IF NOT EXISTS `steward`;"
    assert len(ddl) == 1 + TABLES
    assert (
        f"CREATE TABLE IF NOT EXISTS `steward`.`feature_drift` USING DELTA LOCATION"
        f" '{bench_warehouse}/steward/feature_drift';" in ddl
    )
    assert r.err.splitlines()[-1] == f"registered {TABLES} tables under steward in the session's metastore"

    # Another process on the same metastore finds steward.* there, naming this warehouse, and
    # refuses to read another warehouse through those names rather than answer from the wrong tables.
    other = tmp_path / "other-wh"
    r = spark_submit(spark_env, *hive_confs(metastore, tmp_path / "spark-warehouse"),
                     spark_jar(), "sql", "SELECT 1", "--warehouse", str(other), cwd=tmp_path)
    assert r.code == 2, str(r)
    assert r.err.splitlines()[-1] == (
        f"steward: error: table steward.schema_migrations in the session's catalog points at"
        f" file:{bench_warehouse}/steward/schema_migrations, not at this warehouse's"
        f" {other}/steward/schema_migrations; register this warehouse under another schema"
        f" (steward catalog ddl --schema NAME --apply) or drop the old table name from the catalog"
    )

    # The printed DDL, as a file, in Spark's SQL shell: a fresh process and session on an empty
    # metastore, where the tables then answer queries.
    script = tmp_path / "register.sql"
    script.write_text("\n".join(ddl) + "\nSELECT max(version), count(*) FROM steward.schema_migrations;"
                      "\nSELECT count(*) FROM steward.baselines;\nSHOW TABLES IN steward;\n")
    q = spark_sql(spark_env, tmp_path / "fresh_metastore_db", tmp_path, "-f", script)
    assert q.code == 0, str(q)
    lines = q.out.split()
    assert lines[:3] == ["4", "4", "14"], str(q)  # 4 migrations; 2 models x 7 baseline features
    assert {t for t in lines[3:] if t != "steward"} >= {"lifecycle_events", "operational_metrics", "job_runs"}
