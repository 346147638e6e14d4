"""Ask guard core: detect a business ask in a message, judge each recipient.

Pure Python (no Qt, no database): the CLI `check-ask` and the compose dialog
call `detect` once per message and `judge` once per recipient.
"""

from relmanager.domain.asks import (
    AskFinding,
    AskKind,
    AskPolicy,
    EvidenceSpan,
    GuardLevel,
    IgnoredRegion,
    InteractionLike,
    Judgement,
    PastInteraction,
    RecipientContext,
    RuleInfo,
    RuleRole,
    SetAside,
    TextField,
)
from relmanager.services.asks.detect import detect
from relmanager.services.asks.judge import judge
from relmanager.services.asks.phrases import list_rules, rule_by_id

__all__ = [
    "AskFinding", "AskKind", "AskPolicy", "EvidenceSpan", "GuardLevel", "IgnoredRegion",
    "InteractionLike", "Judgement", "PastInteraction", "RecipientContext", "RuleInfo",
    "RuleRole", "SetAside", "TextField", "detect", "judge", "list_rules", "rule_by_id",
]
