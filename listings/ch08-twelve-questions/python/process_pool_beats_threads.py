import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def count_primes(limit):
    return sum(all(n % d for d in range(2, int(n**0.5) + 1)) for n in range(2, limit))


if __name__ == "__main__":
    jobs = [50_000] * 4
    for executor in (ThreadPoolExecutor, ProcessPoolExecutor):
        start = time.perf_counter()
        with executor(max_workers=4) as pool:
            answers = list(pool.map(count_primes, jobs))
        elapsed = time.perf_counter() - start
        print(f"{executor.__name__}: {answers[0]} primes, 4 times, in {elapsed:.2f} s")
