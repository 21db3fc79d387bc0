"""One small adapter per cloud video service, all behind the Protocol in base.py."""
