import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


# ANCHOR: download
def download(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def download_all(urls):
    results = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {pool.submit(download, url): url for url in urls}
        for future in as_completed(futures):
            url = futures[future]
            try:
                results[url] = f"{len(future.result())} bytes"
            except Exception as error:
                results[url] = f"failed: {error}"
    return results
# ANCHOR_END: download


class SlowServer(BaseHTTPRequestHandler):
    """Waits 100 ms, then answers /page/N with 15 * (N + 1) bytes."""

    def do_GET(self):
        time.sleep(0.1)  # the slow network
        if not self.path.startswith("/page/"):
            self.send_error(404)
            return
        body = b"x" * 15 * (int(self.path.rsplit("/", 1)[1]) + 1)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass  # quiet


server = ThreadingHTTPServer(("127.0.0.1", 0), SlowServer)  # any free port
threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
base = f"http://127.0.0.1:{server.server_address[1]}"
paths = [f"/page/{i}" for i in range(7)] + ["/missing"]
results = download_all([base + path for path in paths])
for path in paths:
    print(f"{path}: {results[base + path]}")
server.shutdown()
server.server_close()
