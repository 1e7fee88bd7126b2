"""Shared fixtures: the repository, the CLI binary, a synthetic key, a local Spark session.

All data here is synthetic. The key below is a test key, never a default of the library.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTES = sorted((REPO / "fixtures" / "notes").glob("*.txt"))
# A synthetic test key (64 hex characters, as `openssl rand -hex 32` makes one).
TEST_KEY = "5f1c0a9e7b3d4c2f8e6a1b0d9c7e5f3a2b4d6c8e0f1a3b5c7d9e1f0a2c4e6b8d"
KEY_ENV = "PHI_REDACT_SECRET_KEY"


def cli_path() -> Path:
    return Path(os.environ.get("PHI_REDACT_CLI", REPO / "target" / "release" / "phi-redact"))


@pytest.fixture(scope="session")
def cli():
    path = cli_path()
    if not path.exists():
        pytest.fail(f"{path} is missing: run `cargo build --release` first (python/run_tests.sh does)")
    return str(path)


@pytest.fixture(scope="session")
def key_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("key") / "phi.key"
    path.write_text(TEST_KEY + "\n")
    path.chmod(0o600)
    return path


@pytest.fixture(autouse=True)
def no_ambient_key(monkeypatch):
    """Tests choose their key explicitly: a key in the developer's environment is ignored."""
    monkeypatch.delenv(KEY_ENV, raising=False)


def run_cli(cli, args, stdin=b"", check=True):
    proc = subprocess.run([cli, *args], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check and proc.returncode != 0:
        raise AssertionError(f"phi-redact {args} exited {proc.returncode}: {proc.stderr.decode()}")
    return proc


def read_note(path: Path) -> str:
    # newline="": CRLF stays CRLF, as the CLI reads the bytes.
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    """Spark in local mode: 2 threads, each task tried up to 4 times.

    `local[2]` alone gives a task a single attempt whatever spark.task.maxFailures says;
    `local[2,4]` is local mode with 2 threads and 4 attempts, so a retried task can be tested.
    The key reaches the Python workers through spark.executorEnv (not the driver's
    environment): the production recipe. Spark masks the value in its UI and logs because the
    variable's name contains SECRET.
    """
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.fail("Java is missing (python/run_tests.sh installs openjdk-17-jre-headless)")
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # The workers run this interpreter (the one with phi_redact installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    work = tmp_path_factory.mktemp("spark")
    session = (
        SparkSession.builder.master("local[2,4]")
        .appName("phi-redact-tests")
        .config("spark.task.maxFailures", "4")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "7")
        .config("spark.local.dir", str(work / "local"))
        .config("spark.sql.warehouse.dir", str(work / "warehouse"))
        .config("spark.driver.memory", "1g")
        .config(f"spark.executorEnv.{KEY_ENV}", TEST_KEY)
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
