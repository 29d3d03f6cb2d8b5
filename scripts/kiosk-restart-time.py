#!/usr/bin/env python3
"""Measures how long a kiosk takes to come back after its process is killed.

It does what systemd's Restart=always with Type=notify does: start Tideline with
NOTIFY_SOCKET pointing at a datagram socket of its own, wait for READY=1, kill the process
(SIGKILL, as a crash would), start it again at once (RestartSec=0 here; add the unit's
RestartSec to the figure), and time from the kill to the next READY=1. It also checks that
WATCHDOG=1 keeps arriving while the kiosk runs.

Usage (under a display: xvfb-run, Cage or a desktop):
    scripts/kiosk-restart-time.py [--binary target/release/tideline] [--runs 5]
Prints one JSON object.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def wait_for(sock, word, timeout):
    """Reads notifications until one contains `word`; returns the time it arrived."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            data = sock.recv(4096).decode(errors="replace")
        except socket.timeout:
            break
        if word in data.split("\n"):
            return time.monotonic()
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default="target/release/tideline")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--config", default="assets/deploy/kiosk.ron")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="tideline-notify-")
    path = os.path.join(folder, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="6000000")
    command = [args.binary, "kiosk", "--config", args.config]

    def start():
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    started = time.monotonic()
    process = start()
    ready = wait_for(sock, "READY=1", 120)
    if ready is None:
        process.kill()
        print(json.dumps({"error": "no READY=1 within 120 s"}))
        return 1
    first_ready_s = ready - started
    watchdog = wait_for(sock, "WATCHDOG=1", 10)
    restarts = []
    for _ in range(args.runs):
        time.sleep(2)
        killed = time.monotonic()
        process.kill()
        process.wait()
        process = start()
        ready = wait_for(sock, "READY=1", 120)
        if ready is None:
            break
        restarts.append(ready - killed)
    process.kill()
    process.wait()
    print(json.dumps({
        "first_ready_s": round(first_ready_s, 3),
        "watchdog_seen": watchdog is not None,
        "restarts": len(restarts),
        "restart_s_median": round(statistics.median(restarts), 3) if restarts else None,
        "restart_s_max": round(max(restarts), 3) if restarts else None,
    }))
    return 0 if restarts else 1


if __name__ == "__main__":
    sys.exit(main())
