"""kg serve: the app, the worker pool, what a worker does with a store, the HTML pages."""
