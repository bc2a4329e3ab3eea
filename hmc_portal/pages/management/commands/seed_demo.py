from django.core.management.base import BaseCommand

from hmc_portal import demo, demo_data


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        demo.seed()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo logins:"))
        width = max(len(email) for _, email, _ in demo_data.logins())
        for role, email, password in demo_data.logins():
            self.stdout.write(f"  {email:<{width}}  {password}  {role}")
