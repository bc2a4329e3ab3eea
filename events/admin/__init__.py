"""The admin of events and mentoring, one module each."""
