"""Seminars, workshops, conferences, networking with residency program directors, and
mentoring sessions: registrations, waiting lists and bookings (above applications, beside
billing; see the README's architecture)."""
