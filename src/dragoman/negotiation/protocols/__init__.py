"""The negotiation protocols, one per module; each registers itself by name (`registry`)."""
