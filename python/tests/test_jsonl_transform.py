"""The binary path: the CLI's JSONL mode as a Spark SQL `TRANSFORM ... USING` script.

The contract TRANSFORM needs: one output line per input line, in order (failed lines become
{"phi_redact":"[REDACTION FAILED]"}), answers flushed whenever input would block (no deadlock
with a driver that writes a record and waits), and a non-zero exit on failure.
"""

import json
import os
import select
import subprocess
import time

import pytest

import phi_redact
from conftest import TEST_KEY, run_cli

FAILED_LINE = '{"phi_redact":"[REDACTION FAILED]"}'


def test_jsonl_one_line_out_per_line_in_in_order(cli):
    lines = [
        b'{"id":1,"client_id":"C-1","note":"Jonathan Kowalczyk was seen 3/14/2023."}',
        b"not json",
        b"",
        b'{"id":3,"note":"Caf\xe9 Rouge with Mary Lopez"}',  # Latin-1 byte: not UTF-8
        b'{"id":4,"other":"x","n":1.50}',
        b'{"id":5,"note":null}',
        b'{"id":6,"note":"Tab\\tand newline\\n inside, Mary Lopez called."}',
    ] + [f'{{"id":{i},"note":"Note {i}: Priya Raghunathan, (555) 201-{i:04d}."}}'.encode() for i in range(7, 300)]
    proc = run_cli(cli, ["--format", "jsonl", "--field", "note"], b"\n".join(lines) + b"\n", check=False)
    assert proc.returncode == 2  # records failed: non-zero, so TRANSFORM fails the task loudly
    assert b"Kowalczyk" not in proc.stderr and b"Lopez" not in proc.stderr
    out = proc.stdout.decode("utf-8").split("\n")
    assert out[-1] == ""
    out = out[:-1]
    assert len(out) == len(lines)
    assert out[1] == FAILED_LINE and out[3] == FAILED_LINE and out[2] == ""
    assert out[4] == '{"id":4,"other":"x","n":1.50}'  # untouched bytes stay as they were
    for i in range(7, 300):
        rec = json.loads(out[i])
        assert rec["id"] == i and "Raghunathan" not in rec["note"] and f"Note {i}:" in rec["note"]
    assert "\n" not in out[6] and "Lopez" not in out[6]


def test_jsonl_answers_each_line_before_the_next_arrives(cli):
    proc = subprocess.Popen(
        [cli, "--format", "jsonl", "--field", "note"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        for i in range(3):
            proc.stdin.write(f'{{"id":{i},"note":"Jonathan Kowalczyk called on 3/14/2023."}}\n'.encode())
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], 10)
            assert ready, "no answer while the input stays open: a request/response driver would deadlock"
            line = os.read(proc.stdout.fileno(), 65536).decode()
            assert json.loads(line)["id"] == i and "Kowalczyk" not in line
        proc.stdin.close()
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def test_jsonl_record_scope_matches_the_wheel(cli, key_file):
    notes = [("C-1", "Jonathan Kowalczyk was seen on 3/14/2023."), ("C-2", "Priya Raghunathan called.")]
    stdin = "".join(json.dumps({"client_id": c, "note": n}) + "\n" for c, n in notes).encode()
    args = ["--format", "jsonl", "--field", "note", "--scope-field", "client_id", "--key-file", str(key_file)]
    out = [json.loads(line) for line in run_cli(cli, args, stdin).stdout.decode().splitlines()]
    r = phi_redact.Redactor(key=TEST_KEY)
    assert [o["note"] for o in out] == [r.redact(n, scope=c) for c, n in notes]


def test_spark_sql_transform_recipe(spark, cli, key_file):
    """The README's TRANSFORM recipe, run: rows go to phi-redact as JSON lines and come back
    in order; DISTRIBUTE BY client_id SORT BY puts each client's notes in one process, in
    order, so the result equals the wheel with share_scopes=True."""
    pytest.importorskip("pyspark")
    rows = [(i, f"C-{i % 3}", f"Jonathan Kowalczyk{i % 3} was seen on 3/{1 + i}/2023 at Mercy Hospital.\tOK")
            for i in range(12)]
    rows.append((12, "C-0", None))
    spark.createDataFrame(rows, "note_id long, client_id string, note string").repartition(3).createOrReplaceTempView(
        "notes"
    )
    started = time.time()
    out = spark.sql(
        f"""
        WITH lines AS (
          SELECT to_json(named_struct('note_id', note_id, 'client_id', client_id, 'note', note)) AS line
          FROM notes WHERE note IS NOT NULL DISTRIBUTE BY client_id SORT BY client_id, note_id
        )
        SELECT from_json(json, 'note_id long, client_id string, note string') AS r
        FROM (
          SELECT TRANSFORM(line)
            USING '{cli} --format jsonl --field note --scope-field client_id --key-file {key_file}'
            AS (json string)
          FROM lines
        )
        """
    ).select("r.*").collect()
    assert time.time() - started < 120
    got = {r.note_id: r.note for r in out}
    assert len(got) == len(rows) - 1  # the null note was left out before the script
    ordered = sorted((r for r in rows if r[2] is not None), key=lambda r: (r[1], r[0]))
    expected = phi_redact.Redactor(key=TEST_KEY).redact_batch(
        [r[2] for r in ordered], scopes=[r[1] for r in ordered], share_scopes=True
    )
    assert {r[0]: e for r, e in zip(ordered, expected)} == got
    assert all("Kowalczyk" not in v for v in got.values() if v)
