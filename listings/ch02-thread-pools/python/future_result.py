from concurrent.futures import ThreadPoolExecutor
import threading

with ThreadPoolExecutor(max_workers=1) as pool:
    square = pool.submit(lambda: 12 * 12)
    parse = pool.submit(int, "forty-two")
    print("square:", square.result())
    print("parse:", repr(parse.exception()))
    print("next job ran on", pool.submit(lambda: threading.current_thread().name).result())
