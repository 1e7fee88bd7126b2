"""phi-redact in Spark local mode: a pandas_udf over Redactor.redact_batch.

The key reaches the Python workers through spark.executorEnv.PHI_REDACT_SECRET_KEY (see the
`spark` fixture); the UDFs build their Redactor with phi_redact.cached_redactor on the worker.
All names, numbers and places are synthetic.
"""

import csv
import datetime as dt
import io
import re

import pytest

pyspark = pytest.importorskip("pyspark")
pd = pytest.importorskip("pandas")

from pyspark.sql import functions as F  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

import phi_redact  # noqa: E402
from conftest import KEY_ENV, TEST_KEY, run_cli  # noqa: E402

CODE = re.compile(r"[A-Z]\.[A-Z]\.-[0-9A-Z]{10}")
CLIENTS = [
    ("C-01", "Jonathan", "Kowalczyk", "Mary"),
    ("C-02", "Priya", "Raghunathan", "Dev"),
    ("C-03", "Marisol", "Estrada", "Lucia"),
    ("C-04", "Oluwaseun", "Adeyemi", "Tunde"),
    ("C-05", "Henrik", "Lindqvist", "Astrid"),
]
TEMPLATES = [
    "{first} {last} attended the session on 3/{day}/2023. {first} reported low mood. "
    "{rel} {last} called from Springfield at (555) 201-{num:04d}.",
    "{first} {last} (MRN: 44{num:05d}) was seen at 4931 Hamilton Rd on 4/{day}/2023.\n"
    "Plan: PHQ-9 of 14; sertraline 50 mg. Follow up with {rel} next week.",
    "Phone check-in with {first} {last} on May {day}, 2023. Mr. {last} said {rel} drove him.",
]

SCHEMA = T.StructType(
    [
        T.StructField("note_id", T.LongType(), False),
        T.StructField("client_id", T.StringType(), True),
        T.StructField("visit_date", T.DateType(), True),
        T.StructField("score", T.DoubleType(), True),
        T.StructField("tags", T.ArrayType(T.StringType()), True),
        T.StructField("note", T.StringType(), True),
    ]
)


def make_rows(n=60):
    rows = []
    for i in range(n):
        cid, first, last, rel = CLIENTS[i % len(CLIENTS)]
        note = TEMPLATES[i % len(TEMPLATES)].format(first=first, last=last, rel=rel, day=1 + i % 28, num=i)
        rows.append(
            (
                i,
                cid,
                dt.date(2023, 1, 1) + dt.timedelta(days=i),
                None if i % 7 == 3 else i / 4,
                None if i % 5 == 2 else [f"t{i % 3}", "synthetic"],
                None if i % 11 == 5 else note,
            )
        )
    return rows


def deid_udf(on_error="null"):
    from pyspark.sql.functions import pandas_udf

    @pandas_udf("string")
    def deid(notes: pd.Series, clients: pd.Series) -> pd.Series:
        import phi_redact

        r = phi_redact.cached_redactor(key_env="PHI_REDACT_SECRET_KEY", on_error=on_error)
        return pd.Series(r.redact_batch(notes, scopes=clients), dtype=object)

    return deid


@pytest.fixture(scope="module")
def notes_df(spark):
    # Round-robin into 3 partitions: every client's notes sit in several partitions.
    return spark.createDataFrame(make_rows(), SCHEMA).repartition(3)


def single_process(rows):
    r = phi_redact.Redactor(key=TEST_KEY)
    return dict(zip([row[0] for row in rows], r.redact_batch([row[5] for row in rows], scopes=[row[1] for row in rows])))


def test_key_variable_is_masked_by_spark(spark):
    regex = spark.sparkContext.getConf().get("spark.redaction.regex", "(?i)secret|password|token|access[.]?key")
    assert re.search(regex, f"spark.executorEnv.{KEY_ENV}")
    assert KEY_ENV not in __import__("os").environ  # the driver itself has no key here


def test_same_person_same_code_across_partitions(notes_df):
    placed = notes_df.select("client_id", F.spark_partition_id().alias("pid")).distinct().collect()
    partitions_per_client = {}
    for row in placed:
        partitions_per_client.setdefault(row.client_id, set()).add(row.pid)
    assert all(len(p) >= 2 for p in partitions_per_client.values()), partitions_per_client

    out = notes_df.withColumn("note", deid_udf()("note", "client_id")).collect()
    expected = single_process(make_rows())
    assert {row.note_id: row.note for row in out} == expected

    codes = {}
    for row in out:
        if row.note is not None:
            first_code = CODE.search(row.note).group(0)  # each note opens with the client's name
            codes.setdefault(row.client_id, set()).add(first_code)
    assert all(len(c) == 1 for c in codes.values()), codes
    assert len({next(iter(c)) for c in codes.values()}) == len(CLIENTS)
    for row in out:
        for _, first, last, _ in CLIENTS:
            assert row.note is None or (last not in row.note and first not in row.note)


def test_nulls_types_and_row_counts_survive(notes_df):
    out = notes_df.withColumn("note", deid_udf()("note", "client_id"))
    assert out.schema == notes_df.schema
    assert out.count() == notes_df.count() == 60
    before = {r.note_id: r for r in notes_df.collect()}
    after = {r.note_id: r for r in out.collect()}
    assert before.keys() == after.keys()
    for k, b in before.items():
        a = after[k]
        assert (a.client_id, a.visit_date, a.score, a.tags) == (b.client_id, b.visit_date, b.score, b.tags)
        assert (a.note is None) == (b.note is None)
    assert sum(r.note is None for r in after.values()) == sum(1 for i in range(60) if i % 11 == 5)
    assert sum(r.score is None for r in after.values()) > 0 and sum(r.tags is None for r in after.values()) > 0


def test_killed_and_retried_task_writes_identical_output(spark, notes_df, tmp_path):
    from pyspark.sql.functions import pandas_udf

    marker = str(tmp_path / "killed")

    @pandas_udf("string")
    def flaky(notes: pd.Series, clients: pd.Series) -> pd.Series:
        import os

        from pyspark import TaskContext

        import phi_redact

        ctx = TaskContext.get()
        r = phi_redact.cached_redactor(key_env="PHI_REDACT_SECRET_KEY")
        out = r.redact_batch(notes, scopes=clients)
        if ctx.partitionId() == 1 and ctx.attemptNumber() == 0:
            # The worker dies half-way through its partition (after computing a batch),
            # as on a lost executor: the task fails and Spark runs it again.
            open(marker, "w").close()
            os._exit(1)
        return pd.Series(out, dtype=object)

    clean, retried = str(tmp_path / "clean"), str(tmp_path / "retried")
    notes_df.withColumn("note", deid_udf()("note", "client_id")).write.parquet(clean)
    notes_df.withColumn("note", flaky("note", "client_id")).write.parquet(retried)
    import os

    assert os.path.exists(marker), "the first attempt was not killed"
    a = spark.read.parquet(clean).orderBy("note_id").collect()
    b = spark.read.parquet(retried).orderBy("note_id").collect()
    assert len(a) == len(b) == 60
    assert a == b


def test_poison_record_yields_null_not_the_input(spark):
    # Raw bytes, as a binaryFile/landing-zone column: one note is not UTF-8 (Latin-1 bytes).
    rows = [
        (1, "C-01", "Jonathan Kowalczyk was seen on 3/14/2023.".encode()),
        (2, "C-01", "Jonathan Kowalczyk called from Caf\xe9 Rouge.".encode("latin-1")),
        (3, "C-02", None),
        (4, "C-02", "Priya Raghunathan was seen on 3/15/2023.".encode()),
    ]
    schema = "note_id long, client_id string, raw binary"
    df = spark.createDataFrame(rows, schema).repartition(2)
    out = {r.note_id: r.note for r in df.withColumn("note", deid_udf()("raw", "client_id")).collect()}
    assert out[2] is None and out[3] is None
    assert out[1] and out[4] and "Kowalczyk" not in out[1] and "Raghunathan" not in out[4]
    marked = df.withColumn("note", deid_udf("marker")("raw", "client_id")).collect()
    assert {r.note_id: r.note for r in marked}[2] == phi_redact.FAILED


def test_grouped_shared_scopes_equal_the_cli_file_run(spark, notes_df, cli, key_file):
    """groupBy(client_id).applyInPandas with share_scopes=True: one scope per client over all
    of the client's notes in note_id order, whatever the partitioning: the same bytes as the
    CLI's --scope-column over the export sorted by note_id."""

    def per_client(pdf: pd.DataFrame) -> pd.DataFrame:
        import phi_redact

        pdf = pdf.sort_values("note_id")
        r = phi_redact.cached_redactor(key_env="PHI_REDACT_SECRET_KEY")
        pdf["note"] = r.redact_batch(pdf["note"], scopes=pdf["client_id"], share_scopes=True)
        return pdf[["note_id", "client_id", "note"]]

    out = (
        notes_df.select("note_id", "client_id", "note")
        .groupBy("client_id")
        .applyInPandas(per_client, schema="note_id long, client_id string, note string")
        .collect()
    )
    got = {r.note_id: r.note for r in out}
    rows = [r for r in make_rows() if r[5] is not None]
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["note_id", "client_id", "note"])
    w.writerows((r[0], r[1], r[5]) for r in rows)
    args = ["--format", "csv", "--column", "note", "--scope-column", "client_id", "--key-file", str(key_file)]
    cli_out = run_cli(cli, args, buf.getvalue().encode("utf-8")).stdout.decode("utf-8")
    expected = {int(r[0]): r[2] for r in list(csv.reader(io.StringIO(cli_out, newline="")))[1:]}
    assert {k: v for k, v in got.items() if v is not None} == expected
    assert len(got) == 60


def test_arrow_udf_gives_the_same_output(notes_df):
    pa = pytest.importorskip("pyarrow")
    from pyspark.sql.functions import arrow_udf

    @arrow_udf("string")
    def deid(notes: pa.Array, clients: pa.Array) -> pa.Array:
        import phi_redact

        r = phi_redact.cached_redactor(key_env="PHI_REDACT_SECRET_KEY")
        return pa.array(r.redact_batch(notes.to_pylist(), scopes=clients.to_pylist()), pa.string())

    out = notes_df.withColumn("note", deid("note", "client_id")).collect()
    assert {row.note_id: row.note for row in out} == single_process(make_rows())
