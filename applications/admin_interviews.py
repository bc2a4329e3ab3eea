"""Admin for interviews and interview slots (registered through applications.admin)."""
