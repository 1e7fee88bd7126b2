"""The Python API without Spark: keys, nulls, errors, the GIL, pickling."""

import math
import pickle
import threading
import time

import pytest

import phi_redact
from conftest import KEY_ENV, NOTES, TEST_KEY, read_note

NOTE = (
    "Mr. Jonathan Kowalczyk (MRN: 4471190) was seen on 3/14/2023 at 4931 Hamilton Rd, Apt 2.\n"
    "Call his wife Mary at (555) 123-4567. Kowalczyk said PHQ-9 of 14; sertraline 50 mg.\n"
)


def keyed(**kw):
    return phi_redact.Redactor(key=TEST_KEY, **kw)


def test_redacts_and_keeps_clinical_text():
    out = phi_redact.Redactor().redact(NOTE)
    assert "Kowalczyk" not in out and "4471190" not in out and "3/14" not in out and "123-4567" not in out
    assert "PHQ-9 of 14; sertraline 50 mg." in out


def test_no_default_key():
    r = phi_redact.Redactor()
    assert not r.keyed
    with pytest.raises(ValueError, match="need a key"):
        r.redact(NOTE, scope="C-1")
    with pytest.raises(ValueError, match="need a key"):
        r.redact_batch([NOTE], scopes=["C-1"])
    for kwargs in ({"dates": "shift"}, {"scope": "run"}):
        with pytest.raises(ValueError, match="needs a key"):
            phi_redact.Redactor(**kwargs)
    with pytest.raises(ValueError, match="NOT_SET_ANYWHERE"):
        phi_redact.Redactor(key_env="NOT_SET_ANYWHERE")
    with pytest.raises(ValueError, match="16 bytes"):
        phi_redact.Redactor(key="short")
    with pytest.raises(ValueError, match="at most one"):
        phi_redact.Redactor(key=TEST_KEY, key_env=KEY_ENV)
    with pytest.raises(ValueError, match="key file"):
        phi_redact.Redactor(key_file="/nonexistent/phi.key")


def test_key_is_never_shown(tmp_path):
    r = keyed()
    assert TEST_KEY not in repr(r) and "keyed=True" in repr(r)
    with pytest.raises(TypeError, match="not picklable"):
        pickle.dumps(r)
    try:
        phi_redact.Redactor(key=TEST_KEY[:10])
    except ValueError as e:
        assert TEST_KEY[:10] not in str(e)


def test_same_scope_same_code_any_order_any_batch():
    r = keyed()
    notes = ["Jonathan Kowalczyk came in.", "Later, Jonathan Kowalczyk called.", "Maria Lopez came in."]
    scopes = ["C-1", "C-1", "C-2"]
    out = r.redact_batch(notes, scopes=scopes)
    code = out[0].split()[0]
    assert code.endswith("-" + code.split("-")[1]) and len(code.split("-")[1]) == 10
    assert out[1].split()[1] == code
    assert code not in out[2]
    # Each note is independent of its neighbours: any order, any batch size, one by one.
    assert r.redact_batch(notes[::-1], scopes=scopes[::-1]) == out[::-1]
    assert [r.redact(n, scope=s) for n, s in zip(notes, scopes)] == out
    # A second process-like instance with the same key agrees.
    assert keyed().redact_batch(notes, scopes=scopes) == out


def test_nulls_stay_null_and_nothing_crashes():
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    r = keyed()
    values = [NOTE, None, float("nan"), np.nan, pd.NA, "", "no phi here"]
    out = r.redact_batch(values)
    assert out[1:5] == [None, None, None, None]
    assert out[5] == "" and out[6] == "no phi here"
    assert r.redact(None) is None and r.redact(float("nan")) is None
    # A pandas Series (object and string dtypes) and scopes with nulls and int-like floats.
    s = pd.Series([NOTE, None, NOTE], dtype=object)
    assert r.redact_batch(s, scopes=pd.Series([7, None, 7])) == r.redact_batch([NOTE, None, NOTE], scopes=[7, None, "7"])
    s = pd.Series([NOTE, None], dtype="string")
    assert r.redact_batch(s)[1] is None
    with pytest.raises(ValueError, match="scopes has 1 values for 2 texts"):
        r.redact_batch([NOTE, NOTE], scopes=["C-1"])


@pytest.mark.parametrize(
    "poison",
    ["Jonathan Kowalczyk \ud800 called", b"Jonathan Kowalczyk \xe9 called", 12345, ["a list"]],
    ids=["lone-surrogate", "invalid-utf8-bytes", "int", "list"],
)
def test_on_error(poison):
    texts = [NOTE, poison, NOTE]
    good = keyed().redact(NOTE)
    assert keyed().redact_batch(texts) == [good, None, good]
    assert keyed(on_error="null").redact(poison) is None
    assert keyed(on_error="marker").redact_batch(texts) == [good, phi_redact.FAILED, good]
    assert phi_redact.FAILED == "[REDACTION FAILED]"
    with pytest.raises(phi_redact.RedactionError) as e:
        keyed(on_error="raise").redact_batch(texts)
    assert "note 1" in str(e.value) and "Kowalczyk" not in str(e.value)
    with pytest.raises(phi_redact.RedactionError):
        keyed(on_error="raise").redact(poison)
    with pytest.raises(ValueError):
        keyed(on_error="ignore")


def test_bytes_are_utf8_notes():
    r = keyed()
    assert r.redact(NOTE.encode("utf-8")) == r.redact(NOTE)


def test_spans_are_python_indices():
    text = "Seen by Dr. Ötztal Kowalczyk on 3/14/2023.\n"
    spans = keyed().spans(text)
    names = [s for s in spans if s["kind"] == "NAME"]
    assert names and "Kowalczyk" in text[names[0]["char_start"] : names[0]["char_end"]]
    assert keyed().spans(None) is None


def test_long_note_goes_through_chunks_like_the_cli():
    # Over 1 MiB: the CLI's chunked path, output still whole and redacted.
    text = NOTE * (1_200_000 // len(NOTE) + 1)
    out = keyed().redact(text)
    assert "Kowalczyk" not in out and out.count("\n") == text.count("\n")


def test_redact_batch_releases_the_gil():
    r = keyed()
    notes = [read_note(p) for p in NOTES] * 20
    ticks = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    start = time.perf_counter()
    r.redact_batch(notes)
    elapsed = time.perf_counter() - start
    done.set()
    t.join()
    during = [x for x in ticks if start <= x <= start + elapsed]
    # With the GIL held for the whole call the ticker could not run at all.
    assert elapsed > 0.02 and len(during) >= 5, (elapsed, len(during))


def test_threads_share_one_redactor():
    from concurrent.futures import ThreadPoolExecutor

    r = keyed()
    notes = [read_note(p) for p in NOTES]
    expected = r.redact_batch(notes)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda n: r.redact(n), notes * 4))
    assert results == expected * 4


def test_cached_redactor(monkeypatch):
    monkeypatch.setenv(KEY_ENV, TEST_KEY)
    a = phi_redact.cached_redactor(key_env=KEY_ENV)
    assert a is phi_redact.cached_redactor(key_env=KEY_ENV)
    assert a is not phi_redact.cached_redactor(key_env=KEY_ENV, on_error="marker")
    assert a.redact(NOTE, scope="C-1") == keyed().redact(NOTE, scope="C-1")


def test_nan_is_float_nan_only():
    assert math.isnan(float("nan"))
    assert keyed().redact_batch([float("inf")]) == [None]  # a non-str, non-null: on_error
