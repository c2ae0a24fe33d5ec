//! # cluster: the tutorial's map over MPI ranks (chapter 13)
//!
//! Clusters run MPI: one program started many times (the *ranks*), possibly on many machines,
//! talking only through messages. This crate holds the chapter's MPI program, `cluster-map`, and
//! what a notebook cell needs to build it, launch it with `mpirun` and read its run back.
//!
//! It is its own crate so that nothing else needs MPI to build: the program's MPI side is behind
//! the `mpi` feature, which `make setup` turns on only where Open MPI is installed. Without it,
//! `cluster-map` says how to install MPI, and [`launch`] returns [`ClusterError::MpiMissing`].
//!
//! - [`plan`]: the distributions, the messages (bytes of JSON) and the merge of every rank's
//!   records into one [`helpers::Run`]: plain Rust, tested without MPI.
//! - [`launch`](mod@launch): finding MPI, building the program, running `mpirun` (never a shell),
//!   with a deadline of its own, and showing the result in a notebook.
//! - `ranks` (feature `mpi`): what each rank does.

pub mod launch;
pub mod plan;
#[cfg(feature = "mpi")]
pub mod ranks;

pub use launch::{
    ClusterError, Launch, Launched, install_instructions, launch, mpi_missing, ready, show,
};
pub use plan::Distribution;

/// How to call the program; the tokens come on rank 0's standard input as a JSON list.
pub const USAGE: &str = "usage: mpirun -np N cluster-map [--distribution static|dynamic] \
    [--unit-ns NS] [--deadline-ms MS] [--fail-rank R] < tokens.json";
