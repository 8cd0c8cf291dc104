"""Data core of the project: configuration, data access, validation, model and pipeline.

The deliverables (API, application, report) import from the submodules:
``config.get_settings``, ``data_io.load_raw``, ``schema`` constants,
``model.load_model`` / ``model.predict``.
"""

__version__ = "0.1.0"
