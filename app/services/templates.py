"""Built-in templates (resources/templates/builtin.json) and the user's own (the database)."""

from __future__ import annotations

from functools import lru_cache

from app.domain import Template
from app.resource_files import read_json


@lru_cache(maxsize=1)
def builtin_templates() -> tuple[Template, ...]:
    return tuple(Template(builtin=True, **t) for t in read_json("templates", "builtin.json"))
