//! Reading a process's memory and thread count from `/proc/<pid>/status`
//! (see `man 5 proc_pid_status`).

/// A few fields of `/proc/<pid>/status`, in bytes (the file says kB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProcStatus {
    pub rss_bytes: u64,
    pub virtual_bytes: u64,
    pub threads: u64,
}

/// `pid` 0 means this process.
pub fn status(pid: u32) -> std::io::Result<ProcStatus> {
    let path = if pid == 0 {
        "/proc/self/status".to_string()
    } else {
        format!("/proc/{pid}/status")
    };
    Ok(parse_status(&std::fs::read_to_string(path)?))
}

pub fn parse_status(text: &str) -> ProcStatus {
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
            .and_then(|value| value.split_whitespace().next()?.parse::<u64>().ok())
            .unwrap_or(0)
    };
    ProcStatus {
        rss_bytes: field("VmRSS") * 1024,
        virtual_bytes: field("VmSize") * 1024,
        threads: field("Threads"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_kernel_format() {
        let text = "Name:\tx\nVmSize:\t  2048 kB\nVmRSS:\t   512 kB\nThreads:\t3\n";
        assert_eq!(
            parse_status(text),
            ProcStatus {
                rss_bytes: 512 * 1024,
                virtual_bytes: 2048 * 1024,
                threads: 3
            }
        );
    }

    #[test]
    fn reads_this_process() {
        let me = status(0).unwrap();
        assert!(me.rss_bytes > 0 && me.virtual_bytes >= me.rss_bytes && me.threads >= 1);
    }
}
