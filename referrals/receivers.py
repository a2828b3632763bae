"""How referrals reacts to signals of lower apps (docs/architecture.md)."""

from referrals.letters import draft_letter_for_status_change


def on_status_changed(sender, *, participant, status_change, actor, **kwargs):
    """He started, dropped out, was excluded or completed: draft the letter to
    his referrer, for a worker to check and send."""
    draft_letter_for_status_change(status_change=status_change, actor=actor)
