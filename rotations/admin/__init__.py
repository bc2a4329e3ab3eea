"""The rotations app's admin, one module per part of the domain (each registers its own
ModelAdmins when imported here)."""

from . import aftercare, compliance, feedback, placement, replacements, support, visa  # noqa: F401
