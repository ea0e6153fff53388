from __future__ import annotations

import os
from pathlib import Path

import pytest

from icusync.settings import Settings
from tests.harness import free_port, make_settings


def pytest_configure(config: pytest.Config) -> None:
    """Each test configures icusync itself: an ICUSYNC_* variable left in the shell would reach the
    servers and commands the tests start (and an unknown one stops them)."""
    for name in [name for name in os.environ if name.startswith("ICUSYNC_")]:
        del os.environ[name]


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def settings(tmp_path: Path, port: int) -> Settings:
    return make_settings(tmp_path, port)
