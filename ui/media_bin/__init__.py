"""The media bin dock: a grid of the project's imported media (model, delegate, view, panel)
and the glue that imports files and turns file drops into shots, takes and references."""
