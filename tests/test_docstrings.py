"""Docstrings of ``modules/`` are part of the course: the book and widgets quote them.

Two checks. numpydoc validation of every public function and class, failing on a chosen
set of error codes; and the doctests in the Examples sections, which must run.

The modules are found by ``tests/discovery.py`` (``documented_modules``): every public
module in ``modules/`` (it must define ``__all__``) and the private ones that define it.
"""

from __future__ import annotations

import doctest
import inspect

import pytest
from numpydoc.validate import validate

from tests import discovery

MODULES = [discovery.import_module(name) for name in discovery.documented_modules()]

# The codes we enforce, from numpydoc.validate.ERROR_MSGS.
CHECKED = {
    "GL01": "summary must start right after or on the line after the opening quotes",
    "GL02": "closing quotes on their own line",
    "GL03": "no double blank lines",
    "GL05": "no tabs",
    "GL06": "only known sections",
    "GL07": "sections in the standard order",
    "GL08": "a docstring at all",
    "SS01": "a one-line summary",
    "SS02": "summary starts with a capital",
    "SS03": "summary ends with a period",
    "SS04": "no leading whitespace in the summary",
    "SS06": "summary fits on one line",
    "PR01": "every parameter documented",
    "PR02": "no documented parameter that does not exist",
    "PR03": "parameters in signature order",
    "PR04": "every parameter has a type",
    "PR05": "parameter type does not end with a period",
    "PR06": "parameter type spelled the standard way (int, bool, str)",
    "PR07": "every parameter has a description",
    "PR10": "space before the colon after a parameter name",
    "RT01": "a Returns section for everything that returns",
    "RT02": "the Returns section's first line holds only the type",
    "RT03": "the return value has a description",
    "EX01": "an Examples section (a runnable doctest)",
}
# Not enforced: ES01 (an extended summary is not always needed), SA01-SA04 (See Also),
# SS05 (third-person check; our summaries are often noun phrases such as "Net present
# value of ..."), PR08/PR09/RT04/RT05 (capital and period in descriptions: formatting
# that says nothing about correctness) and YD01 (no generators here).


def public_objects():
    """(qualified name, object) for every function and class in each module's __all__."""
    found = []
    for module in MODULES:
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            # Defined in the module only: a re-export (mkba re-exports the shared model)
            # is checked where it is defined.
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == module.__name__:
                found.append((f"{module.__name__}.{name}", obj))
    return found


PUBLIC = public_objects()


def test_there_are_public_functions_to_check():
    # Guards the parametrisation below against an __all__ that no longer lists anything.
    assert len(MODULES) >= 4
    assert len(PUBLIC) >= 20
    assert "modules._validation.check_number" in {name for name, _ in PUBLIC}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_documented_module_exports_something(module):
    # A module without __all__ (or with an empty one) would have nothing checked.
    exported = [name for name, _ in PUBLIC if name.startswith(module.__name__ + ".")]
    assert exported, f"{module.__name__} has no functions or classes in __all__ to check"


@pytest.mark.parametrize("qualname", [name for name, _ in PUBLIC])
def test_numpydoc_validation(qualname):
    result = validate(qualname)
    failures = [f"{code}: {message}" for code, message in result["errors"] if code in CHECKED]
    assert not failures, f"{qualname} ({result['file']}:{result['file_line']}):\n  " + "\n  ".join(failures)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_doctests_pass(module):
    # testmod prints each failing example; pytest shows that output when the test fails.
    results = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert results.attempted > 0, f"{module.__name__} has no doctests"
    assert results.failed == 0, f"{results.failed} doctest(s) failed in {module.__name__}; see output"
