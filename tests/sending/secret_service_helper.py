"""Run inside `dbus-run-session`: a fresh gnome-keyring, then SecretStore against it.

Started by tests/sending/test_secrets.py with a temporary HOME and XDG dirs.
argv[1] is the password to store. Prints one JSON object with what it saw.
"""

from __future__ import annotations

import json
import subprocess
import sys

UNLOCK_PASSWORD = b"relmanager-test-keyring"  # the throwaway keyring's own password


def main() -> int:
    secret = sys.argv[1]
    # A new login keyring, created and unlocked with the password read from stdin.
    daemon = subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"],
                            input=UNLOCK_PASSWORD, capture_output=True, timeout=30, check=False)
    if daemon.returncode != 0:
        print(json.dumps({"error": f"gnome-keyring-daemon failed: {daemon.stderr!r}"}))
        return 1

    # Imported only now: keyring looks for the Secret Service when first used.
    import secretstorage  # noqa: PLC0415

    from relmanager.desktop.secrets import SecretStore, service_name  # noqa: PLC0415

    store = SecretStore()
    status = store.status()
    out: dict[str, object] = {"available": status.available, "backend": status.backend,
                              "message": status.message}
    out["stored"] = store.set_password("smtp", "me@smtp.example.org:587", secret)
    out["read_back"] = store.get_password("smtp", "me@smtp.example.org:587") == secret
    out["fresh_store_reads"] = SecretStore().get_password(
        "smtp", "me@smtp.example.org:587") == secret
    # Ask the Secret Service itself, not through keyring: the item is really there,
    # under our namespaced service name.
    with secretstorage.dbus_init() as bus:
        collection = secretstorage.get_default_collection(bus)
        items = list(collection.search_items({"service": service_name("smtp"),
                                              "username": "me@smtp.example.org:587"}))
        out["items_in_secret_service"] = len(items)
        out["item_secret_matches"] = bool(items) and items[0].get_secret() == secret.encode()
    out["other_account"] = store.get_password("smtp", "someone-else@smtp.example.org:587")
    out["deleted"] = store.delete_password("smtp", "me@smtp.example.org:587")
    out["after_delete"] = store.get_password("smtp", "me@smtp.example.org:587")
    out["delete_again"] = store.delete_password("smtp", "me@smtp.example.org:587")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
