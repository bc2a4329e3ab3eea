"""Mentoring and career guidance: mentors publish times, applicants book 1:1 sessions."""
