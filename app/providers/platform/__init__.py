"""The studio platform (seeds/studio-platform.txt). `adapter.Platform` is the client; the other
modules are its catalog, prices, account, job parsing, uploads, and the edit, project and
prompt endpoints. Nothing is imported here, so loading one module never loads the rest."""
