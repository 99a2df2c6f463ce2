from multiprocessing import Process, Value


def add(counter, times):
    for _ in range(times):
        with counter.get_lock():  # without this line, updates get lost
            counter.value += 1


if __name__ == "__main__":
    counter = Value("Q", 0)
    workers = [Process(target=add, args=(counter, 10_000)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(counter.value)  # 20000
