"""The demo Intervals.icu: an ASGI app speaking the documented API over synthetic athletes.

Used by `icusync demo` (served in-process under `/demo-intervals`) and by tests
as the upstream through `httpx.ASGITransport`.
"""

from icusync.demo.faults import Faults
from icusync.demo.upstream import DemoUpstream

__all__ = ["DemoUpstream", "Faults"]
