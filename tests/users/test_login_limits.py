"""The address and account limits of hmc_portal/users/login_limits.py, against the real
Redis of the test settings (keys of the test's own, see conftest)."""

import threading

from hmc_portal.users import login_limits


def test_failures_are_counted_up_to_the_limit_and_then_lock_for_the_window(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 10
    settings.LOGIN_LIMIT_WINDOW = 600

    first_two = [
        login_limits.count_failure(ip_address="192.0.2.1", username=f"u{n}@example.com")
        for n in range(2)
    ]
    third = login_limits.count_failure(ip_address="192.0.2.1", username="u2@example.com")

    assert first_two == [login_limits.Locks(), login_limits.Locks()]
    assert 590 <= third.address <= 600
    assert third.account == 0
    assert login_limits.current_locks(ip_address="192.0.2.2", username="u2@example.com") == (
        login_limits.Locks()
    )


def test_a_reset_lifts_the_account_lock_but_not_the_address_lock(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 2
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 2
    for _ in range(2):
        login_limits.count_failure(ip_address="192.0.2.1", username="amina@example.com")

    login_limits.reset_account(username="amina@example.com")

    locks = login_limits.current_locks(ip_address="192.0.2.1", username="amina@example.com")
    assert locks.account == 0
    assert locks.address > 0


def test_concurrent_failures_are_all_counted(settings):
    """Many web processes failing at once: the count in Redis is atomic, so the limit is
    reached after exactly `limit` failures, not later."""
    limit = 25
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 1000
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = limit
    barrier = threading.Barrier(limit - 1)

    def fail(n: int) -> None:
        barrier.wait()
        login_limits.count_failure(ip_address=f"192.0.2.{n}", username="amina@example.com")

    threads = [threading.Thread(target=fail, args=(n,)) for n in range(limit - 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    before = login_limits.current_locks(ip_address=None, username="amina@example.com")
    last = login_limits.count_failure(ip_address="192.0.2.250", username="amina@example.com")

    assert before.account == 0
    assert last.account > 0
