"""The version, read from the one place it is written: pyproject.toml's [project] version."""

import sys
import tomllib
from pathlib import Path


def read_version(root: Path) -> str:
    with open(Path(root) / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


if __name__ == "__main__":
    print(read_version(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[2]))
