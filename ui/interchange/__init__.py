"""Dialogs and controllers for interchange: OTIO/EDL timelines, project bundles, and the
studio platform's remote edit tools."""
