import threading
import time


def spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


N = 2_000_000

start = time.perf_counter()
spin(N)
spin(N)
print(f"one after the other: {time.perf_counter() - start:.2f} s")

start = time.perf_counter()
workers = [threading.Thread(target=spin, args=(N,)) for _ in range(2)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(f"two threads:         {time.perf_counter() - start:.2f} s")
