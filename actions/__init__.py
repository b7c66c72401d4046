"""The rasa-sdk action server: what the assistant does, one module per concern.

`python -m rasa_sdk --actions actions` imports every module below and registers its actions. When
that server imports the package, the index starts loading at once, in the background, so that the
first visitor's question does not pay for it.
"""

import sys

if getattr(getattr(sys.modules.get("__main__"), "__spec__", None), "name", "") == "rasa_sdk.__main__":
    from actions.knowledge import warm_up

    warm_up()
