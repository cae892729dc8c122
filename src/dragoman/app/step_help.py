"""What a person may type at each step, with examples drawn from the scenario's own issues:
the one-line reminder under each prompt, and the fuller help `?` prints."""

from __future__ import annotations

from dragoman.model.outcomes import OutcomeSpace
from dragoman.negotiation.requests import Action

__all__ = ["REMINDERS", "step_help"]

#: The line under each prompt.
REMINDERS = {
    Action.PROPOSE: "type changes as issue=value[, ...] to the outcome shown, 'same' or 'best'",
    Action.CRITIQUE: "type the change you prefer as issue=value[, ...], or 'none'",
    Action.RESPOND: "type accept, reject or walk away",
    Action.COUNTER: "type accept, walk away, or a counter-offer as issue=value[, ...]",
    Action.VOTE: "type yes (prefer the new text) or no (keep the current one)",
    Action.REPORT: "type truth, none, exaggerate, or edit what you report (see '?')",
    Action.COMPOSE: "type a text as issue=value[, ...], 'same', or 'none' to relay",
    Action.ADOPT: "type yes (adopt the new text) or no (keep the current one)",
}
_MAX_VALUES = 6


def step_help(action: Action, space: OutcomeSpace) -> str:
    """Every command of the step `action`, one a line, with examples on the scenario's issues,
    then the issues and their values."""
    edit = _example(space)
    commands = {
        Action.PROPOSE: [
            (edit, "change the outcome shown and propose it"),
            ("same", "propose the outcome shown as it is"),
            ("best", "propose your own best outcome"),
        ],
        Action.CRITIQUE: [(edit, "the change to the text you would prefer"), ("none", "no change")],
        Action.RESPOND: [
            ("accept (a)", "accept the offer shown"),
            ("reject (r)", "reject it and go on talking"),
            ("walk away (w)", "end the negotiation without a deal"),
        ],
        Action.COUNTER: [
            ("accept (a)", "accept the offer shown"),
            (edit, "reject it with this counter-offer (changes to the offer shown)"),
            ("best", "counter with your own best outcome"),
            ("walk away (w)", "end the negotiation without a deal"),
        ],
        Action.VOTE: [("yes / no", "prefer the new text / keep the current one")],
        Action.ADOPT: [("yes / no", "adopt the new text / keep the current one")],
        Action.COMPOSE: [
            (edit, "put this text forward (changes to the text shown)"),
            ("same", "put the text shown forward again"),
            ("none", "relay a party's own latest proposal"),
        ],
        Action.REPORT: _report_commands(space),
    }[action]
    lines = [_line(command, what) for command, what in commands]
    return "\n".join(
        ["commands at this step:", *lines, "issues and their values:", *_issues(space)]
    )


def _line(command: str, what: str) -> str:
    return f"  {command:<30} {what}" if len(command) < 30 else f"  {command}\n  {'':<30} {what}"


def _report_commands(space: OutcomeSpace) -> list[tuple[str, str]]:
    issue = space.issues[0]
    value = issue.labels[-1]
    scored = next((i for i in space.issues if not i.is_numeric), issue)
    return [
        ("truth", "report your true preferences"),
        ("none", "report nothing"),
        ("exaggerate [FACTOR]", "draft an overstatement (scores spread, rv raised; FACTOR 2)"),
        (f"weight {issue.name}=0.4", "draft a weight (the others rescale to sum to 1)"),
        (f"score {scored.name}.{scored.labels[-1]}=0.8", "draft the score of a value, 0..1"),
        ("rv=0.5", "draft your reservation value"),
        (f"redline {issue.name}={value}", "draft a red line (several values joined by |)"),
        (f"drop redline {issue.name}", "draft without that red line"),
        ("show", "show the draft"),
        ("send", "report the draft to the mediators"),
    ]  # fmt: skip


def _example(space: OutcomeSpace) -> str:
    """`issue=value, issue=value` on the scenario's first issues (their last and first values)."""
    issues = space.issues[:2]
    pairs = [f"{issue.name}={issue.labels[-1 if k == 0 else 0]}" for k, issue in enumerate(issues)]
    return ", ".join(pairs)


def _issues(space: OutcomeSpace) -> list[str]:
    out = []
    for issue in space.issues:
        labels = issue.labels
        if issue.is_numeric and len(labels) > _MAX_VALUES:
            shown = f"{labels[0]}..{labels[-1]} ({len(labels)} values)"
        elif len(labels) > _MAX_VALUES:
            more = len(labels) - _MAX_VALUES
            shown = ", ".join(labels[:_MAX_VALUES]) + f", … (+{more} more)"
        else:
            shown = ", ".join(labels)
        out.append(f"  {issue.name}: {shown}")
    return out
