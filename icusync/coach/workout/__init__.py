"""The Intervals.icu workout language: lex, parse, model, resolve against zones, render."""
