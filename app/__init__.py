"""Reelroom core: everything the studio does, with no Qt in sight."""


def __getattr__(name: str) -> str:
    # The version is written once, in pyproject.toml; the installed metadata carries it (the
    # frozen app bundles that metadata). Looked up on first use: importlib.metadata costs
    # start-up time that most imports of `app` do not need.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("reelroom")
        except PackageNotFoundError:  # run from a source tree that was never installed
            value = "0+unknown"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'app' has no attribute {name!r}")
