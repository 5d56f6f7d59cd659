"""Views of the compilation: thin, one module per area."""
