"""The onboarding pages."""
