"""What every Steward notebook does first: a Spark session that reads Delta, the warehouse's tables
registered under the database ``steward`` and the analysts' views over them.

The views are those of ``steward sql`` (``steward.model_status``, ``steward.inventory``, ...): their
definitions are read from ``<warehouse>/steward/_views.json``, which ``steward init`` writes, so a
notebook and the CLI answer from the same SQL.

    from steward_notebook import open_warehouse, no_data
    spark = open_warehouse(WAREHOUSE)
    df = spark.sql("SELECT * FROM steward.model_status").toPandas()
    if not no_data(df, "models"):
        ...

Environment:
  STEWARD_NOTEBOOK_JARS    jars to put on the session's class path instead of downloading Delta
                           (the Steward jar ``jobs/target/steward-jobs-*-spark.jar`` bundles it);
                           unset, delta-spark's ``configure_spark_with_delta_pip`` fetches Delta.
  STEWARD_NOTEBOOK_MASTER  the Spark master (default ``local[2]``).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from typing import Any

from pyspark.sql import DataFrame, SparkSession

DATABASE = "steward"


def session(app_name: str = "steward-notebook") -> SparkSession:
    """A local Spark session with Delta Lake, in UTC, sized for a laptop (4 shuffle partitions)."""
    builder = (
        SparkSession.builder.appName(app_name)
        .master(os.environ.get("STEWARD_NOTEBOOK_MASTER", "local[2]"))
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # Delta rebuilds a table's state with 50 tasks by default: far too many for these tables.
        .config("spark.databricks.delta.snapshotPartitions", "2")
        # toPandas without pyarrow (not needed for results of this size), and without warning.
        .config("spark.sql.execution.arrow.pyspark.enabled", "false")
        # The database and views live in this session's in-memory catalog; nothing is written here
        # but the empty folder of the database.
        .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="steward-notebook-"))
    )
    jars = os.environ.get("STEWARD_NOTEBOOK_JARS")
    if jars:
        builder = builder.config("spark.jars", jars)
    else:
        from delta import configure_spark_with_delta_pip

        builder = configure_spark_with_delta_pip(builder)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _hadoop_path(spark: SparkSession, path: str) -> tuple[Any, Any]:
    jvm = spark.sparkContext._jvm
    p = jvm.org.apache.hadoop.fs.Path(path)
    return p, p.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())


def table_names(spark: SparkSession, warehouse: str) -> list[str]:
    """The Delta tables of the warehouse: the folders under ``<warehouse>/steward/`` with a
    ``_delta_log``."""
    root, fs = _hadoop_path(spark, f"{warehouse.rstrip('/')}/steward")
    if not fs.exists(root):
        raise FileNotFoundError(f"{warehouse} has no steward/ folder: run `steward init` on it first")
    names = []
    for status in fs.listStatus(root):
        if status.isDirectory():
            name = status.getPath().getName()
            log = spark.sparkContext._jvm.org.apache.hadoop.fs.Path(status.getPath(), "_delta_log")
            if fs.exists(log):
                names.append(name)
    return sorted(names)


def view_definitions(spark: SparkSession, warehouse: str) -> list[dict[str, str]]:
    """The views ``steward init`` wrote to ``<warehouse>/steward/_views.json``."""
    path = f"{warehouse.rstrip('/')}/steward/_views.json"
    p, fs = _hadoop_path(spark, path)
    if not fs.exists(p):
        raise FileNotFoundError(
            f"{path} is missing: run `steward init` on the warehouse (schema 8 or later)")
    # Spark's file sources skip names that start with '_', so the file is read through Hadoop.
    stream = fs.open(p)
    try:
        text = spark.sparkContext._jvm.org.apache.commons.io.IOUtils.toString(stream, "UTF-8")
    finally:
        stream.close()
    return json.loads(text)


def register(spark: SparkSession, warehouse: str) -> list[str]:
    """Registers every table as ``steward.<table>`` and every view as ``steward.<view>``; returns
    the views' names."""
    spark.sql(f"CREATE DATABASE IF NOT EXISTS {DATABASE}")
    for table in table_names(spark, warehouse):
        location = f"{warehouse.rstrip('/')}/steward/{table}".replace("'", "\\'")
        spark.sql(
            f"CREATE TABLE IF NOT EXISTS {DATABASE}.`{table}` USING DELTA LOCATION '{location}'")
    views = []
    for view in view_definitions(spark, warehouse):
        spark.sql(f"CREATE OR REPLACE VIEW {DATABASE}.`{view['name']}` AS {view['query']}")
        views.append(view["name"])
    return views


def open_warehouse(warehouse: str) -> SparkSession:
    """The session, with the warehouse's tables and views registered; prints what it registered."""
    spark = session()
    views = register(spark, warehouse)
    tables = [r.tableName for r in spark.sql(f"SHOW TABLES IN {DATABASE}").collect()
              if r.tableName not in views]
    print(f"warehouse {warehouse}: {len(tables)} tables, views {', '.join(views)}")
    return spark


def no_data(df: Any, what: str) -> bool:
    """True, after printing ``no data yet: <what>``, when ``df`` (a Spark or pandas DataFrame)
    has no rows."""
    empty = df.isEmpty() if isinstance(df, DataFrame) else len(df) == 0
    if empty:
        print(f"no data yet: {what}")
    return empty


def literal(value: Any) -> str:
    """``value`` as a SQL literal (a string quoted and escaped, a number as is, None as NULL)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def bind(query: str, **params: Any) -> str:
    """``query`` with each ``:name`` of ``params`` replaced by its value as a SQL literal.

    Spark's own parameter markers (``spark.sql(query, args=...)``) are not bound inside queries
    over these views in Spark 4.2 (UNBOUND_SQL_PARAMETER), so the values are written in."""
    for name, value in params.items():
        query = re.sub(rf":{name}\b", lambda _: literal(value), query)
    return query


def sql(spark: SparkSession, query: str, **params: Any):
    """A query's result as a pandas DataFrame; ``params`` fill its ``:name`` markers."""
    return spark.sql(bind(query, **params)).toPandas()


def serving_version(spark: SparkSession, model: str) -> str | None:
    """The model's champion (serving) version, else the version with the latest profiled night,
    else None."""
    for query in (
        "SELECT champion_version FROM steward.model_status WHERE model_id = :model",
        """SELECT model_version FROM steward.drift_history WHERE model_id = :model
           ORDER BY window_start DESC LIMIT 1""",
    ):
        row = spark.sql(bind(query, model=model)).first()
        if row is not None and row[0] is not None:
            return row[0]
    return None
