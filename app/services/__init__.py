"""The async service layer: Studio (projects, shots, commands) and, later, the queue, media and
uploads. One instance per running app, used by both the GUI and the CLI."""
