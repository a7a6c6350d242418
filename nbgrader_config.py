"""nbgrader configuration of the course (course id ``asd``).

Authors edit ``solutions/``; ``python -m grading.release`` (``make exercises``) generates
``exercises/`` from it. Trainers grade from the repository root:

    nbgrader autograde mkba
    nbgrader generate_feedback mkba

The course root is deliberately not set: it is the working directory, so every copy of
the course (a trainer's checkout, a test's temporary folder) stays self-contained.
The repository must be installed (``pip install -e .``, done by ``make setup``): the
feedback preprocessor lives in ``grading`` and the hidden tests import ``modules``.
"""

from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute
from nbgrader.preprocessors import OverwriteCells

from grading.feedback import TEMPLATE_BASEDIRS
from grading.locked_cells import QuietOverwriteCells, RestoreCellFlags
from grading.sandbox import SandboxedExecute

c = get_config()  # noqa: F821 (injected by traitlets when it loads this file)

c.CourseDirectory.course_id = "asd"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# Learners read Dutch: the stubs that replace solutions say what to do in Dutch.
c.ClearSolutions.code_stub = {"python": "# SCHRIJF HIER JE CODE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "SCHRIJF HIER JE ANTWOORD"

# Per cell, in seconds. Every cell of the model solution runs in well under a second, so
# an endless loop costs one learner 20 seconds and the rest of the notebook is still graded.
# The assignment's header tells learners this limit; keep the two in step.
c.Execute.timeout = 20
# nbconvert checks the whole notebook against nbformat's schema after every one of
# autograde's fourteen steps; once, after the last, is the check that counts (an invalid
# notebook still stops there), and it saves a tenth of a second per learner.
c.Exporter.optimistic_validation = True

# Learners' notebooks are untrusted code: every kernel runs in the sandbox of
# grading/sandbox.py (no view of the course, no network, limits, output capped per cell).
# nbgrader's own list, with its Execute replaced; grading stops if the sandbox cannot start.
c.Autograde.autograde_preprocessors = [
    SandboxedExecute if step is Execute else step
    for step in Autograde.class_traits()["autograde_preprocessors"].default()
]
# nbgrader's OverwriteCells (a sanitize step, before the list above) puts the hidden tests
# back into every test cell and warned "checksum has changed" for each, for every learner:
# the gradebook's checksum includes the hidden tests, the released cell does not.
# QuietOverwriteCells does the same work and keeps the warning for cells a learner really
# changed; the intake report (grading/intake.py) names those learners.
# RestoreCellFlags first: nbgrader's own steps trust the flags in the learner's metadata.
c.Autograde.sanitize_preprocessors = [RestoreCellFlags] + [
    QuietOverwriteCells if step is OverwriteCells else step
    for step in Autograde.class_traits()["sanitize_preprocessors"].default()
]

# Feedback must never show hidden tests, assert messages or tracebacks (nbgrader's own
# feedback does). LearnerFeedback runs last: after GetGrades, which puts the scores in the
# cell metadata, and after the CSS preprocessor, whose stylesheet comments it strips. It
# replaces every test cell by its one-line description and a Dutch result.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "grading.feedback.LearnerFeedback",
]
# Our own template named "feedback" (Dutch, lang="nl", no MathJax or other CDN requests)
# comes first; keeping nbgrader's template name keeps the formgrader's feedback button
# working, and nbgrader's folder stays listed so the formgrader still finds "formgrade".
c.HTMLExporter.extra_template_basedirs = TEMPLATE_BASEDIRS

# `nbgrader export` (make export) writes the grades as a Dutch CSV with each assignment's
# pass mark from grading/cesuur.toml (grading/export.py) instead of nbgrader's own columns.
c.ExportApp.plugin_class = "grading.export.CijferExport"
