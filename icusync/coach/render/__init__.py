"""Compact answers: pure functions from upstream data to text plus structured content."""
