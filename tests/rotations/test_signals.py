"""What happens when rotations announce a change: the receivers connected to each signal are
exactly the ones its docstring lists (rotations.signals)."""

import inspect

import pytest

from rotations import signals
from rotations.signals import (
    replacement_confirmed,
    rotation_cancelled,
    rotation_request_cancelled,
)


def receiver_names(signal) -> set[str]:
    return {
        f"{receiver.__module__}.{receiver.__qualname__}"
        for receiver in signal._live_receivers(sender=None)[0]
    }


@pytest.mark.parametrize(
    ("signal", "expected"),
    [
        (
            rotation_request_cancelled,
            {
                "billing.receivers.refund_on_request_cancelled",
                "rotations.arrival.receivers.visa_letter_on_request_cancelled",
            },
        ),
        (
            rotation_cancelled,
            {
                "billing.receivers.refund_on_rotation_cancelled",
                "rotations.arrival.receivers.visa_letter_on_rotation_cancelled",
            },
        ),
        (
            replacement_confirmed,
            {
                "billing.receivers.invoice_on_replacement_confirmed",
                "rotations.arrival.receivers.visa_letter_on_replacement_confirmed",
            },
        ),
    ],
)
def test_the_receivers_of_a_rotations_signal_are_the_documented_ones(signal, expected):
    receivers = receiver_names(signal)

    assert receivers == expected
    documented = inspect.getsource(signals)
    assert all(name in documented for name in receivers)
