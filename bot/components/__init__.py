"""Custom Rasa NLU components (loaded by the Rasa server and trainer, Python 3.10 environment)."""
