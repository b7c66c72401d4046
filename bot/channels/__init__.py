"""Rasa input channels of the assistant (loaded by the Rasa server, Python 3.10 environment)."""
