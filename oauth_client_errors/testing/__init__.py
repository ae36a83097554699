"""Testing kit (work in progress)."""
from ._samples import SampleResponse, sample, samples
__all__ = ["SampleResponse", "sample", "samples"]
