"""`reelroom-cli`: the core, standing alone. Each command group lives in its own module with a
`register(subparsers)` function; `main.py` lists them."""
