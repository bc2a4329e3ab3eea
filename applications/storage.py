"""Where applicants' files live: the portal's private storage (hmc_portal.private_files)."""

from hmc_portal.private_files import private_files, private_storage

__all__ = ["private_files", "private_storage"]
