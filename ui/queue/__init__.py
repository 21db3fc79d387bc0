"""The Queue panel: every generation job with its progress, position, cost and ETA, the
controls to pause, cancel, retry and reorder them, and notices when work finishes."""
