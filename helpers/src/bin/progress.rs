//! `make progress`: every exercise as done, tried or not started, as `progress()` shows it in a
//! notebook. Reads the same file (`PIR_PROGRESS_FILE`, else under `XDG_DATA_HOME` or
//! `~/.local/share`); exits 1 if the file cannot be read.

fn main() {
    let overview = helpers::progress();
    println!("{overview}");
    if overview.error.is_some() {
        std::process::exit(1);
    }
}
