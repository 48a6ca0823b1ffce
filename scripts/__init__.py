"""Tools for the knowledge centre's guidance site: one package, one CLI
(python -m scripts), and the MkDocs hooks in scripts/hooks.py."""
