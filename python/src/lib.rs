//! Python bindings of phi-redact (PyO3, abi3): `import phi_redact`.
//!
//! The same library the CLI uses, with the same settings logic ([`Policy::to_config`]), so
//! the same note, key and scope id give the same bytes as `phi-redact`:
//!
//! | Python | CLI | scope id |
//! |---|---|---|
//! | `r.redact(text)` | `phi-redact < note.txt` | `stdin` |
//! | `r.redact(text, scope="C7")` | `--format csv --scope-column client_id` (a row with client_id `C7`) | `record:C7` |
//! | `Redactor(scope="run").redact(text)` | `--scope run note.txt` | `run` |
//!
//! Every call is independent: a note is redacted in a fresh scope of its id, so the output
//! of a note never depends on which other notes a worker saw before it (Spark partitions,
//! retries, batch boundaries). With a key, codes are HMAC(key, scope id, names): the same
//! person in the same scope gets the same code in every call, process and machine.
//! `redact_batch(..., share_scopes=True)` instead carries one scope per id through the
//! notes of the call, in order, as the CLI's `--scope-column` does through a file.
//!
//! PHI safety: nothing here prints; error messages never hold note text; a note that cannot
//! be redacted never comes back as it was (`on_error`); the key is never shown (repr,
//! errors, pickling is refused).

use std::collections::HashMap;
use std::io::Cursor as IoCursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyUserWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyFloat, PyInt, PyList, PyString};

use phi::keys::SecretKey;
use phi::policy::Policy;
use phi::read::text::CHUNK_TARGET;
use phi::spans::{self, SpanLine};
use phi::{DateMode, Redactor as Core, Scope, ScopeMode, Workspace};

pyo3::create_exception!(
    phi_redact,
    RedactionError,
    PyRuntimeError,
    "A note could not be de-identified (on_error=\"raise\"). The message never holds note text."
);

/// Environment variable read for the key when none is given (Spark masks names with SECRET).
const DEFAULT_KEY_ENV: &str = "PHI_REDACT_SECRET_KEY";
/// What a failed note becomes with on_error="marker" (as the CLI's batch mode writes it).
const FAILED: &str = "[REDACTION FAILED]";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum OnError {
    Null,
    Raise,
    Marker,
}

impl OnError {
    fn parse(s: &str) -> PyResult<OnError> {
        match s {
            "null" => Ok(OnError::Null),
            "raise" => Ok(OnError::Raise),
            "marker" => Ok(OnError::Marker),
            _ => Err(PyValueError::new_err("on_error must be \"null\", \"raise\" or \"marker\"")),
        }
    }

    fn name(self) -> &'static str {
        match self {
            OnError::Null => "null",
            OnError::Raise => "raise",
            OnError::Marker => "marker",
        }
    }
}

/// One input value, taken from Python while holding the GIL.
enum Item {
    /// None, NaN (pandas' null) or pandas.NA: stays null.
    Null,
    Text(String),
    /// Cannot be redacted; the reason names the problem, never the text.
    Bad(&'static str),
}

/// A de-identifier with compiled detectors and settings. Thread-safe; calls release the GIL.
///
/// Redactor(policy=None, key=None, key_file=None, key_env=None, dates=None, scope=None,
///          on_error="null")
///
/// policy: path of a TOML policy file (as `phi-redact --policy`); the other arguments
///     override it. key: the secret key (bytes or str, at least 16 bytes; one trailing line
///     break is dropped, as from a key file). key_file: path of a key file (as --key-file).
///     key_env: name of an environment variable holding the key. Give at most one of the
///     three; with none (and no key_file in the policy) the variable PHI_REDACT_SECRET_KEY is
///     used when it is set, and the redactor is unkeyed otherwise. Anything that promises
///     codes consistent across notes (scope ids, scope="run", dates="shift") needs a key.
///     dates: "year" | "tag" | "shift" | "keep". scope: "document" | "record" | "run" (as
///     --scope; "run" puts every note in the scope "run"). on_error: what a note that cannot
///     be redacted becomes: "null" (None), "raise" (RedactionError) or "marker"
///     ("[REDACTION FAILED]"); never the input text.
#[pyclass(frozen, module = "phi_redact")]
struct Redactor {
    core: Core,
    on_error: OnError,
    /// Reusable buffers (a pool: calls from several threads each take one).
    pool: Mutex<Vec<Workspace>>,
}

#[pymethods]
impl Redactor {
    #[new]
    #[allow(clippy::too_many_arguments)] // Python keyword arguments
    #[pyo3(signature = (policy=None, key=None, key_file=None, key_env=None, dates=None, scope=None, on_error="null"))]
    fn new(
        py: Python<'_>,
        policy: Option<PathBuf>,
        key: Option<&Bound<'_, PyAny>>,
        key_file: Option<PathBuf>,
        key_env: Option<String>,
        dates: Option<String>,
        scope: Option<String>,
        on_error: &str,
    ) -> PyResult<Redactor> {
        let on_error = OnError::parse(on_error)?;
        let key = match key {
            None => None,
            Some(k) if k.is_none() => None,
            Some(k) => Some(key_bytes(k)?),
        };
        let given = [key.is_some(), key_file.is_some(), key_env.is_some()].iter().filter(|&&b| b).count();
        if given > 1 {
            return Err(PyValueError::new_err("give at most one of key, key_file and key_env"));
        }
        let mut p = match &policy {
            Some(path) => Policy::from_file(path).map_err(lib_err)?,
            None => Policy::default(),
        };
        if let Some(d) = dates {
            p.dates = Some(d);
        }
        if let Some(s) = scope {
            p.scope = Some(s);
        }
        if key_file.is_some() {
            p.key_file = key_file;
        } else if key.is_some() || key_env.is_some() {
            // An explicit key wins over the policy's key file (flags override the policy).
            p.key_file = None;
        }
        let (mut config, check) = p.to_config().map_err(lib_err)?;
        if check.readable_by_others {
            let cat = py.get_type::<PyUserWarning>();
            PyErr::warn(py, &cat, c"phi_redact: the key file can be read by other users (chmod 600 it)", 1)?;
        }
        if let Some(k) = key {
            config.key = Some(Arc::new(SecretKey::from_bytes(&k).map_err(lib_err)?));
        } else if let Some(name) = &key_env {
            match env_key(name)? {
                Some(k) => config.key = Some(Arc::new(k)),
                None => {
                    return Err(PyValueError::new_err(format!(
                        "the environment variable {name} (key_env) is not set or empty"
                    )))
                }
            }
        } else if config.key.is_none() {
            if let Some(k) = env_key(DEFAULT_KEY_ENV)? {
                config.key = Some(Arc::new(k));
            }
        }
        if config.key.is_none() {
            let why = if config.dates == DateMode::Shift {
                Some("dates=\"shift\"")
            } else if config.scope == ScopeMode::Run {
                Some("scope=\"run\"")
            } else {
                None
            };
            if let Some(why) = why {
                return Err(PyValueError::new_err(format!(
                    "{why} needs a key: pass key_file=, key_env= or key=, or set {DEFAULT_KEY_ENV}"
                )));
            }
        }
        let core = Core::new(config).map_err(lib_err)?;
        Ok(Redactor { core, on_error, pool: Mutex::new(Vec::new()) })
    }

    /// True when codes are keyed (a key was given or found).
    #[getter]
    fn keyed(&self) -> bool {
        self.core.config().key.is_some()
    }

    /// The date mode ("year", "tag", "shift" or "keep").
    #[getter]
    fn dates(&self) -> &'static str {
        self.core.config().dates.name()
    }

    /// The scope mode ("document", "record" or "run").
    #[getter]
    fn scope(&self) -> &'static str {
        self.core.config().scope.name()
    }

    /// What a failed note becomes ("null", "raise" or "marker").
    #[getter]
    fn on_error(&self) -> &'static str {
        self.on_error.name()
    }

    fn __repr__(&self) -> String {
        format!(
            "phi_redact.Redactor(keyed={}, dates={:?}, scope={:?}, on_error={:?})",
            if self.keyed() { "True" } else { "False" },
            self.dates(),
            self.scope(),
            self.on_error()
        )
    }

    /// A Redactor holds the key: it is not pickled (Spark would ship the key inside every
    /// task). Build it on the worker instead, e.g. with phi_redact.cached_redactor(...).
    fn __reduce__(&self) -> PyResult<()> {
        Err(PyTypeError::new_err(
            "a phi_redact.Redactor is not picklable (it holds the key): build it on the worker, \
             e.g. phi_redact.cached_redactor(key_env=...) inside the UDF",
        ))
    }

    /// redact(text, scope=None) -> str | None
    ///
    /// De-identifies one note. scope: the scope id (e.g. a client_id, str or int): notes
    /// with the same scope id and key give the same person the same code, as the CLI's
    /// `--scope-column` does for rows with that value. None: the note is its own document
    /// (as `phi-redact < note`). None or NaN text gives None. A note that cannot be redacted
    /// gives what on_error says, never the text.
    #[pyo3(signature = (text, scope=None))]
    fn redact(&self, py: Python<'_>, text: &Bound<'_, PyAny>, scope: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        let item = item(text);
        let id = self.scope_id(scope_key(scope)?)?;
        let mut ws = self.take_ws();
        let result = py.detach(|| match &item {
            Item::Null => None,
            Item::Text(t) => Some(self.redact_in(t, &mut self.core.new_scope(&id), &mut ws)),
            Item::Bad(why) => Some(Err(*why)),
        });
        self.put_ws(ws);
        self.to_py(py, 0, result, false)
    }

    /// redact_batch(texts, scopes=None, share_scopes=False) -> list
    ///
    /// De-identifies many notes with the GIL released: one result per input, in order.
    /// texts: any iterable (list, pandas Series) of str / bytes (UTF-8) / None / NaN. scopes:
    /// None, or an iterable of the same length of scope ids (str, int, None). None and NaN
    /// stay None; a failed note gives what on_error says.
    ///
    /// By default each note is redacted on its own, exactly as redact(text, scope) would:
    /// the output never depends on the batch, its order or the partitioning.
    /// share_scopes=True: the notes of one scope id in this call share one scope, in input
    /// order, as the CLI's --scope-column does within one file: a later bare "Smith" gets
    /// Jonathan Smith's code, a place keeps one number across the client's notes (and no
    /// key is needed). The output then depends on which notes are in the call and their
    /// order: pass all of a scope's notes in a fixed order (Spark: groupBy(client_id) with
    /// applyInPandas, sorted). Notes without a scope id still get a scope of their own.
    #[pyo3(signature = (texts, scopes=None, share_scopes=false))]
    fn redact_batch(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        scopes: Option<&Bound<'_, PyAny>>,
        share_scopes: bool,
    ) -> PyResult<Py<PyList>> {
        let items: Vec<Item> = texts.try_iter()?.map(|o| o.map(|o| item(&o))).collect::<PyResult<_>>()?;
        let run = self.core.config().scope == ScopeMode::Run;
        // (scope id, shared with the other notes of that id when share_scopes)
        let ids: Vec<(String, bool)> = match scopes {
            Some(s) if !s.is_none() => {
                let ids = s
                    .try_iter()?
                    .map(|o| {
                        let key = scope_key(Some(&o?))?;
                        let shared = run || key.is_some();
                        Ok((self.scope_id_checked(key, !share_scopes)?, shared))
                    })
                    .collect::<PyResult<Vec<_>>>()?;
                if ids.len() != items.len() {
                    return Err(PyValueError::new_err(format!(
                        "scopes has {} values for {} texts",
                        ids.len(),
                        items.len()
                    )));
                }
                ids
            }
            _ => vec![(self.scope_id(None)?, run); items.len()],
        };
        let mut ws = self.take_ws();
        let results: Vec<Option<Result<String, &'static str>>> = py.detach(|| {
            let mut kept: HashMap<&str, Scope> = HashMap::new();
            items
                .iter()
                .zip(&ids)
                .map(|(item, (id, shared))| match item {
                    Item::Null => None,
                    Item::Bad(why) => Some(Err(*why)),
                    Item::Text(t) if share_scopes && *shared => {
                        let scope = kept.entry(id.as_str()).or_insert_with(|| self.core.new_scope(id));
                        Some(self.redact_in(t, scope, &mut ws))
                    }
                    Item::Text(t) => Some(self.redact_in(t, &mut self.core.new_scope(id), &mut ws)),
                })
                .collect()
        });
        self.put_ws(ws);
        let out = PyList::empty(py);
        for (i, r) in results.into_iter().enumerate() {
            out.append(self.to_py(py, i, r, true)?)?;
        }
        Ok(out.unbind())
    }

    /// spans(text, scope=None, doc="<stdin>") -> list[dict] | None
    ///
    /// The replaced spans of one note, as the CLI's `--emit spans` lines (doc, start, end,
    /// char_start, char_end, line, kind, category, detector, cue, replacement; char offsets
    /// are Python str indices). They hold no note text, but with the note they point at its
    /// PHI. None or NaN text gives None; a note that cannot be redacted raises
    /// RedactionError.
    #[pyo3(signature = (text, scope=None, doc="<stdin>"))]
    fn spans(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        scope: Option<&Bound<'_, PyAny>>,
        doc: &str,
    ) -> PyResult<Py<PyAny>> {
        let text = match item(text) {
            Item::Null => return Ok(py.None()),
            Item::Text(t) => t,
            Item::Bad(why) => return Err(RedactionError::new_err(format!("the note could not be read: {why}"))),
        };
        let id = self.scope_id(scope_key(scope)?)?;
        let rows: Result<Vec<SpanRow>, phi::Error> = py.detach(|| {
            let mut rows = Vec::new();
            let mut scope = self.core.new_scope(&id);
            let run = spans::redact_stream_recorded(
                &self.core,
                text.as_bytes(),
                None::<&mut Vec<u8>>,
                &mut scope,
                false,
                |d| {
                    // As --emit spans: a detection the settings keep is not a span.
                    if d.replaced() {
                        rows.push(SpanRow::new(&SpanLine::new(doc, d)));
                    }
                    Ok(())
                },
            );
            run.map(|_| rows)
        });
        let rows = rows.map_err(|e| RedactionError::new_err(format!("the note could not be de-identified: {e}")))?;
        let list = PyList::empty(py);
        for r in rows {
            // The fields in the order of the CLI's JSON lines.
            let d = PyDict::new(py);
            d.set_item("doc", doc)?;
            d.set_item("start", r.start)?;
            d.set_item("end", r.end)?;
            d.set_item("char_start", r.char_start)?;
            d.set_item("char_end", r.char_end)?;
            d.set_item("line", r.line)?;
            d.set_item("kind", r.kind)?;
            d.set_item("category", r.category)?;
            d.set_item("detector", r.detector)?;
            d.set_item("cue", r.cue)?;
            d.set_item("replacement", r.replacement)?;
            list.append(d)?;
        }
        Ok(list.into_any().unbind())
    }
}

/// One line of `--emit spans`, owned (taken out of the GIL-free part).
struct SpanRow {
    start: u64,
    end: u64,
    char_start: u64,
    char_end: u64,
    line: u64,
    kind: String,
    category: String,
    detector: String,
    cue: String,
    replacement: String,
}

impl SpanRow {
    fn new(l: &SpanLine<'_>) -> SpanRow {
        let name = |v: serde_json::Result<serde_json::Value>| match v {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::new(),
        };
        SpanRow {
            start: l.start,
            end: l.end,
            char_start: l.char_start,
            char_end: l.char_end,
            line: l.line,
            kind: name(serde_json::to_value(l.kind)),
            category: name(serde_json::to_value(l.category)),
            detector: l.detector.to_string(),
            cue: l.cue.to_string(),
            replacement: l.replacement.to_string(),
        }
    }
}

impl Redactor {
    /// The scope id of a note whose scope key is `key`, named as the CLI names it.
    fn scope_id(&self, key: Option<String>) -> PyResult<String> {
        self.scope_id_checked(key, true)
    }

    /// [`Redactor::scope_id`]; `need_key`: a scope key without a key is an error (codes
    /// would not be consistent across calls).
    fn scope_id_checked(&self, key: Option<String>, need_key: bool) -> PyResult<String> {
        if self.core.config().scope == ScopeMode::Run {
            // As the CLI: --scope run puts everything in one scope, whatever the scope column.
            return Ok("run".into());
        }
        match key {
            Some(k) => {
                if need_key && self.core.config().key.is_none() {
                    return Err(PyValueError::new_err(format!(
                        "scope ids need a key (without one, codes are not consistent across notes): \
                         pass key_file=, key_env= or key=, or set {DEFAULT_KEY_ENV}"
                    )));
                }
                Ok(format!("record:{k}"))
            }
            None => Ok("stdin".into()),
        }
    }

    /// Redacts one note in `scope`, exactly as `phi-redact` redacts a stream: one chunk
    /// under 1 MiB (the common case, with reused buffers), else the CLI's chunked stream with
    /// its byte-order-mark handling.
    fn redact_in(&self, text: &str, scope: &mut Scope, ws: &mut Workspace) -> Result<String, &'static str> {
        if text.len() < CHUNK_TARGET && !text.starts_with('\u{FEFF}') {
            let mut out = String::with_capacity(text.len() + 64);
            return match self.core.redact_guarded(text, scope, ws, &mut out) {
                Ok(_) => Ok(out),
                Err(_) => Err("internal error while redacting"),
            };
        }
        let mut out = Vec::with_capacity(text.len() + 64);
        let done = catch_unwind(AssertUnwindSafe(|| {
            self.core.redact_stream(IoCursor::new(text.as_bytes()), &mut out, scope, false)
        }));
        match done {
            Ok(Ok(_)) => String::from_utf8(out).map_err(|_| "internal error while redacting"),
            _ => Err("internal error while redacting"),
        }
    }

    /// A result as Python: the text, None, or on_error's answer for a failure.
    fn to_py(
        &self,
        py: Python<'_>,
        index: usize,
        r: Option<Result<String, &'static str>>,
        batch: bool,
    ) -> PyResult<Py<PyAny>> {
        Ok(match r {
            None => py.None(),
            Some(Ok(s)) => PyString::new(py, &s).into_any().unbind(),
            Some(Err(why)) => match self.on_error {
                OnError::Null => py.None(),
                OnError::Marker => PyString::new(py, FAILED).into_any().unbind(),
                OnError::Raise => {
                    let msg = if batch {
                        format!("note {index} could not be de-identified: {why}")
                    } else {
                        format!("the note could not be de-identified: {why}")
                    };
                    return Err(RedactionError::new_err(msg));
                }
            },
        })
    }

    fn take_ws(&self) -> Workspace {
        self.pool.lock().ok().and_then(|mut p| p.pop()).unwrap_or_default()
    }

    fn put_ws(&self, ws: Workspace) {
        if let Ok(mut p) = self.pool.lock() {
            if p.len() < 64 {
                p.push(ws);
            }
        }
    }
}

/// A Python value as a note: str (or bytes holding UTF-8), or null (None, NaN, pandas.NA),
/// or something that cannot be redacted (a str with lone surrogates, bytes that are not
/// UTF-8, any other type).
fn item(o: &Bound<'_, PyAny>) -> Item {
    if o.is_none() {
        return Item::Null;
    }
    if let Ok(s) = o.cast::<PyString>() {
        return match s.to_cow() {
            Ok(t) => Item::Text(t.into_owned()),
            // The UnicodeEncodeError quotes the string: it is dropped here, never shown.
            Err(_) => Item::Bad("the text is not valid Unicode (lone surrogates)"),
        };
    }
    if let Ok(b) = o.cast::<PyBytes>() {
        // Raw bytes (a BinaryType column, a file read as bytes): UTF-8 or nothing, as the CLI
        // without --lossy.
        return match std::str::from_utf8(b.as_bytes()) {
            Ok(t) => Item::Text(t.to_string()),
            Err(_) => Item::Bad("the bytes are not valid UTF-8"),
        };
    }
    if let Ok(f) = o.cast::<PyFloat>() {
        if f.value().is_nan() {
            return Item::Null;
        }
    }
    if is_pandas_na(o) {
        return Item::Null;
    }
    Item::Bad("not a str")
}

/// pandas.NA (and pandas.NaT) without importing pandas.
fn is_pandas_na(o: &Bound<'_, PyAny>) -> bool {
    let ty = o.get_type();
    let Ok(name) = ty.name() else { return false };
    let Ok(module) = ty.module() else { return false };
    let (name, module) = (name.to_string(), module.to_string());
    module.starts_with("pandas") && (name == "NAType" || name == "NaTType")
}

/// A scope value as a scope key: str as it is, int in decimal (as a CSV cell holds it), a
/// float with an integral value as that int (pandas turns an integer column with nulls into
/// floats); None, NaN, pandas.NA and "" mean "no scope" (as an empty --scope-column cell).
fn scope_key(o: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let Some(o) = o else { return Ok(None) };
    if o.is_none() || is_pandas_na(o) {
        return Ok(None);
    }
    if let Ok(s) = o.cast::<PyString>() {
        let s = s.to_cow().map_err(|_| PyValueError::new_err("a scope id is not valid Unicode"))?;
        return Ok((!s.is_empty()).then(|| s.into_owned()));
    }
    if o.cast::<PyInt>().is_ok() {
        return Ok(Some(o.str()?.to_cow()?.into_owned()));
    }
    if let Ok(f) = o.cast::<PyFloat>() {
        let v = f.value();
        if v.is_nan() {
            return Ok(None);
        }
        if v.fract() == 0.0 && v.abs() < 9.007_199_254_740_992e15 {
            return Ok(Some(format!("{}", v as i64)));
        }
        return Err(PyTypeError::new_err("a scope id must be a str or an int (got a float with a fraction)"));
    }
    // numpy integers and other int-likes.
    if o.hasattr("__index__")? {
        return Ok(Some(o.call_method0("__index__")?.str()?.to_cow()?.into_owned()));
    }
    Err(PyTypeError::new_err(format!("a scope id must be a str or an int, not {}", o.get_type().name()?)))
}

/// Key bytes from `key=`: bytes as they are, str as UTF-8; one trailing line break dropped
/// (the key is then the same as a key file with the same content).
fn key_bytes(k: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    let raw: Vec<u8> = if let Ok(b) = k.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(s) = k.cast::<PyString>() {
        s.to_cow().map_err(|_| PyValueError::new_err("the key is not valid Unicode"))?.as_bytes().to_vec()
    } else {
        return Err(PyTypeError::new_err("key must be bytes or str"));
    };
    Ok(strip_line_break(raw))
}

fn strip_line_break(mut raw: Vec<u8>) -> Vec<u8> {
    if raw.last() == Some(&b'\n') {
        raw.pop();
        if raw.last() == Some(&b'\r') {
            raw.pop();
        }
    }
    raw
}

/// The key in environment variable `name`, if set and not empty.
fn env_key(name: &str) -> PyResult<Option<SecretKey>> {
    match std::env::var_os(name) {
        Some(v) if !v.is_empty() => {
            #[cfg(unix)]
            let bytes = std::os::unix::ffi::OsStringExt::into_vec(v);
            #[cfg(not(unix))]
            let bytes = v.to_string_lossy().into_owned().into_bytes();
            let bytes = strip_line_break(bytes);
            SecretKey::from_bytes(&bytes)
                .map(Some)
                .map_err(|e| PyValueError::new_err(format!("environment variable {name}: {e}")))
        }
        _ => Ok(None),
    }
}

fn lib_err(e: phi::Error) -> PyErr {
    PyValueError::new_err(e.to_string())
}

type CacheKey = (Option<PathBuf>, Option<PathBuf>, Option<String>, Option<String>, Option<String>, OnError);

type Cache = Mutex<Vec<(CacheKey, Py<Redactor>)>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(Vec::new()))
}

/// cached_redactor(policy=None, key_file=None, key_env=None, dates=None, scope=None,
///                 on_error="null") -> Redactor
///
/// One Redactor per process for the same arguments, built on first use: call it inside a
/// Spark UDF or a Ray task so each worker compiles the detectors once and reads the key
/// from its own file or environment (no key travels with the task). Takes no key= on
/// purpose.
#[pyfunction]
#[allow(clippy::too_many_arguments)] // Python keyword arguments
#[pyo3(signature = (policy=None, key_file=None, key_env=None, dates=None, scope=None, on_error="null"))]
fn cached_redactor(
    py: Python<'_>,
    policy: Option<PathBuf>,
    key_file: Option<PathBuf>,
    key_env: Option<String>,
    dates: Option<String>,
    scope: Option<String>,
    on_error: &str,
) -> PyResult<Py<Redactor>> {
    let ck: CacheKey =
        (policy.clone(), key_file.clone(), key_env.clone(), dates.clone(), scope.clone(), OnError::parse(on_error)?);
    if let Some((_, r)) =
        cache().lock().map_err(|_| PyRuntimeError::new_err("cache poisoned"))?.iter().find(|(k, _)| *k == ck)
    {
        return Ok(r.clone_ref(py));
    }
    let r = Py::new(py, Redactor::new(py, policy, None, key_file, key_env, dates, scope, on_error)?)?;
    let mut c = cache().lock().map_err(|_| PyRuntimeError::new_err("cache poisoned"))?;
    if let Some((_, existing)) = c.iter().find(|(k, _)| *k == ck) {
        return Ok(existing.clone_ref(py));
    }
    c.push((ck, r.clone_ref(py)));
    Ok(r)
}

/// De-identification of clinical free text (phi-redact), for Python, pandas, Spark and Ray.
#[pymodule]
fn phi_redact(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // A panic message could quote note text (a failed slice prints the string): as in the
    // CLI, the library turns panics into errors and the hook prints nothing. This hook is
    // this extension's own (each Rust extension module has its own standard library).
    std::panic::set_hook(Box::new(|_| {}));
    m.add_class::<Redactor>()?;
    m.add_function(wrap_pyfunction!(cached_redactor, m)?)?;
    m.add("RedactionError", m.py().get_type::<RedactionError>())?;
    m.add("FAILED", FAILED)?;
    m.add("DEFAULT_KEY_ENV", DEFAULT_KEY_ENV)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
