"""Views of the follow-up: thin, one module per area."""
