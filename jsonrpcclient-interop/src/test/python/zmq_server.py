"""JSON-RPC 2.0 over libzmq (Debian's python3-zmq), the peer of ZeroMqLibzmqIT (jsonrpcclient-interop).

    python3 zmq_server.py

Binds a REP socket and a ROUTER socket on 127.0.0.1, each on a port libzmq picks, prints
`rep <port>`, `router <port>` and then `listening <port>` (the REP one) on stdout, and exits when
its standard input closes, so it never outlives the JVM that started it.

Each JSON-RPC message is one ZeroMQ message (the last frame; a ROUTER sees [identity, empty, JSON]
from a REQ or from a DEALER that adds the empty delimiter). REP must answer every message, so a
notification (or a batch of notifications only) is answered with an empty message; ROUTER answers
nothing for those. ROUTER answers `sleep` later, from its poll loop, so replies can overtake each
other; REP answers in order.
"""
import heapq
import itertools
import json
import os
import sys
import threading
import time

import zmq

received = []  # params of each `record` call, in arrival order (both sockets)
lock = threading.Lock()


class RpcError(Exception):
    def __init__(self, code, message, data=None):
        super().__init__(message)
        self.error = {"code": code, "message": message}
        if data is not None:
            self.error["data"] = data


def add(params):
    if not isinstance(params, list) or len(params) != 2 or not all(
            isinstance(p, (int, float)) and not isinstance(p, bool) for p in params):
        raise RpcError(-32602, "add takes two numbers", {"got": params})
    return params[0] + params[1]


def subtract(params):
    if isinstance(params, dict):
        return params["minuend"] - params["subtrahend"]
    return params[0] - params[1]


def echo(params):
    return params


def withdraw(params):
    raise RpcError(-32010, "Insufficient funds",
                   {"balance": 10, "requested": params[0], "currency": "EUR", "retryable": False})


def record(params):
    with lock:
        received.append(params)
        return len(received)


def take_received(params):
    with lock:
        out = list(received)
        received.clear()
        return out


def sleep(params):
    time.sleep(params[0] / 1000.0)  # REP only; ROUTER schedules it instead
    return params[0]


METHODS = {"add": add, "subtract": subtract, "echo": echo, "withdraw": withdraw,
           "record": record, "received": take_received, "sleep": sleep}


def answer_one(call):
    """The response object for one call, or None for a notification."""
    if not isinstance(call, dict) or call.get("jsonrpc") != "2.0" or not isinstance(call.get("method"), str):
        return {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "Invalid Request"}}
    notification = "id" not in call
    method = METHODS.get(call["method"])
    try:
        if method is None:
            raise RpcError(-32601, "Method not found")
        result = method(call.get("params"))
        response = {"jsonrpc": "2.0", "id": call.get("id"), "result": result}
    except RpcError as e:
        response = {"jsonrpc": "2.0", "id": call.get("id"), "error": e.error}
    except Exception as e:  # noqa: BLE001 - a handler bug becomes -32603, as servers do
        response = {"jsonrpc": "2.0", "id": call.get("id"),
                    "error": {"code": -32603, "message": "Internal error", "data": repr(e)}}
    return None if notification else response


def answer(body):
    """The reply bytes for one message; b'' when nothing is owed (notifications)."""
    try:
        message = json.loads(body)
    except ValueError as e:
        return json.dumps({"jsonrpc": "2.0", "id": None,
                           "error": {"code": -32700, "message": "Parse error", "data": str(e)}}).encode()
    if isinstance(message, list):
        if not message:
            return json.dumps({"jsonrpc": "2.0", "id": None,
                               "error": {"code": -32600, "message": "Invalid Request"}}).encode()
        replies = [r for r in (answer_one(c) for c in message) if r is not None]
        return json.dumps(replies, separators=(",", ":")).encode() if replies else b""
    reply = answer_one(message)
    return b"" if reply is None else json.dumps(reply, separators=(",", ":")).encode()


def serve_rep(sock):
    while True:
        frames = sock.recv_multipart()
        sock.send(answer(frames[-1]))


def serve_router(sock):
    later = []  # (due, seq, frames)
    seq = itertools.count()
    poller = zmq.Poller()
    poller.register(sock, zmq.POLLIN)
    while True:
        timeout = None
        if later:
            timeout = max(0, int((later[0][0] - time.monotonic()) * 1000))
        if poller.poll(timeout):
            frames = sock.recv_multipart()
            envelope, body = frames[:-1], frames[-1]
            try:
                call = json.loads(body)
            except ValueError:
                call = None
            if isinstance(call, dict) and call.get("method") == "sleep" and "id" in call:
                ms = call["params"][0]
                reply = json.dumps({"jsonrpc": "2.0", "id": call["id"], "result": ms}, separators=(",", ":"))
                heapq.heappush(later, (time.monotonic() + ms / 1000.0, next(seq), envelope + [reply.encode()]))
                continue
            reply = answer(body)
            if reply:
                sock.send_multipart(envelope + [reply])
        now = time.monotonic()
        while later and later[0][0] <= now:
            sock.send_multipart(heapq.heappop(later)[2])


def main():
    context = zmq.Context()
    rep = context.socket(zmq.REP)
    router = context.socket(zmq.ROUTER)
    for s in (rep, router):
        s.setsockopt(zmq.LINGER, 0)
    rep_port = rep.bind_to_random_port("tcp://127.0.0.1")
    router_port = router.bind_to_random_port("tcp://127.0.0.1")
    threading.Thread(target=serve_rep, args=(rep,), daemon=True).start()
    threading.Thread(target=serve_router, args=(router,), daemon=True).start()
    sys.stdout.write("libzmq %s pyzmq %s\nrep %d\nrouter %d\nlistening %d\n"
                     % (zmq.zmq_version(), zmq.__version__, rep_port, router_port, rep_port))
    sys.stdout.flush()
    sys.stdin.read()  # returns when our stdin closes: the JVM that started us is done or gone
    os._exit(0)


if __name__ == "__main__":
    main()
