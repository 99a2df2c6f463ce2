import asyncio
import time


async def worker(name, steps, pause, start, log):
    for step in range(1, steps + 1):
        await asyncio.sleep(pause)  # an await point: the other coroutine may run
        at = (time.monotonic() - start) * 1000
        log.append(f"{at:3.0f} ms  {name} step {step}")


async def main():
    start, log = time.monotonic(), []
    await asyncio.gather(worker("a", 3, 0.1, start, log), worker("b", 2, 0.25, start, log))
    print(f"gather: finished after {(time.monotonic() - start) * 1000:.0f} ms of real time")
    for line in log:
        print(" ", line)


asyncio.run(main())
