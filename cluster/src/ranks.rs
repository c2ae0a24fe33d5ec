//! The MPI program: what every rank does (feature `mpi`).
//!
//! Each rank has a worker thread, named `rank R @ host`, that runs the recorded work function on
//! the tokens it is given; the rank's main thread does all the MPI calls (`Threading::Funneled`).
//! Rank 0 also reads the tokens, hands them out, gathers every rank's records and prints the run.
//!
//! Failures: a rank that dies makes `mpirun` stop the whole job (Open MPI's default), so the other
//! ranks never wait for it forever. Rank 0 also keeps a deadline: if an answer is late (a rank that
//! hangs, or an MPI that does not stop the job), it says who is late and exits with an error, which
//! makes `mpirun` stop every rank.

use std::io::Read;
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread;
use std::time::{Duration, Instant};

use helpers::internal::TaskJson;
use mpi::Threading;
use mpi::point_to_point::MatchedReceiveVec;
use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

use crate::plan::{self, Distribution, Setup, Task};

const TAG_SETUP: i32 = 1;
const TAG_SHARE: i32 = 2;
const TAG_ASK: i32 = 3;
const TAG_TOKEN: i32 = 4;
const TAG_DONE: i32 = 5;
const TAG_RECORDS: i32 = 6;

/// Exit code of a rank that dies on purpose (`--fail-rank`).
pub const FAILED_RANK_EXIT: i32 = 3;
/// Exit code when rank 0's deadline passes.
pub const DEADLINE_EXIT: i32 = 4;
/// Exit code for bad input (options, tokens).
pub const BAD_INPUT_EXIT: i32 = 2;

/// How often rank 0 looks for messages while it waits: short next to a time unit, long enough
/// not to spin a core (Open MPI's own blocking receive busy-polls).
const POLL: Duration = Duration::from_micros(200);

/// Rank 0's options, from its command line; the tokens come on its standard input.
struct Options {
    distribution: Distribution,
    unit: Duration,
    deadline: Duration,
    fail_rank: Option<usize>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        distribution: Distribution::Static,
        unit: helpers::time_unit().map_err(|e| e.to_string())?,
        deadline: Duration::from_secs(120),
        fail_rank: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        let number = |text: &String| {
            text.parse::<u64>()
                .map_err(|_| format!("{arg} wants a whole number, not {text:?}"))
        };
        match arg.as_str() {
            "--distribution" => options.distribution = Distribution::parse(value()?)?,
            "--unit-ns" => {
                let unit = Duration::from_nanos(number(value()?)?);
                if !(helpers::internal::MIN_TIME_UNIT..=helpers::internal::MAX_TIME_UNIT)
                    .contains(&unit)
                {
                    return Err(format!(
                        "--unit-ns {} is outside {:?}..={:?}",
                        unit.as_nanos(),
                        helpers::internal::MIN_TIME_UNIT,
                        helpers::internal::MAX_TIME_UNIT
                    ));
                }
                options.unit = unit;
            }
            "--deadline-ms" => options.deadline = Duration::from_millis(number(value()?)?),
            "--fail-rank" => options.fail_rank = Some(number(value()?)? as usize),
            other => return Err(format!("unknown option {other:?}; {}", crate::USAGE)),
        }
    }
    Ok(options)
}

/// Reads the tokens, a JSON list of strings, from standard input.
fn read_tokens() -> Result<Vec<String>, String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read the tokens from standard input: {e}"))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("standard input must be a JSON list of strings ({e}): {text:.120}"))
}

/// Runs this process's rank. Returns when the run is over; exits early only on purpose.
pub fn main(args: &[String]) -> ExitCode {
    let Some((universe, _)) = mpi::initialize_with_threading(Threading::Funneled) else {
        eprintln!("cluster-map: MPI did not start (was it already initialised?)");
        return ExitCode::from(BAD_INPUT_EXIT as u8);
    };
    let world = universe.world();
    let host = mpi::environment::processor_name().unwrap_or_else(|_| "unknown host".into());
    let rank = world.rank() as usize;
    let label = format!("rank {rank} @ {host}");
    // Calibrates the work functions now, so every rank starts its clock at the barrier.
    let _ = helpers::record("warm-up", &[] as &[&str], 1, || ());
    let code = if rank == 0 {
        root(&world, args, label)
    } else {
        member(&world, rank, label)
    };
    drop(universe); // MPI_Finalize, before the exit code is returned
    code
}

/// A rank's worker thread: runs each task it is sent, recorded, and says when it is done.
struct Worker {
    tasks: Sender<Task>,
    done: Receiver<()>,
}

fn start_worker(label: String, dies: bool) -> Worker {
    let (tasks, inbox) = channel::<Task>();
    let (finished, done) = channel();
    thread::Builder::new()
        .name(label.clone())
        .spawn(move || {
            for task in inbox {
                if dies {
                    eprintln!(
                        "cluster-map: {label} dies on purpose (--fail-rank) holding {:?}",
                        task.token
                    );
                    std::process::exit(FAILED_RANK_EXIT);
                }
                helpers::work(&task.token);
                if finished.send(()).is_err() {
                    return;
                }
            }
        })
        .expect("start a worker thread");
    Worker { tasks, done }
}

impl Worker {
    /// Runs one task and waits for it (a rank other than 0, which has nothing else to do).
    fn run(&self, task: Task) {
        self.tasks.send(task).expect("the worker thread is alive");
        self.done
            .recv()
            .expect("the worker thread finishes its task");
    }
}

fn receive_bytes(world: &SimpleCommunicator, tag: i32) -> Vec<u8> {
    world.process_at_rank(0).receive_vec_with_tag::<u8>(tag).0
}

/// Every rank but 0: take the set-up, run the tokens given, send back the records.
fn member(world: &SimpleCommunicator, rank: usize, label: String) -> ExitCode {
    let setup = match Setup::decode(&receive_bytes(world, TAG_SETUP)) {
        Ok(setup) => setup,
        Err(error) => {
            eprintln!("cluster-map: {label}: {error}");
            world.abort(BAD_INPUT_EXIT);
        }
    };
    helpers::set_time_unit(setup.unit);
    let worker = start_worker(label.clone(), setup.fail_rank == Some(rank));
    world.barrier();
    let (tasks, run) = helpers::record(&label, &[] as &[&str], 1, || {
        let mut tasks = Vec::new();
        match setup.distribution {
            Distribution::Static => {
                let share = plan::decode_tasks(&receive_bytes(world, TAG_SHARE));
                for task in share.unwrap_or_else(|e| panic!("{label}: {e}")) {
                    tasks.push(task.clone());
                    worker.run(task);
                }
            }
            Distribution::Dynamic => loop {
                world
                    .process_at_rank(0)
                    .send_with_tag(&[] as &[u8], TAG_ASK);
                let (bytes, status) = world
                    .process_at_rank(0)
                    .matched_probe()
                    .matched_receive_vec::<u8>();
                if status.tag() == TAG_DONE {
                    break;
                }
                for task in plan::decode_tasks(&bytes).unwrap_or_else(|e| panic!("{label}: {e}")) {
                    tasks.push(task.clone());
                    worker.run(task);
                }
            },
        }
        tasks
    });
    let records = plan::encode_records(&run, &tasks).unwrap_or_else(|e| panic!("{label}: {e}"));
    world
        .process_at_rank(0)
        .send_with_tag(&records[..], TAG_RECORDS);
    ExitCode::SUCCESS
}

/// Rank 0: read the input, hand out the tokens, work on its own, gather, print the run.
fn root(world: &SimpleCommunicator, args: &[String], label: String) -> ExitCode {
    let size = world.size() as usize;
    let input = parse_options(args).and_then(|options| Ok((options, read_tokens()?)));
    let (options, tokens) = input.unwrap_or_else(|error| {
        eprintln!("cluster-map: {error}");
        world.abort(BAD_INPUT_EXIT)
    });
    let setup = Setup {
        distribution: options.distribution,
        unit: options.unit,
        fail_rank: options.fail_rank,
    };
    for r in 1..size {
        world
            .process_at_rank(r as i32)
            .send_with_tag(&setup.encode()[..], TAG_SETUP);
    }
    helpers::set_time_unit(setup.unit);
    let worker = start_worker(label, setup.fail_rank == Some(0));
    let tasks: Vec<Task> = tokens
        .iter()
        .enumerate()
        .map(|(index, token)| Task {
            index,
            token: token.clone(),
        })
        .collect();
    world.barrier();
    let deadline = Deadline {
        at: Instant::now() + options.deadline,
        after: options.deadline,
    };
    let ((own_tasks, gathered), run) = helpers::record("rank 0", &tokens, size, || {
        let own = match setup.distribution {
            Distribution::Static => hand_out_blocks(world, &worker, &tasks, &deadline),
            Distribution::Dynamic => hand_out_on_request(world, &worker, &tasks, &deadline),
        };
        (own, gather(world, &deadline))
    });
    let mut all = gathered;
    let own = plan::encode_records(&run, &own_tasks).and_then(|bytes| plan::decode_records(&bytes));
    all.extend(own.unwrap_or_else(|e| panic!("rank 0: {e}")));
    match plan::merge(setup.distribution, size, &tokens, setup.unit, run.wall, all) {
        Ok(run) => {
            println!("{}", run.to_json());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cluster-map: the gathered records do not make a run: {error}");
            ExitCode::FAILURE
        }
    }
}

/// When rank 0 stops waiting.
struct Deadline {
    at: Instant,
    after: Duration,
}

impl Deadline {
    /// Aborts the whole job, saying what was awaited, once the deadline has passed.
    fn check(&self, world: &SimpleCommunicator, waiting_for: impl FnOnce() -> String) {
        if Instant::now() >= self.at {
            eprintln!(
                "cluster-map: rank 0 gave up after {:.3} s waiting for {}; stopping the job",
                self.after.as_secs_f64(),
                waiting_for()
            );
            // Not MPI_Abort: with Open MPI 4.1 on 4 ranks it left `mpirun` hanging here (its
            // ranks dead, itself deaf to SIGTERM). A rank that exits without MPI_Finalize makes
            // `mpirun` stop the whole job, which is what we want, and that path works.
            let _ = world;
            std::process::exit(DEADLINE_EXIT);
        }
    }
}

/// Static: each rank gets its block in one message; rank 0 works through the first block.
fn hand_out_blocks(
    world: &SimpleCommunicator,
    worker: &Worker,
    tasks: &[Task],
    deadline: &Deadline,
) -> Vec<Task> {
    let shares = plan::block_shares(tasks.len(), world.size() as usize);
    for (r, share) in shares.iter().enumerate().skip(1) {
        let message = plan::encode_tasks(&tasks[share.clone()]);
        world
            .process_at_rank(r as i32)
            .send_with_tag(&message[..], TAG_SHARE);
    }
    let own = tasks[shares[0].clone()].to_vec();
    for task in &own {
        worker.tasks.send(task.clone()).expect("worker alive");
    }
    for task in &own {
        loop {
            match worker.done.recv_timeout(POLL * 50) {
                Ok(()) => break,
                Err(RecvTimeoutError::Timeout) => {
                    deadline.check(world, || format!("its own task {:?}", task.token))
                }
                Err(RecvTimeoutError::Disconnected) => panic!("rank 0's worker thread ended"),
            }
        }
    }
    own
}

/// Dynamic: a work queue. Rank 0's own worker and every rank that asks get the next token.
fn hand_out_on_request(
    world: &SimpleCommunicator,
    worker: &Worker,
    tasks: &[Task],
    deadline: &Deadline,
) -> Vec<Task> {
    let members = world.size() as usize - 1;
    let mut queue = tasks.iter();
    let mut own = Vec::new();
    let mut own_busy = false;
    let mut told_done = 0;
    // Who holds which token, to name it if the deadline passes.
    let mut holding: Vec<Option<&Task>> = vec![None; members + 1];
    while told_done < members || own_busy || queue.len() > 0 {
        let mut progressed = false;
        if own_busy && worker.done.try_recv().is_ok() {
            own_busy = false;
            holding[0] = None;
        }
        if !own_busy && let Some(task) = queue.next() {
            worker.tasks.send(task.clone()).expect("worker alive");
            own.push(task.clone());
            own_busy = true;
            holding[0] = Some(task);
            progressed = true;
        }
        if let Some(ask) = world
            .any_process()
            .immediate_matched_probe_with_tag(TAG_ASK)
        {
            let (_, status) = ask.matched_receive_vec::<u8>();
            let asker = status.source_rank();
            let to = world.process_at_rank(asker);
            holding[asker as usize] = queue.next();
            match holding[asker as usize] {
                Some(task) => to.send_with_tag(
                    &plan::encode_tasks(std::slice::from_ref(task))[..],
                    TAG_TOKEN,
                ),
                None => {
                    to.send_with_tag(&[] as &[u8], TAG_DONE);
                    told_done += 1;
                }
            }
            progressed = true;
        }
        if !progressed {
            deadline.check(world, || describe_holders(&holding));
            thread::sleep(POLL);
        }
    }
    own
}

fn describe_holders(holding: &[Option<&Task>]) -> String {
    let held: Vec<String> = holding
        .iter()
        .enumerate()
        .filter_map(|(r, task)| task.map(|t| format!("rank {r} (holding {:?})", t.token)))
        .collect();
    if held.is_empty() {
        "ranks to ask for work".into()
    } else {
        held.join(", ")
    }
}

/// Collects every other rank's records, in whatever order they come.
fn gather(world: &SimpleCommunicator, deadline: &Deadline) -> Vec<TaskJson> {
    let size = world.size() as usize;
    let mut reported = vec![false; size];
    reported[0] = true;
    let mut records = Vec::new();
    while reported.contains(&false) {
        match world
            .any_process()
            .immediate_matched_probe_with_tag(TAG_RECORDS)
        {
            Some(message) => {
                let (bytes, status) = message.matched_receive_vec::<u8>();
                let rank = status.source_rank() as usize;
                reported[rank] = true;
                records.extend(
                    plan::decode_records(&bytes)
                        .unwrap_or_else(|e| panic!("from rank {rank}: {e}")),
                );
            }
            None => {
                deadline.check(world, || {
                    let late: Vec<String> = (0..size)
                        .filter(|&r| !reported[r])
                        .map(|r| r.to_string())
                        .collect();
                    format!("the records of rank(s) {}", late.join(", "))
                });
                thread::sleep(POLL);
            }
        }
    }
    records
}
