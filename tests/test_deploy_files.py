"""The deploy files are right as written: no one app's URL baked in, invite-only sign-up, waiting for the network."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_fly_toml_takes_the_public_url_from_a_secret() -> None:
    fly = tomllib.loads((ROOT / "fly.toml").read_text())
    assert "ICUSYNC_PUBLIC_URL" not in fly["env"]
    assert fly["env"]["ICUSYNC_SIGNUP"] == "invite"
    assert "fly secrets set" in README and "ICUSYNC_PUBLIC_URL=https://<your app>.fly.dev" in README
    assert "ICUSYNC_PUBLIC_URL" in (ROOT / "fly.toml").read_text()  # and its comments say where to set it


def test_the_readmes_systemd_unit_and_docker_line_are_invite_only() -> None:
    unit = re.search(r"```ini\n(.*?)```", README, re.S)
    assert unit is not None
    assert "Wants=network-online.target" in unit.group(1) and "After=network-online.target" in unit.group(1)
    assert "ICUSYNC_SIGNUP=invite" in unit.group(1)
    docker = README[README.index("**Docker.**") :]
    assert "-e ICUSYNC_SIGNUP=invite" in docker[: docker.index("\n\n")].replace("\n", " ")
