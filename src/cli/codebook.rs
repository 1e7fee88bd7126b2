//! `--codebook PATH`: the code -> original names mapping, the practice's re-identification
//! key. The most sensitive file the tool produces: it is written only when asked, created
//! owner-only (0600) and never over an existing file.

use std::fs::OpenOptions;
use std::io::{BufWriter, Write};
use std::path::Path;

use phi_redact::{Error, Scope};

/// Writes one JSON line per person: `{"scope": ..., "code": ..., "names": [...]}`.
pub fn write(path: &Path, scopes: &[(String, &Scope)]) -> Result<(), Error> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts.open(path).map_err(|e| Error::io("creating the codebook (it must not exist yet)", e))?;
    let mut w = BufWriter::new(file);
    let written = (|| {
        for (id, scope) in scopes {
            for (code, names) in scope.codebook() {
                let line = serde_json::json!({ "scope": id, "code": code, "names": names });
                writeln!(w, "{line}")?;
            }
        }
        w.flush()?;
        w.get_ref().sync_all()
    })();
    // A half-written codebook is removed: it holds real names and is not a usable key.
    written.map_err(|e| {
        drop(w);
        let _ = std::fs::remove_file(path);
        Error::io("writing the codebook", e)
    })
}
