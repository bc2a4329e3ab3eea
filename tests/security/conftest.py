"""Hypothesis profiles for the fuzz tests.

"ci" (the default) runs a few dozen examples per form, derandomized so that every run of the
suite tries the same inputs and a failure is reproducible. "nightly" (HYPOTHESIS_PROFILE=
nightly) tries many more, with a fresh seed each time.

No function-scoped-fixture health check needs suppressing: each fuzz test arranges its
objects once through its fixtures and runs Hypothesis in an inner function, so the examples
deliberately share one database transaction (rolled back after the test) and one client."""

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,  # a page rendered by the real stack; its time is not what is tested
    "database": None,  # no example database written into the checkout
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", max_examples=12, derandomize=True, **_COMMON)
settings.register_profile("nightly", max_examples=400, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
