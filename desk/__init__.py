"""The counsellors' desk: tickets handed over by the bot, the live queue, live chat and retention.

A FastAPI service (`desk.app:create_app`); the queue logic lives in plain functions (`desk.queue`,
`desk.codes`, `desk.wait`, `desk.auth`, `desk.retention`) so that it is tested without a web server.
"""
