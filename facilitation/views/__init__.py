"""Views of the facilitation app, one module per area (summaries, console)."""
