//! The machine an experiment ran on, printed above every table: a figure
//! means little without the cores (and the cgroup quota) behind it.

use std::fmt;
use std::thread::available_parallelism;
use std::time::SystemTime;

/// What the run's figures depend on.
#[derive(Debug, Clone)]
pub struct Machine {
    pub cpu_model: String,
    pub parallelism: usize,
    /// The cgroup CPU quota as "QUOTA PERIOD" in µs, e.g. "max 100000" (no
    /// quota) or "200000 100000" (2 CPUs), from cgroup v2's `cpu.max` or
    /// cgroup v1's `cpu.cfs_quota_us` (-1 = none) and `cpu.cfs_period_us`.
    pub cgroup_cpu_max: String,
    pub kernel: String,
    /// UTC, to the second.
    pub date: String,
}

impl Machine {
    pub fn detect() -> Machine {
        Machine {
            cpu_model: cpu_model().unwrap_or_else(|| "unknown".into()),
            parallelism: available_parallelism().map_or(1, |n| n.get()),
            cgroup_cpu_max: cgroup_cpu_max().unwrap_or_else(|| "unavailable".into()),
            kernel: nix::sys::utsname::uname()
                .map(|u| u.release().to_string_lossy().into_owned())
                .unwrap_or_else(|_| "unknown".into()),
            date: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        }
    }

    /// The cgroup quota in CPUs, when one is set.
    pub fn cgroup_cpus(&self) -> Option<f64> {
        let mut parts = self.cgroup_cpu_max.split_whitespace();
        let quota: f64 = parts.next()?.parse().ok()?;
        let period: f64 = parts.next()?.parse().ok()?;
        Some(quota / period)
    }
}

impl fmt::Display for Machine {
    /// One Markdown line, so the same text heads the terminal output and the book.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quota = match self.cgroup_cpus() {
            Some(cpus) => format!("{cpus} CPUs"),
            None => format!("none (`{}`)", self.cgroup_cpu_max),
        };
        write!(
            f,
            "Machine: {} · `available_parallelism()` = {} · cgroup CPU quota: {} · Linux {} · {}",
            self.cpu_model, self.parallelism, quota, self.kernel, self.date
        )
    }
}

fn cpu_model() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    info.lines()
        .find(|line| line.starts_with("model name"))
        .and_then(|line| line.split_once(':'))
        .map(|(_, model)| model.trim().to_string())
}

/// See https://docs.kernel.org/admin-guide/cgroup-v2.html#cpu-interface-files
/// and https://docs.kernel.org/scheduler/sched-bwc.html (v1).
fn cgroup_cpu_max() -> Option<String> {
    if let Some(v2) = read_trimmed("/sys/fs/cgroup/cpu.max") {
        return Some(v2);
    }
    let quota = read_trimmed("/sys/fs/cgroup/cpu/cpu.cfs_quota_us")?;
    let period = read_trimmed("/sys/fs/cgroup/cpu/cpu.cfs_period_us")?;
    let quota = if quota == "-1" {
        "max".to_string()
    } else {
        quota
    };
    Some(format!("{quota} {period}"))
}

fn read_trimmed(path: &str) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.trim().to_string())
}
