"""The submodels: one module per mechanism of :data:`netsim.core.params.MECHANISMS`.

Each module is one subsection of ODD §7 and holds the functions the model's
``step`` calls, named after the brochure's idea they implement.
"""
