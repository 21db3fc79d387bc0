"""Reversible commands: every user edit is one of these. The UI wraps each in a QUndoCommand;
the CLI and tests use app.services.history.History."""

from app.services.commands.base import Command, MacroCommand
from app.services.commands.comments import AddComment, DeleteComment
from app.services.commands.elements import AddElement, DeleteElement, UpdateElement
from app.services.commands.project import RenameProject
from app.services.commands.shots import (
    AddShots,
    DeleteShots,
    DuplicateShots,
    MoveShots,
    SplitShot,
    UpdateShot,
)
from app.services.commands.takes import DeleteTake, SelectTake, SetTakeFlags, TrimTake

__all__ = [
    "AddComment",
    "AddElement",
    "AddShots",
    "Command",
    "DeleteComment",
    "DeleteElement",
    "DeleteShots",
    "DeleteTake",
    "DuplicateShots",
    "MacroCommand",
    "MoveShots",
    "RenameProject",
    "SelectTake",
    "SetTakeFlags",
    "SplitShot",
    "TrimTake",
    "UpdateElement",
    "UpdateShot",
]
