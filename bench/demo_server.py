"""The demo Intervals.icu on its own port, counting what it serves: the upstream of the load benchmarks.

Run: python bench/demo_server.py PORT ATHLETES SEED INFO_JSON
Writes the athletes' ids and API keys to INFO_JSON once serving; `GET /_bench/count` answers how many
API requests it has served so far (the demo's own log is bounded), `GET /_bench/paths` the last 200 of them.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections import deque
from pathlib import Path
from typing import Any

from hypercorn.asyncio import serve
from hypercorn.config import Config

from icusync.demo import DemoUpstream


class Counted:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.count = 0
        self.paths: deque[str] = deque(maxlen=200)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] in ("/_bench/count", "/_bench/paths"):
            answer = {"requests": self.count} if scope["path"] == "/_bench/count" else {"paths": list(self.paths)}
            body = json.dumps(answer).encode()
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": body})
            return
        if scope["type"] == "http":
            self.count += 1
            query = scope["query_string"].decode()
            self.paths.append(f"{scope['method']} {scope['path']}" + (f"?{query}" if query else ""))
        await self.app(scope, receive, send)


async def main(port: int, athletes: int, seed: int, info: Path) -> None:
    demo = DemoUpstream(seed=seed, athletes=athletes, fault_endpoint=False)
    config = Config()
    config.bind = [f"127.0.0.1:{port}"]
    config.accesslog = None
    config.keep_alive_timeout = 75

    async def announce() -> None:
        await asyncio.sleep(0.2)
        keys = {a: demo.api_key(a) for a in demo.athlete_ids}
        text = json.dumps({"athletes": keys, "today": demo.today.isoformat(), "prefix": demo.prefix})
        await asyncio.to_thread(info.write_text, text)

    await asyncio.gather(serve(Counted(demo.asgi), config), announce())  # type: ignore[arg-type]


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])))
