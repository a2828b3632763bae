"""Views of the risk app, one module per area; each is thin."""
