"""Views of the programmes app, one module per sub-domain."""
