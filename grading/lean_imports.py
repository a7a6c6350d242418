"""Imported first by the grading workers: leave out one import that costs more than it gives.

jsonschema, which nbformat and nbgrader load, imports ``rfc3987_syntax`` when it is
installed (jupyter-events depends on it) only to check the "iri" and "iri-reference" string
formats; building that package's grammar takes 1.7 CPU seconds at import, in every process.
No schema the grader checks (nbformat's notebook schema, nbgrader's cell metadata) uses
those formats, so the workers go without: marked absent here, the import fails at once and
jsonschema goes on without those two format checks, as it does wherever the package is
not installed.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)
