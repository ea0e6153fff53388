"""Inside one activity: splits, drift and decoupling, zones per interval, histograms, climbs, and why a
session felt hard, computed from its streams so the assistant reads summaries, never raw samples."""
