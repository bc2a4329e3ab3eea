from .erasure import ErasureRequest, ErasureStatus

__all__ = ["ErasureRequest", "ErasureStatus"]
