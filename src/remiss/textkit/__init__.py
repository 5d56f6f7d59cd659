"""Text analysis for Remiss: pure functions over text, with no Django.

Everything here can be used from a script or a notebook without a database. Apps import from
``remiss.textkit``; ``remiss.textkit`` imports no app and no Django (a test enforces it).
"""

# Bumped when extraction or reading of facts changes what it returns for the same input.
__version__ = "0.2.0"
