"""The action server registers exactly the custom actions the domain lists."""

import yaml
from rasa_sdk.executor import ActionExecutor

from tests.actions.helpers import DOMAIN_DIR


def test_domain_actions_and_server_actions_match():
    executor = ActionExecutor()
    executor.register_package("actions")
    listed = set()
    for path in DOMAIN_DIR.glob("*.yml"):
        listed.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("actions") or [])
    assert set(executor.actions) == listed
