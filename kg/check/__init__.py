"""Checks of the built graph: SHACL validation (shacl) and data-quality warnings (quality)."""
