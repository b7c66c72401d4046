"""Finding and replacing personal data in visitor text.

`redact(text)` is the one function every part calls before it stores, logs or shows what a visitor
typed; `analyse(text)` also returns the typed spans. The placeholders are the contract's:
[NAME] [EMAIL] [PHONE] [ADDRESS] [ID] [DATE_OF_BIRTH] [CARD] [IBAN] [URL]. This package imports none
of the assistant's parts, and runs on Python 3.10 (the Rasa process) as well as 3.11.
"""

from privacy.redactor import Redaction, analyse, redact, warm_up
from privacy.spans import KINDS, PLACEHOLDERS, PiiSpan

__all__ = ["KINDS", "PLACEHOLDERS", "PiiSpan", "Redaction", "analyse", "redact", "warm_up"]
