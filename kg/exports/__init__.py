"""Writing exports/ whole or not at all, for every store (bundle)."""
