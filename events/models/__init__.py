"""The models of events and mentoring, one module each, re-exported here."""
