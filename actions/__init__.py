"""The rasa-sdk action server: what the assistant does, one module per concern.

`python -m rasa_sdk --actions actions` imports every module below and registers its actions.
"""
