"""Python forms generated from ui/*.ui by tools/build_forms.py with pyside6-uic. Do not edit."""
