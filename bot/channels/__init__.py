"""Rasa input channels of the assistant (loaded by the Rasa server, Python 3.10 environment)."""

from bot.action_response_check import install as _install_action_response_check

_install_action_response_check()
