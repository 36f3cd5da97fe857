"""Continuity photos and notes of a change, in scene order."""


def change_continuity(change) -> dict:
    """The change's continuity: {"photos": [...], "notes": [...]}, in scene order."""
    return {"photos": [], "notes": []}


def scene_continuity(scene) -> dict:
    """A scene's continuity: {"photos": [...], "notes": [...]}, per change."""
    return {"photos": [], "notes": []}
