"""Command-line front end (contract: ARCHITECTURE.md, "CLI contract").

Thin by design: parse, call a service, print. `relmanager` with no command,
or with only file arguments, starts the desktop app.

Exit codes: 0 success, 1 a failure the message explains, 2 bad usage or
nothing could be read, 3 a command whose feature is not built yet.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from relmanager import APP_NAME, __version__
from relmanager.domain import Circle, InteractionKind
from relmanager.logs import setup_logging
from relmanager.paths import AppPaths, app_paths

# The services (and SQLAlchemy under them) are imported by the command that
# uses them: `relmanager` without a command starts the window, and every
# import the window does not need delays its first paint (issue #8).

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_NOT_AVAILABLE = 0, 1, 2, 3

# Commands in the contract whose feature arrives with a later issue. They say
# so and exit 3 rather than pretend.
NOT_YET = {
    "sync": "CardDAV sync",
}


IMPLEMENTED = ("contacts", "set-circle", "import", "undo-import", "export", "check-ask", "log",
               "due")
COMMANDS = {*IMPLEMENTED, *NOT_YET}


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS,
                        help="data directory (default: $RELMANAGER_HOME or the per-user data dir)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="Keep friends and business contacts apart. "
                    "Run without a command to open the desktop app.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("contacts", help="list contacts")
    _global_options(p)
    p.add_argument("--circle", choices=[c.value for c in Circle])
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("set-circle", help="put a contact in a circle (your decision wins)")
    _global_options(p)
    p.add_argument("contact_id", type=int)
    p.add_argument("circle", choices=[c.value for c in Circle])

    p = sub.add_parser("import", help="import vCard files")
    p.add_argument("files", nargs="+")
    p.add_argument("--json", action="store_true")
    p.add_argument("--dry-run", action="store_true")
    p = sub.add_parser("undo-import", help="revert an import batch")
    p.add_argument("batch_id", nargs="?", type=int)
    p = sub.add_parser("export", help="export contacts to a vCard file")
    p.add_argument("--output", required=True)
    p.add_argument("--circle", choices=[c.value for c in Circle])
    p.add_argument("--vcard-version", choices=["3.0", "4.0"], default="3.0")
    p = sub.add_parser("check-ask", help="check a message for a business ask")
    p.add_argument("--to", nargs="+", required=True)
    p.add_argument("--subject", required=True)
    body = p.add_mutually_exclusive_group(required=True)
    body.add_argument("--body")
    body.add_argument("--body-file")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("log", help="log an interaction with a contact")
    p.add_argument("contact_id", type=int)
    p.add_argument("kind", choices=[k.value for k in InteractionKind])
    p.add_argument("--date", type=_iso_date, help="YYYY-MM-DD (default: today)")
    p.add_argument("--note")
    p = sub.add_parser("due", help="contacts due for a catch-up")
    p.add_argument("--today", type=_iso_date, help="YYYY-MM-DD (default: today)")
    p.add_argument("--json", action="store_true")
    sub.add_parser("sync", help="sync with a CardDAV server")
    for name in (*IMPLEMENTED[2:], *NOT_YET):
        _global_options(sub.choices[name])
    return parser


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=APP_NAME, description="Open the relmanager window.")
    _global_options(parser)
    parser.add_argument("--minimized", action="store_true",
                        help="start in the background (used by autostart)")
    parser.add_argument("files", nargs="*", help="vCard files to import")
    return parser


def _wants_gui(argv: Sequence[str], commands: set[str]) -> bool:
    """True when the first positional argument is not a command name."""
    skip_next = False
    for arg in argv:
        if skip_next:
            skip_next = False
            continue
        if arg == "--home":
            skip_next = True
            continue
        if arg.startswith("-"):
            if arg in ("-h", "--help", "--version"):
                return False
            continue
        return arg not in commands
    return True


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_contacts(args: argparse.Namespace, paths: AppPaths) -> int:
    from relmanager.services.contacts import list_summaries  # noqa: PLC0415
    from relmanager.store import open_database  # noqa: PLC0415

    engine = open_database(paths.database, paths.backups)
    try:
        circle = Circle(args.circle) if args.circle else None
        rows = list_summaries(engine, circle)
    finally:
        engine.dispose()
    if args.json:
        _print_json([r.to_json() for r in rows])
        return EXIT_OK
    if not rows:
        print("No contacts yet. Import some with: relmanager import FILE.vcf")
        return EXIT_OK
    for r in rows:
        email = r.emails[0] if r.emails else ""
        print(f"{r.id:>6}  {r.circle:<12}  {r.display_name}  {email}".rstrip())
    return EXIT_OK


def cmd_set_circle(args: argparse.Namespace, paths: AppPaths) -> int:
    from relmanager.services.contacts import ContactNotFoundError, set_circle  # noqa: PLC0415
    from relmanager.store import open_database  # noqa: PLC0415

    engine = open_database(paths.database, paths.backups)
    try:
        set_circle(engine, args.contact_id, Circle(args.circle))
    except ContactNotFoundError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        engine.dispose()
    print(f"Contact {args.contact_id} is now in the {args.circle} circle.")
    return EXIT_OK


def cmd_import(args: argparse.Namespace, paths: AppPaths) -> int:
    from relmanager.services.importer import import_files  # noqa: PLC0415
    from relmanager.store import open_database  # noqa: PLC0415

    engine = open_database(paths.database, paths.backups)
    try:
        result = import_files(engine, args.files, dry_run=args.dry_run)
    finally:
        engine.dispose()
    if args.json:
        _print_json(result.to_json())
    else:
        prefix = "Dry run: would have imported" if args.dry_run else "Imported"
        print(f"{prefix} {result.cards_seen} cards: {result.created} new, {result.merged} "
              f"merged, {result.unchanged} unchanged, {result.failed} failed.")
        if result.possible_duplicates:
            print(f"{result.possible_duplicates} possible duplicates to review.")
        for e in result.errors:
            where = f"card {e.card_index} (line {e.line})" if e.card_index is not None else "file"
            print(f"  {e.file}: {where}: {e.reason}", file=sys.stderr)
        if result.batch_id is not None:
            print(f"Undo with: relmanager undo-import {result.batch_id}")
    return EXIT_OK if result.cards_seen else EXIT_USAGE


def cmd_undo_import(args: argparse.Namespace, paths: AppPaths) -> int:
    from relmanager.services.import_undo import NothingToUndoError, undo_import  # noqa: PLC0415
    from relmanager.store import open_database  # noqa: PLC0415

    engine = open_database(paths.database, paths.backups)
    try:
        result = undo_import(engine, args.batch_id)
    except NothingToUndoError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        engine.dispose()
    print(result.describe())
    return EXIT_OK


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    from relmanager.services.exporter import export_contacts  # noqa: PLC0415
    from relmanager.store import open_database  # noqa: PLC0415

    engine = open_database(paths.database, paths.backups)
    try:
        result = export_contacts(engine, args.output,
                                 circle=Circle(args.circle) if args.circle else None,
                                 version=args.vcard_version)
    finally:
        engine.dispose()
    print(f"Exported {result.count} contacts to {result.path}")
    return EXIT_OK


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_check_ask(args: argparse.Namespace, paths: AppPaths) -> int:
    from relmanager.services.ask_check import check_message  # noqa: PLC0415
    from relmanager.store import open_database  # noqa: PLC0415

    if args.body_file:
        body = Path(args.body_file).read_text(encoding="utf-8", errors="replace")
    else:
        body = args.body
    engine = open_database(paths.database, paths.backups)
    try:
        check = check_message(engine, args.to, args.subject, body)
    finally:
        engine.dispose()
    if args.json:
        _print_json(check.to_json())
        return EXIT_OK
    finding = check.finding
    if not finding.is_ask:
        print("No business ask found. Fine to send.")
        return EXIT_OK
    print(f"This message contains a business ask ({finding.kind}):")
    for span in finding.evidence[:5]:
        print(f"  - {span.explanation}")
    for j in check.judgements:
        print(f"{j.email}: {j.level.value}")
        for reason in j.reasons:
            print(f"  - {reason}")
    return EXIT_OK


def cmd_log(args: argparse.Namespace, paths: AppPaths) -> int:
    from relmanager.services.contacts import ContactNotFoundError  # noqa: PLC0415
    from relmanager.services.interactions import log_interaction  # noqa: PLC0415
    from relmanager.store import open_database  # noqa: PLC0415

    engine = open_database(paths.database, paths.backups)
    try:
        entry = log_interaction(engine, args.contact_id, InteractionKind(args.kind),
                                args.date or date.today(), args.note or "")
    except ContactNotFoundError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        engine.dispose()
    print(f"Logged {entry.kind.value} with contact {entry.contact_id} on {entry.occurred_on}.")
    return EXIT_OK


def cmd_due(args: argparse.Namespace, paths: AppPaths) -> int:
    from relmanager.services.reminders import due, due_json  # noqa: PLC0415
    from relmanager.store import open_database  # noqa: PLC0415

    today = args.today or date.today()
    engine = open_database(paths.database, paths.backups)
    try:
        if args.json:
            _print_json(due_json(engine, today))
            return EXIT_OK
        items = due(engine, today)
    finally:
        engine.dispose()
    if not items:
        print("Nobody is due for a catch-up.")
    for item in items:
        print(f"{item.due_date}  {item.display_name} (#{item.contact_id}): {item.reason}")
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace, AppPaths], int]] = {
    "contacts": cmd_contacts,
    "set-circle": cmd_set_circle,
    "import": cmd_import,
    "undo-import": cmd_undo_import,
    "export": cmd_export,
    "check-ask": cmd_check_ask,
    "log": cmd_log,
    "due": cmd_due,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if _wants_gui(argv, COMMANDS):
        return _run_gui(build_gui_parser().parse_args(argv))
    args = parser.parse_args(argv)
    from relmanager.store import DatabaseError  # noqa: PLC0415  (not on the window's path)

    if args.command in NOT_YET:
        print(f"{APP_NAME}: {NOT_YET[args.command]} is not available yet in this version.",
              file=sys.stderr)
        return EXIT_NOT_AVAILABLE
    try:
        paths = app_paths(getattr(args, "home", None))
        setup_logging(paths.log_file)
        return HANDLERS[args.command](args, paths)
    except DatabaseError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error for the user.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return EXIT_FAILURE


def _run_gui(args: argparse.Namespace) -> int:
    # No cyclic collection until the window is shown (run_app freezes the start-up
    # objects, then turns it back on): start-up allocates ~100k long-lived objects
    # (modules, classes, Qt wrappers) and the ~140 passes over them found a few hundred
    # garbage objects yet cost ~15% of the time to the first paint (issue #8).
    gc.disable()
    # Qt is imported only when a window is wanted: the CLI must work without a display.
    from relmanager.ui.app import run_app  # noqa: PLC0415

    try:
        return run_app(home=getattr(args, "home", None), files=args.files,
                       minimized=args.minimized)
    finally:
        gc.enable()  # also when run_app returned before showing a window


def gui_main() -> int:
    """Entry point of the `relmanager-gui` script (no console on Windows)."""
    return main()
