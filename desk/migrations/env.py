"""Alembic environment: migrations run on the connection the desk hands over (`desk.db.migrate`)."""

from __future__ import annotations

from alembic import context

from desk.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("desk migrations run through desk.db.migrate(), which passes a connection")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
