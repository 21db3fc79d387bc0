"""PySide6's check of every module imported after it, made a file read.

Once PySide6 is loaded, each module an import statement names is asked once whether it uses
PySide6 (so that `from __feature__ import snake_case` can be switched per module): its source
is searched for the word "PySide6". PySide6 gets that source with `inspect.getsource`, which
goes through inspect's and linecache's machinery (the module's file found again, its encoding
detected, the text split into lines and joined back): ~0.25M instructions a module, measured
with callgrind, paid on the GUI thread for every module of the first frame and then for each
of the hundreds the studio imports before the reopened project is on screen.

`install()` gives the same answer by reading the file's bytes: the word is ASCII, so it is in
the bytes exactly when it is in the decoded text. Anything that is not a plain `.py` file on
disk (a built-in or extension module, a module without a file, a frozen build's archive) is
still asked PySide6's way. Nothing is imported here: ui.main loads this before PySide6."""

from __future__ import annotations

import sys

FEATURE_MODULE = "shibokensupport.feature"


def install() -> bool:
    """Put the file read in place of PySide6's check (once PySide6 is imported); False when
    this PySide6 has no such check or it is already in place."""
    feature = sys.modules.get(FEATURE_MODULE)
    pyside_check = getattr(feature, "_mod_uses_pyside", None)
    if pyside_check is None or getattr(pyside_check, "reads_bytes", False):
        return False

    def mod_uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:  # not on disk (a frozen build's archive): PySide6 asks its way
                pass
        return pyside_check(module)

    mod_uses_pyside.reads_bytes = True
    mod_uses_pyside.pyside_check = pyside_check
    feature._mod_uses_pyside = mod_uses_pyside
    return True
