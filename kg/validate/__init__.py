"""SHACL validation of a built graph (`kg validate`)."""
from kg.validate.shacl import SHAPES_PATH, ValidationReport, ValidationResult, validate_build

__all__ = ["SHAPES_PATH", "ValidationReport", "ValidationResult", "validate_build"]
