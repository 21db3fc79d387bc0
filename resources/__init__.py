"""Data shipped with Reelroom (templates, price tables, styles, icons). Read it through
importlib.resources (app.resource_files) so a frozen build finds it too."""
