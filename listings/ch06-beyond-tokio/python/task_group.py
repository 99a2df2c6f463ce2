import asyncio


async def fetch(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ConnectionError(name)
    return name


async def main():
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(fetch("a", 0.01))
            group.create_task(fetch("b", 0.03, fail=True))
            group.create_task(fetch("c", 3600))  # cancelled when b fails
    except* ConnectionError as errors:
        print("failed:", errors.exceptions)


asyncio.run(main())
