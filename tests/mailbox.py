"""Reading the mails the app delivered as .eml files (the development transport)."""

import email
import email.policy
from pathlib import Path


def read_mail(path: Path) -> str:
    """Headers and the decoded plain-text body of one delivered mail."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    headers = "".join(f"{k}: {v}\n" for k, v in message.items())
    return headers + "\n" + message.get_body(("plain",)).get_content()
