//! The worker's side of a worker process: the `token-worker` program reads tokens as JSON lines
//! on its stdin and answers each with the work function's result on its stdout. The parent side,
//! which starts workers and waits for their answers, is [`process`](super::process).

use std::io::{self, BufRead, Write};

use super::process::WorkerOptions;

/// The worker's side of the protocol: answers each JSON string read from `input` with the work
/// function's result on `output`, until `input` ends. Used by the `token-worker` program.
pub fn serve(
    input: impl BufRead,
    mut output: impl Write,
    options: &WorkerOptions,
) -> io::Result<()> {
    for line in input.lines() {
        let token: String = serde_json::from_str(&line?).map_err(io::Error::other)?;
        let result = work_or_crash(&token, options);
        writeln!(
            output,
            "{}",
            serde_json::to_string(&result).map_err(io::Error::other)?
        )?;
        output.flush()?;
    }
    Ok(())
}

/// The work function, or an abort halfway through if this is the token the options say to crash on.
pub fn work_or_crash(token: &str, options: &WorkerOptions) -> String {
    if options.crash_on.as_deref() == Some(token) {
        // Halfway through the work, so a timeline shows the time the crash wasted.
        std::thread::sleep(crate::token_duration(token) / 2);
        eprintln!(
            "token-worker pid {}: crashing on {token:?} as asked",
            std::process::id()
        );
        std::process::abort();
    }
    crate::work(token)
}
