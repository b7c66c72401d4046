"""Operator tools around the indexer (corpus conversion, demo content generation)."""
