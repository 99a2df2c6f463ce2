from concurrent.futures import ProcessPoolExecutor


def count_primes_below(n):
    return sum(1 for k in range(2, n) if all(k % d for d in range(2, int(k**0.5) + 1)))


if __name__ == "__main__":  # each worker imports this module too
    inputs = [10_000 + 2_000 * i for i in range(16)]
    with ProcessPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(count_primes_below, inputs))
    print(answers[:4])  # [1229, 1438, 1652, 1862]
