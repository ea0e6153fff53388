from __future__ import annotations

from pathlib import Path

import pytest

from icusync.settings import Settings
from tests.harness import free_port, make_settings


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def settings(tmp_path: Path, port: int) -> Settings:
    return make_settings(tmp_path, port)
