//! The `copydesk` command.

mod app;
mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // An internal error must end as exit 2 with a message, never as a Rust panic's exit 101.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("copydesk: internal error: {info}");
    }));
    match std::panic::catch_unwind(app::main) {
        Ok(Ok(code)) => code,
        Ok(Err(err)) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!(
                "copydesk: error: {}",
                copydesk::output::escape(&format!("{err:#}"))
            );
            ExitCode::from(2)
        }
        Err(_) => ExitCode::from(2),
    }
}

/// From now on, an interrupted run (SIGINT, SIGTERM, SIGHUP) removes the temporary files of
/// the fixes being written before it ends, with status 128 + the signal's number.
#[cfg(unix)]
pub fn clean_up_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            copydesk::fix::interrupted();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

#[cfg(not(unix))]
pub fn clean_up_on_signals() -> std::io::Result<()> {
    Ok(())
}

/// A closed standard output (`copydesk check | head`) ends the run quietly.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
