"""Spelling and SMS normalisation of visitor messages, shared by the NLU (Rasa, Python 3.10) and retrieval
(the indexer, Python 3.11): the same message reads the same to both. Imports no part of the assistant."""

from spelling.normaliser import Change, Normalised, Normaliser, normalise

__all__ = ["Change", "Normalised", "Normaliser", "normalise"]
