//! Built without the `mpi` feature, the program says how to get MPI instead of failing obscurely.

#![cfg(not(feature = "mpi"))]

use std::process::Command;

#[test]
fn says_how_to_install_mpi() {
    let output = Command::new(env!("CARGO_BIN_EXE_cluster-map"))
        .output()
        .expect("the program starts");
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("built without MPI"), "{message}");
    assert!(
        message.contains("apt-get install -y openmpi-bin libopenmpi-dev"),
        "{message}"
    );
}
