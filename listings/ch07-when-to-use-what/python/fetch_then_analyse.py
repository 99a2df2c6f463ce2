import asyncio
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

# The Rust listing's documents, word for word (the same generator).
VOCABULARY = ["the", "a", "thread", "task", "core", "lock", "queue", "future", "await",
              "pool", "process", "pipe", "socket", "rayon", "tokio", "channel"]
MASK = 2**64 - 1


def document(doc_id):
    state = (0x9E3779B97F4A7C15 ^ doc_id) & MASK
    words = []
    for _ in range(20_000 + 1_000 * doc_id):
        state = (state * 6_364_136_223_846_793_005 + 1_442_695_040_888_963_407) & MASK
        pick = (state >> 33) % 16
        words.append(VOCABULARY[pick * pick // 16])
    return " ".join(words)


# ANCHOR: main
def analyse(text):  # CPU-bound: runs in a worker process
    counts = Counter(text.split())
    word, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return sum(counts.values()), len(counts), word, count


async def fetch(port, doc_id):  # I/O-bound: runs on the event loop
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"{doc_id}\n".encode())
    text = (await reader.read()).decode()
    writer.close()
    return text


async def fetch_and_analyse(port, doc_id, pool):
    text = await fetch(port, doc_id)
    return await asyncio.get_running_loop().run_in_executor(pool, analyse, text)


async def main(port):
    with ProcessPoolExecutor(max_workers=2) as pool:
        jobs = (fetch_and_analyse(port, doc_id, pool) for doc_id in range(8))
        results = await asyncio.gather(*jobs)
    print(f"fetched and analysed {len(results)} documents, "
          f"{sum(r[0] for r in results)} words in all")
    for doc_id, (words, distinct, word, count) in enumerate(results[:2]):
        print(f'document {doc_id}: {words} words, {distinct} distinct, '
              f'most common "{word}" ({count})')
# ANCHOR_END: main


async def serve_and_run():
    documents = [document(doc_id).encode() for doc_id in range(8)]

    async def serve(reader, writer):
        writer.write(documents[int(await reader.readline())])
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)  # any free port
    async with server:
        await main(server.sockets[0].getsockname()[1])


if __name__ == "__main__":
    asyncio.run(serve_and_run())
