"""Letters of recommendation for ERAS: requests, answers, the letter, reminders."""
