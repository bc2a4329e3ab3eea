from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from hmc_portal.users.models import User
from hmc_portal.users.second_factor.selectors import confirmed_totp_device


class Command(BaseCommand):
    help = (
        "Print the current second-factor code of an account's authenticator app, so a "
        "developer can log in as a demo staff member. Works only with DEBUG on."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        if not settings.DEBUG:
            raise CommandError("totp_code works only with DEBUG on (a developer's machine).")
        user = User.objects.filter(email__iexact=email).first()
        device = confirmed_totp_device(user=user) if user else None
        if device is None:
            raise CommandError(f"{email} has no authenticator app set up.")
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
