//! The tutorial's map over MPI ranks: `mpirun -np 4 cluster-map --distribution dynamic < tokens.json`.
//!
//! Rank 0 reads the tokens (a JSON list of strings) from its standard input, spreads them over the
//! ranks, gathers every rank's records and prints the run as one line of JSON, in the shape of
//! `run-styles --json`. See the crate's docs and chapter 13.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{}", cluster::USAGE);
        return ExitCode::SUCCESS;
    }
    run(&args)
}

#[cfg(feature = "mpi")]
fn run(args: &[String]) -> ExitCode {
    cluster::ranks::main(args)
}

#[cfg(not(feature = "mpi"))]
fn run(_args: &[String]) -> ExitCode {
    eprintln!(
        "cluster-map was built without MPI (cargo feature `mpi`), so it cannot run.\n{}\n\
         Then build it with: cargo build --release --features mpi -p cluster",
        cluster::install_instructions()
    );
    ExitCode::from(2)
}
