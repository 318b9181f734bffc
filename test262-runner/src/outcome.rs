//! Test modes and outcomes.

use std::fmt;
use std::str::FromStr;

/// How a test file is run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    // Declared in alphabetical order so that sorting by mode sorts by name.
    /// As a module.
    Module,
    /// As a classic script in non-strict code.
    Sloppy,
    /// As a classic script with `"use strict";` prepended.
    Strict,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Sloppy => "sloppy",
            Mode::Strict => "strict",
            Mode::Module => "module",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "sloppy" => Ok(Mode::Sloppy),
            "strict" => Ok(Mode::Strict),
            "module" => Ok(Mode::Module),
            _ => Err(format!("unknown mode `{s}`")),
        }
    }
}

/// The result of running one test in one mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    Pass,
    /// The test threw, or a negative test did not throw the expected error.
    Fail,
    /// The engine panicked (caught).
    Panic,
    /// The test did not finish within the time limit.
    Timeout,
    /// The worker process running the test died.
    Crash,
    /// The test was not run.
    Skip,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Pass,
        Outcome::Fail,
        Outcome::Panic,
        Outcome::Timeout,
        Outcome::Crash,
        Outcome::Skip,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Panic => "panic",
            Outcome::Timeout => "timeout",
            Outcome::Crash => "crash",
            Outcome::Skip => "skip",
        }
    }

    /// Whether this outcome is a failure of a test that was run.
    pub fn is_failure(self) -> bool {
        !matches!(self, Outcome::Pass | Outcome::Skip)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Outcome {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Outcome::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or_else(|| format!("unknown outcome `{s}`"))
    }
}
