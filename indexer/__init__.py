"""The indexer: turns the knowledge base into a search index and answers queries against it.

Readers in `sources/` parse each input format into `records.Resource`; `build.py` chunks, analyses and
embeds them into a new index generation; `search.py` and `workshops.py` read a generation.
"""
