import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def square(n):
    if n == 13:
        os.abort()  # to the pool, a crash in native code looks the same
    return n * n


if __name__ == "__main__":
    failed = []
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(square, n) for n in range(1, 21)]
        for n, future in enumerate(futures, start=1):
            try:
                future.result()
            except BrokenProcessPool:
                failed.append(n)
        try:
            pool.submit(square, 1)
        except BrokenProcessPool:
            print("the pool refuses new work")
    # Which other jobs failed depends on timing: print what is certain.
    print("job 13 failed:", 13 in failed)
