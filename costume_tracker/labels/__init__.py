"""Garment labels: presets, vector QR, PDF sheets, print page, CLI and calibration."""
