"""The lock files in requirements/ (issue 14 item 8): every install takes exact versions with hashes from them.

A dependency added to pyproject.toml without `make lock` fails here, before any install can drift.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text()
    found = {canonicalize_name(name): version for name, version, _hashes in PIN.findall(text)}
    requirement_lines = [line for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    assert len(found) == len(requirement_lines), f"{lock}: every requirement is pinned with == and hashes"
    return found


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("base.txt", PYPROJECT["dependencies"]),
        ("dev.txt", PYPROJECT["dependencies"] + PYPROJECT["optional-dependencies"]["dev"]),
        ("bench.txt", sum(PYPROJECT["optional-dependencies"].values(), PYPROJECT["dependencies"])),
    ],
)
def test_every_dependency_is_locked_with_hashes_within_its_range(lock, requirements):
    locked = pins(lock)
    for line in requirements:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is in pyproject.toml but not in requirements/{lock}: run make lock"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"requirements/{lock} pins {name}=={locked[name]}, outside {requirement.specifier}: run make lock"
        )


def test_the_locks_agree_with_each_other():
    base, dev, bench = pins("base.txt"), pins("dev.txt"), pins("bench.txt")
    assert {name: dev[name] for name in base} == base
    assert {name: bench[name] for name in dev} == dev


def test_every_install_uses_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install -q --require-hashes -r requirements/dev.txt" in makefile
    assert '".[dev]"' not in makefile and '".[bench]"' not in makefile
