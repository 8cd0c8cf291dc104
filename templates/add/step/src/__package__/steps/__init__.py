"""Pipeline steps added with ``create-livrable add step``, one module each.

Each module declares ``NAME``, ``NEEDS``, ``INPUTS`` and ``OUTPUTS`` and a ``run(ctx)`` function;
:mod:`..pipeline` registers it in ``STEPS``.
"""
