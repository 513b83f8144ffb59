"""foi_guard: stop personal data leaving a public body inside an FOI response."""

__version__ = "0.1.0"
