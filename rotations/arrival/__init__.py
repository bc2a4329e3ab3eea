"""What follows a placement before the first day: the visa invitation letter, travel and
housing help, the pre-arrival checklist ("cleared to start")."""
