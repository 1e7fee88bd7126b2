"""The wheel and the CLI give byte-identical output on the same notes, settings and key.

Scope ids are named as the CLI names them: `redact(text)` is `phi-redact < note` (scope
"stdin"), `redact(text, scope=C)` is a CSV row with `--scope-column client_id` value C (scope
"record:C"), `Redactor(scope="run")` is `--scope run` (scope "run").
"""

import csv
import io
import json

import pytest

import phi_redact
from conftest import KEY_ENV, NOTES, TEST_KEY, read_note, run_cli


def test_fixture_notes_exist():
    assert len(NOTES) >= 10


@pytest.mark.parametrize("note", NOTES, ids=lambda p: p.name)
def test_stdin_unkeyed_is_byte_identical(cli, note):
    expected = run_cli(cli, [], note.read_bytes()).stdout
    r = phi_redact.Redactor()
    assert not r.keyed
    assert r.redact(read_note(note)).encode("utf-8") == expected


@pytest.mark.parametrize("note", NOTES, ids=lambda p: p.name)
def test_stdin_keyed_is_byte_identical(cli, key_file, note):
    expected = run_cli(cli, ["--key-file", str(key_file)], note.read_bytes()).stdout
    r = phi_redact.Redactor(key_file=key_file)
    assert r.keyed
    got = r.redact(read_note(note)).encode("utf-8")
    assert got == expected
    assert b".-" in got  # keyed codes (F.Y.-X49N2DVYSA)


@pytest.mark.parametrize("note", NOTES, ids=lambda p: p.name)
def test_run_scope_and_date_shift_are_byte_identical(cli, key_file, note):
    args = ["--key-file", str(key_file), "--scope", "run", "--dates", "shift", str(note)]
    expected = run_cli(cli, args).stdout
    r = phi_redact.Redactor(key_file=key_file, scope="run", dates="shift")
    assert r.redact(read_note(note)).encode("utf-8") == expected
    # --scope run ignores scope ids, as the CLI ignores --scope-column then.
    assert r.redact(read_note(note), scope="C-1").encode("utf-8") == expected


def test_record_scope_matches_csv_scope_column(cli, key_file):
    # One row per fixture note, each with its own client id (written as a CSV column).
    rows = [(i, f"C-{100 + i}", read_note(p)) for i, p in enumerate(NOTES)]
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["note_id", "client_id", "note"])
    w.writerows(rows)
    args = ["--format", "csv", "--column", "note", "--scope-column", "client_id", "--key-file", str(key_file)]
    out = run_cli(cli, args, buf.getvalue().encode("utf-8")).stdout.decode("utf-8")
    got_rows = list(csv.reader(io.StringIO(out, newline="")))
    assert got_rows[0] == ["note_id", "client_id", "note"]
    assert len(got_rows) == len(rows) + 1
    r = phi_redact.Redactor(key_file=key_file)
    batch = r.redact_batch([n for _, _, n in rows], scopes=[c for _, c, _ in rows])
    for (i, client, note), cli_row, from_batch in zip(rows, got_rows[1:], batch):
        assert cli_row[:2] == [str(i), client]
        assert r.redact(note, scope=client) == cli_row[2], NOTES[i].name
        assert from_batch == cli_row[2]


def test_record_scope_with_int_ids_matches_csv(cli, key_file):
    note = read_note(NOTES[0])
    csv_in = "client_id,note\n42," + '"' + note.replace('"', '""') + '"\n'
    args = ["--format", "csv", "--column", "note", "--scope-column", "client_id", "--key-file", str(key_file)]
    out = run_cli(cli, args, csv_in.encode("utf-8")).stdout.decode("utf-8")
    expected = list(csv.reader(io.StringIO(out, newline="")))[1][1]
    r = phi_redact.Redactor(key_file=key_file)
    # An int, and the float pandas makes of an int column with nulls, name the same scope.
    assert r.redact(note, scope=42) == expected
    assert r.redact(note, scope=42.0) == expected
    assert r.redact(note, scope="42") == expected


@pytest.mark.parametrize("note", NOTES[:6], ids=lambda p: p.name)
def test_spans_match_emit_spans(cli, key_file, note):
    out = run_cli(cli, ["--emit", "spans", "--key-file", str(key_file)], note.read_bytes()).stdout
    expected = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    got = phi_redact.Redactor(key_file=key_file).spans(read_note(note))
    assert got == expected
    assert got and list(got[0]) == list(expected[0])  # same field order
    text = read_note(note)
    for s in got:  # char offsets are Python str indices
        assert text.encode("utf-8")[s["start"] : s["end"]].decode("utf-8") == text[s["char_start"] : s["char_end"]]


def test_policy_file_is_read_as_the_cli_reads_it(cli, key_file, tmp_path):
    (tmp_path / "roster.txt").write_text("Corliss Freight\n")
    (tmp_path / "jargon.txt").write_text("Riverbend\n")
    policy = tmp_path / "org.toml"
    policy.write_text(
        f'dates = "tag"\ncode_format = "Client {{code}}"\nkey_file = "{key_file}"\n'
        'deny_lists = ["roster.txt"]\nallow_lists = ["jargon.txt"]\n[categories]\nlocation = false\n'
    )
    note = NOTES[0]
    expected = run_cli(cli, ["--policy", str(policy)], note.read_bytes()).stdout
    r = phi_redact.Redactor(policy=policy)
    assert r.keyed and r.dates == "tag"
    got = r.redact(read_note(note)).encode("utf-8")
    assert got == expected
    assert b"Client " in got and b"Corliss" not in got
    # Arguments override the policy, as flags do.
    expected = run_cli(cli, ["--policy", str(policy), "--dates", "year"], note.read_bytes()).stdout
    assert phi_redact.Redactor(policy=policy, dates="year").redact(read_note(note)).encode("utf-8") == expected


def test_key_from_environment_equals_key_file(key_file, monkeypatch):
    note = read_note(NOTES[1])
    from_file = phi_redact.Redactor(key_file=key_file).redact(note, scope="C-7")
    monkeypatch.setenv("MY_PHI_SECRET", TEST_KEY)
    assert phi_redact.Redactor(key_env="MY_PHI_SECRET").redact(note, scope="C-7") == from_file
    monkeypatch.setenv(KEY_ENV, TEST_KEY + "\n")  # the default variable; a line break is dropped
    r = phi_redact.Redactor()
    assert r.keyed
    assert r.redact(note, scope="C-7") == from_file
    assert phi_redact.Redactor(key=TEST_KEY).redact(note, scope="C-7") == from_file
    assert phi_redact.Redactor(key=TEST_KEY.encode()).redact(note, scope="C-7") == from_file
    # Another scope, another code; another key, another code.
    assert r.redact(note, scope="C-8") != from_file
    assert phi_redact.Redactor(key="x" * 32).redact(note, scope="C-7") != from_file


@pytest.mark.parametrize("keyed", [True, False], ids=["keyed", "unkeyed"])
def test_shared_scopes_match_csv_scope_column_over_many_notes(cli, key_file, keyed):
    # Three clients, their notes interleaved: the CLI keeps one scope per client for the file.
    rows = [(f"C-{i % 3}", read_note(p)) for i, p in enumerate(NOTES)]
    rows.append(("", read_note(NOTES[0])))  # no client id: a scope of its own
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["client_id", "note"])
    w.writerows(rows)
    args = ["--format", "csv", "--column", "note", "--scope-column", "client_id"]
    args += ["--key-file", str(key_file)] if keyed else []
    out = run_cli(cli, args, buf.getvalue().encode("utf-8")).stdout.decode("utf-8")
    expected = [row[1] for row in list(csv.reader(io.StringIO(out, newline="")))[1:]]
    r = phi_redact.Redactor(key_file=key_file) if keyed else phi_redact.Redactor()
    got = r.redact_batch([n for _, n in rows], scopes=[c for c, _ in rows], share_scopes=True)
    assert got[:-1] == expected[:-1]
    # A row without a client id: its own scope; keyed, the CLI names it after the record
    # ("document:stdin#17"), the wheel as a lone note ("stdin").
    assert got[-1] == r.redact(rows[-1][1])
    if not keyed:
        assert got[-1] == expected[-1]
    if keyed:
        # Notes redacted one by one (the default) agree with the CLI on a client's first note.
        independent = r.redact_batch([n for _, n in rows], scopes=[c for c, _ in rows])
        assert independent[:3] == expected[:3]
