import threading
import time


def fetch(request_id, replies):
    time.sleep(0.05)  # stands in for a slow network call
    replies[request_id] = f"reply to request {request_id}"


replies = {}
workers = [threading.Thread(target=fetch, args=(i, replies)) for i in range(20)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
print(len(replies), "replies")
