"""Renderers: turn the plain values services return into files (JSON, CSV, HTML)."""
