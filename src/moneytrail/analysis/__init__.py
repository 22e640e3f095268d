"""The questions reporters ask, answered from the warehouse.

One module per analysis; each public function takes a :class:`~moneytrail.warehouse.catalog.
Warehouse` (or an open DuckDB connection) and returns an Arrow table whose rows carry the
FEC file numbers (and, for itemized rows, image numbers) their figures come from. The CLI
and the HTTP API render these tables; they compute nothing of their own."""
