//! The `phi-redact` binary: parse flags -> validated [`Config`] -> run -> exit code.
//! All de-identification logic lives in the library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    fix_mmap_threshold();
    cli::main()
}

/// glibc raises its mmap threshold each time a large block it had mapped is freed, up to 32
/// MiB; after that the chunk and token buffers of a stream (1-16 MiB) come from the heap,
/// whose freed pages stay resident: 2.5-3 MB more peak RSS for the same work, depending
/// only on the order of earlier frees. A fixed threshold (glibc's default, 128 KiB) keeps
/// large buffers mapped, so what is freed goes back to the system. The buffers are reused
/// across chunks, so this adds a few mmap calls a run, not per chunk.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fix_mmap_threshold() {
    // SAFETY: mallopt only sets an allocator parameter; it is called before any other
    // thread exists. A refusal (return 0) leaves glibc's default behaviour, which is correct.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fix_mmap_threshold() {}
