"""Pydantic models of what a user makes: projects, shots, takes, elements, templates, comments.
No I/O here."""

from app.domain.comment import Comment
from app.domain.element import Element, ElementKind
from app.domain.enums import CameraMove, ShotType, Transition
from app.domain.project import Project
from app.domain.shot import Shot
from app.domain.take import Take
from app.domain.template import Template

__all__ = [
    "CameraMove",
    "Comment",
    "Element",
    "ElementKind",
    "Project",
    "Shot",
    "ShotType",
    "Take",
    "Template",
    "Transition",
]
