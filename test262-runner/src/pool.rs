//! The parent side: a pool of worker processes, each fed one job at a time.
//!
//! A worker that does not answer within the hard deadline is killed and the
//! job recorded as `timeout`; a worker that dies is recorded as `crash` (after
//! one retry on a fresh worker, so that a death during teardown of the
//! previous job is not blamed on the next one). Dead workers are respawned.

use crate::outcome::{Mode, Outcome};
use crate::worker::Report;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One test run to perform.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: usize,
    pub path: String,
    pub mode: Mode,
}

/// How to start workers.
#[derive(Clone, Debug)]
pub struct Config {
    /// The runner's own executable.
    pub exe: PathBuf,
    pub test262: PathBuf,
    /// The per-test time limit enforced inside the worker.
    pub timeout: Duration,
    /// The time after which an unresponsive worker is killed.
    pub hard_timeout: Duration,
    pub workers: usize,
    /// GC stress mode passed on to the workers.
    pub gc_stress: Option<u32>,
}

/// Lines of a worker's stderr kept for crash reports.
const STDERR_TAIL: usize = 4;
/// Jobs after which a worker is replaced by a fresh process, so that memory
/// an engine fails to release cannot pile up over a long run.
const JOBS_PER_WORKER: usize = 2000;

struct Worker {
    child: Child,
    stdin: ChildStdin,
    results: Receiver<Report>,
    stderr_tail: Arc<Mutex<VecDeque<String>>>,
    /// The thread collecting `stderr_tail`; it ends when the worker's stderr closes.
    stderr_reader: std::thread::JoinHandle<()>,
    jobs_done: usize,
}

impl Worker {
    fn spawn(config: &Config) -> std::io::Result<Worker> {
        let mut command = Command::new(&config.exe);
        if let Some(n) = config.gc_stress {
            command.arg(format!("--gc-stress={n}"));
        }
        let mut child = command
            .arg("--worker")
            .arg("--test262-dir")
            .arg(&config.test262)
            .arg("--timeout")
            .arg(format!("{}", config.timeout.as_secs_f64()))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, results) = mpsc::channel();
        std::thread::spawn(move || forward_results(stdout, tx));
        let stderr_tail = Arc::new(Mutex::new(VecDeque::new()));
        let tail = stderr_tail.clone();
        let stderr_reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if line.trim().is_empty() {
                    continue;
                }
                if let Ok(mut t) = tail.lock() {
                    if t.len() == STDERR_TAIL {
                        t.pop_front();
                    }
                    t.push_back(line);
                }
            }
        });
        Ok(Worker {
            child,
            stdin,
            results,
            stderr_tail,
            stderr_reader,
            jobs_done: 0,
        })
    }

    fn send(&mut self, job: &Job) -> std::io::Result<()> {
        writeln!(self.stdin, "{}\t{}\t{}", job.id, job.path, job.mode)?;
        self.stdin.flush()
    }

    /// Closes the worker's input, which ends its loop, and waits for it.
    fn retire(mut self) {
        drop(self.stdin);
        let _ = self.child.wait();
    }

    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for a worker whose output has ended and describes its death.
    fn death(mut self) -> String {
        // The output closes when the process exits; give it a moment.
        let deadline = Instant::now() + Duration::from_secs(5);
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                _ => {
                    let _ = self.child.kill();
                    break self.child.wait().ok();
                }
            }
        };
        // Let the reader drain what the worker wrote before it died.
        let deadline = Instant::now() + Duration::from_secs(2);
        while !self.stderr_reader.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        let tail: Vec<String> = self
            .stderr_tail
            .lock()
            .map(|t| t.iter().cloned().collect())
            .unwrap_or_default();
        let status = status
            .map(describe_status)
            .unwrap_or_else(|| "unknown status".into());
        if tail.is_empty() {
            format!("worker died ({status})")
        } else {
            format!("worker died ({status}): {}", tail.join(" | "))
        }
    }
}

fn forward_results(stdout: impl Read, tx: Sender<Report>) {
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        if let Some(report) = Report::decode(&line)
            && tx.send(report).is_err()
        {
            break;
        }
    }
}

#[cfg(unix)]
fn describe_status(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(sig) => format!("signal {sig}"),
        None => status.to_string(),
    }
}

#[cfg(not(unix))]
fn describe_status(status: ExitStatus) -> String {
    status.to_string()
}

/// Runs one job, respawning the worker as needed.
fn run_one(config: &Config, worker: &mut Option<Worker>, job: &Job) -> Report {
    let start = Instant::now();
    let report = |outcome, message: String| Report {
        id: job.id,
        outcome,
        elapsed: start.elapsed(),
        message,
    };
    let mut attempts = 0;
    loop {
        attempts += 1;
        let w = match worker {
            Some(w) => w,
            None => match Worker::spawn(config) {
                Ok(w) => worker.insert(w),
                Err(e) => return report(Outcome::Crash, format!("cannot start worker: {e}")),
            },
        };
        let received = match w.send(job) {
            Ok(()) => w.results.recv_timeout(config.hard_timeout),
            Err(_) => Err(RecvTimeoutError::Disconnected),
        };
        match received {
            Ok(r) if r.id == job.id => {
                w.jobs_done += 1;
                if w.jobs_done >= JOBS_PER_WORKER
                    && let Some(w) = worker.take()
                {
                    w.retire();
                }
                return r;
            }
            Ok(r) => {
                if let Some(w) = worker.take() {
                    w.kill();
                }
                return report(
                    Outcome::Crash,
                    format!("worker answered job {} instead of {}", r.id, job.id),
                );
            }
            Err(RecvTimeoutError::Timeout) => {
                if let Some(w) = worker.take() {
                    w.kill();
                }
                return report(
                    Outcome::Timeout,
                    format!(
                        "no answer after {:.0} s; worker killed",
                        config.hard_timeout.as_secs_f64()
                    ),
                );
            }
            Err(RecvTimeoutError::Disconnected) => {
                let death = worker.take().map(Worker::death).unwrap_or_default();
                if attempts >= 2 {
                    return report(Outcome::Crash, death);
                }
            }
        }
    }
}

/// Runs all jobs on `config.workers` worker processes, calling `on_report`
/// on the calling thread for each result as it arrives.
pub fn run(config: &Config, jobs: Vec<Job>, mut on_report: impl FnMut(&Job, Report)) {
    let jobs = Arc::new(jobs);
    let next = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel::<(usize, Report)>();
    let mut threads = Vec::new();
    for _ in 0..config.workers.max(1) {
        let jobs = jobs.clone();
        let next = next.clone();
        let tx = tx.clone();
        let config = config.clone();
        threads.push(std::thread::spawn(move || {
            let mut worker = None;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let report = run_one(&config, &mut worker, job);
                if tx.send((i, report)).is_err() {
                    break;
                }
            }
            if let Some(w) = worker {
                w.retire();
            }
        }));
    }
    drop(tx);
    for (i, report) in rx {
        on_report(&jobs[i], report);
    }
    for t in threads {
        let _ = t.join();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A stand-in worker: passes every job, except that it exits on paths
    /// starting with `crash`, stops answering on `hang`, and prints noise
    /// before answering on `noisy`.
    const FAKE_WORKER: &str = r#"#!/bin/sh
tab="$(printf '\t')"
while IFS="$tab" read -r id path mode; do
  case "$path" in
    crash*) echo "fatal: simulated abort" >&2; exit 3 ;;
    hang*) exec sleep 30 ;;
    noisy*) echo "unrelated output"; printf '@@test262-result\t%s\tfail\t7\tTest262Error: a\\nb\n' "$id" ;;
    *) printf '@@test262-result\t%s\tpass\t5\t\n' "$id" ;;
  esac
done
"#;

    #[test]
    fn crashes_and_hangs_are_contained() {
        let dir = std::env::temp_dir().join(format!("test262-runner-pool-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let exe = dir.join("fake-worker.sh");
        std::fs::write(&exe, FAKE_WORKER).unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        let config = Config {
            exe,
            test262: dir.clone(),
            timeout: Duration::from_millis(100),
            hard_timeout: Duration::from_millis(3000),
            workers: 2,
            gc_stress: None,
        };
        let paths = [
            "a.js", "crash.js", "b.js", "hang.js", "c.js", "noisy.js", "d.js",
        ];
        let jobs: Vec<Job> = paths
            .iter()
            .enumerate()
            .map(|(id, p)| Job {
                id,
                path: p.to_string(),
                mode: Mode::Strict,
            })
            .collect();
        let mut got = vec![None; jobs.len()];
        run(&config, jobs, |job, r| {
            assert_eq!(job.id, r.id);
            let id = r.id;
            got[id] = Some(r);
        });
        let got: Vec<Report> = got.into_iter().map(Option::unwrap).collect();
        let outcomes: Vec<Outcome> = got.iter().map(|r| r.outcome).collect();
        use Outcome::*;
        assert_eq!(outcomes, vec![Pass, Crash, Pass, Timeout, Pass, Fail, Pass]);
        assert!(
            got[1].message.contains("simulated abort"),
            "{}",
            got[1].message
        );
        assert!(
            got[1].message.contains("exit status: 3"),
            "{}",
            got[1].message
        );
        assert_eq!(got[5].message, "Test262Error: a\nb");
        assert_eq!(got[0].elapsed, Duration::from_micros(5));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
