from concurrent.futures import ThreadPoolExecutor

words = ["a", "pool", "of", "worker", "threads", "maps", "in", "order"]
with ThreadPoolExecutor(max_workers=4) as executor:
    shouted = list(executor.map(str.upper, words))
print(shouted)
