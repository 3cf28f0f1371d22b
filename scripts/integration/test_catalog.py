"""`steward catalog ddl` against a real Hive metastore (Derby-backed, from Spark's own distribution),
and its printed DDL applied in another process. (That a name pointing at another warehouse is refused
is CatalogDdlTest's, in the Java tests: the check is the same whatever the catalog.)"""

from __future__ import annotations

from conftest import SPARK_HOME, run, spark_jar, spark_submit

TABLES = 17  # StewardTables.ALL
VIEWS = 7  # StewardViews.ALL


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
    assert len(ddl) == 1 + TABLES + VIEWS
    assert (
        f"CREATE TABLE IF NOT EXISTS `steward`.`feature_drift` USING DELTA LOCATION"
        f" '{bench_warehouse}/steward/feature_drift';" in ddl
    )
    assert r.err.splitlines()[-1] == (
        f"registered {TABLES} tables and {VIEWS} views under steward in the session's metastore")

    # Spark's SQL shell, another process on the same metastore: the names registered above answer
    # queries there, and the printed DDL, as a file, registers the same tables under a schema of its
    # own (the statements as printed, the schema renamed), where they answer too.
    copy = [line.replace("`steward`", "`steward_copy`") for line in ddl]
    assert all("`steward_copy`" in line for line in copy), copy
    script = tmp_path / "register.sql"
    script.write_text("SELECT max(version), count(*) FROM steward.schema_migrations;\n"
                      + "\n".join(copy)
                      + "\nSELECT count(*) FROM steward_copy.baselines;"
                      + "\nSELECT count(*) FROM steward.inventory;\nSHOW TABLES IN steward_copy;\n")
    q = spark_sql(spark_env, metastore, tmp_path, "-f", script)
    assert q.code == 0, str(q)
    lines = q.out.split()
    # 8 migrations; 2 models x 7 baseline features; the 2 monitored models in the inventory view
    assert lines[:4] == ["8", "8", "14", "2"], str(q)
    names = {t for t in lines[4:] if t not in ("steward_copy", "false")}  # namespace, name, isTemporary
    assert len(names) == TABLES + VIEWS, str(q)
    assert {"lifecycle_events", "job_runs", "model_status", "inventory"} <= names, str(q)
