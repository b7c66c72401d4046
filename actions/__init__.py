"""The rasa-sdk action server: what the assistant does, one module per concern.

`python -m rasa_sdk --actions actions` imports every module below and registers its actions. When
that server imports the package, the index starts loading at once, in the background, so that the
first visitor's question does not pay for it. The action server has no authentication of its own and
rasa-sdk has no host option (it binds SANIC_HOST, all interfaces when unset): unless SANIC_HOST says
otherwise, it listens on loopback only, where the Rasa server reaches it.
"""

import os
import sys

if getattr(getattr(sys.modules.get("__main__"), "__spec__", None), "name", "") == "rasa_sdk.__main__":
    os.environ.setdefault("SANIC_HOST", "127.0.0.1")
    from actions.knowledge import warm_up
    from actions.settings import check_sites

    check_sites()  # a wrong site.yml stops the server at start, naming the centre's file and field
    warm_up()
