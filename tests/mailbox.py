"""Reading the mails the app delivered as .eml files (the development transport)."""

import email
import email.policy
from pathlib import Path


def read_mail(path: Path) -> str:
    """Headers and the decoded plain-text body of one delivered mail."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    headers = "".join(f"{k}: {v}\n" for k, v in message.items())
    return headers + "\n" + message.get_body(("plain",)).get_content()


def delivered(directory: Path, recipient: str | None = None) -> list[tuple[str, str]]:
    """The .eml files in a directory, oldest first: [(headers and text, calendar part or "")]."""
    found = []
    for path in sorted(Path(directory).glob("*.eml")):
        text = read_mail(path)
        if recipient and f"To: {recipient}" not in text:
            continue
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        calendar = next((part.get_content() for part in message.walk()
                         if part.get_content_type() == "text/calendar"), "")
        found.append((text, calendar))
    return found
