"""The evaluator: tasks, and the engines that run them (serial, local processes, Dask)."""
