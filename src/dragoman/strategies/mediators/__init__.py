"""Mediator strategies, one per module, registered by name."""
