"""Code that several parts of the assistant need: the topic taxonomy, the centre's site
configuration and, later, redaction. It imports none of the parts (bot, actions, indexer, desk),
so any of them can depend on it without dragging the others along."""
