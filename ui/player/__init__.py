"""The embedded video player: one backend interface, libvlc and QtMultimedia behind it.

Deliberately imports nothing: ``probe`` and ``subtitles`` must stay importable without Qt
(the CLI doctor runs the probe in a bare child interpreter), so callers import the module
they need, e.g. ``from ui.player.player_panel import PlayerPanel``.
"""
