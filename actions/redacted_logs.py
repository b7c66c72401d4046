"""Visitor text redacted in every log line of the action server, from its start.

rasa_sdk imports every module of the `actions` package when it starts, before it serves any request, so
installing the redacting log record factory here (`privacy.logging`) covers the whole process: the
action server's own lines, Sanic's access log (which also loses the client's address) and the
tracebacks of failed actions, which can quote what the visitor typed.
"""

from __future__ import annotations

from privacy.logging import install_redacting_logs

install_redacting_logs()
