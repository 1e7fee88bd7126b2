"""The README's Ray Data recipe: map_batches over Redactor.redact_batch (runs when ray is
installed: PHI_PY_WITH_RAY=1 python/run_tests.sh; skipped otherwise)."""

import pytest

ray = pytest.importorskip("ray")
pd = pytest.importorskip("pandas")

import phi_redact  # noqa: E402
from conftest import TEST_KEY  # noqa: E402


def test_ray_map_batches_equals_single_process(key_file):
    notes = [f"Jonathan Kowalczyk{i % 4} was seen on 3/{1 + i % 28}/2023 in Springfield." for i in range(40)]
    df = pd.DataFrame({"note_id": range(40), "client_id": [f"C-{i % 4}" for i in range(40)], "note": notes})
    df.loc[5, "note"] = None
    key_path = str(key_file)

    def deid(batch: pd.DataFrame) -> pd.DataFrame:
        import phi_redact

        r = phi_redact.cached_redactor(key_file=key_path)
        batch["note"] = r.redact_batch(batch["note"], scopes=batch["client_id"])
        return batch

    ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False)
    try:
        ds = ray.data.from_pandas(df).repartition(4)
        out = ds.map_batches(deid, batch_format="pandas", batch_size=7).to_pandas().sort_values("note_id")
    finally:
        ray.shutdown()
    expected = phi_redact.Redactor(key=TEST_KEY).redact_batch(df["note"], scopes=df["client_id"])
    assert [None if pd.isna(x) else x for x in out["note"]] == expected
    assert len(out) == 40 and out["note"].isna().sum() == 1
