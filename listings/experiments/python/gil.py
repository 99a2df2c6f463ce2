"""The Python side of the `gil` experiment (questions 2 and 7).

Counts the primes below BOUND by trial division, split into CHUNKS equal
ranges, three ways: sequentially, with ThreadPoolExecutor(WORKERS) and with
ProcessPoolExecutor(WORKERS). Each is timed RUNS times, in rounds that run
every variant once, and reported as the median. Pure Python and the standard
library only.

    python3 gil.py BOUND CHUNKS WORKERS RUNS

Prints tab-separated lines that the Rust experiment parses:

    python_version  <sys.version>
    gil             <enabled|disabled>  <how we know>
    switch_interval <sys.getswitchinterval(), seconds>
    start_method    <multiprocessing start method>
    row  <variant>  <workers>  <median wall seconds>  <prime count>
"""

import multiprocessing
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def is_prime(n):
    """Deliberately plain trial division, the same as the Rust kernel."""
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    return True


def count_primes(numbers):
    """How many primes lie in the half-open range numbers = (start, end)."""
    start, end = numbers
    return sum(1 for n in range(start, end) if is_prime(n))


def chunks(bound, count):
    """The same split as the Rust side: chunk i is [bound*i//count, bound*(i+1)//count)."""
    return [(bound * i // count, bound * (i + 1) // count) for i in range(count)]


def sequential(parts, workers):
    return sum(map(count_primes, parts))


def thread_pool(parts, workers):
    # The pool is created inside the timed call: its start-up is part of the cost.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(count_primes, parts))


def process_pool(parts, workers):
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(count_primes, parts))


def gil_status():
    """Whether the GIL is on, and how we know: sys._is_gil_enabled() exists
    from Python 3.13 (free-threaded builds can run without the GIL); before
    that, the GIL is always on."""
    check = getattr(sys, "_is_gil_enabled", None)
    if check is None:
        return "enabled", "sys._is_gil_enabled() does not exist before 3.13, where the GIL is always on"
    enabled = check()
    return ("enabled" if enabled else "disabled"), f"sys._is_gil_enabled() returned {enabled}"


def main():
    bound, chunk_count, workers, runs = (int(arg) for arg in sys.argv[1:5])
    parts = chunks(bound, chunk_count)
    print(f"python_version\t{sys.version.replace(chr(10), ' ')}")
    print("gil\t{}\t{}".format(*gil_status()))
    print(f"switch_interval\t{sys.getswitchinterval()}")
    print(f"start_method\t{multiprocessing.get_start_method()}")
    variants = [
        ("sequential", 1, sequential),
        ("ThreadPoolExecutor", workers, thread_pool),
        ("ProcessPoolExecutor", workers, process_pool),
    ]
    seconds = {name: [] for name, _, _ in variants}
    counts = {name: set() for name, _, _ in variants}
    for _ in range(runs):
        for name, used, run in variants:
            started = time.perf_counter()
            counts[name].add(run(parts, used))
            seconds[name].append(time.perf_counter() - started)
    for name, used, _ in variants:
        if len(counts[name]) != 1:
            sys.exit(f"{name} found different counts in different runs: {counts[name]}")
        # The true median (the mean of the middle two for an even count),
        # as the Rust side computes it.
        median = statistics.median(seconds[name])
        print(f"row\t{name}\t{used}\t{median:.6f}\t{counts[name].pop()}")


if __name__ == "__main__":
    main()
