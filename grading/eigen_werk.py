"""Did the learner write a function themselves, without the course's model package?

Hidden tests call ``guard(functie, names=..., packages=...)``. In the clean grading process
``functie`` is a proxy carrying the learner's function name (``asd_learner_name``) and no
learner code runs there: ``leunt_op`` analyses the text of the cells the learner could edit,
which the learner cannot forge. In a plain kernel (a course author running the solution
notebook) ``functie`` is the real function and ``dynamic_leunt_op`` inspects its code objects
and namespaces, as the old inline guard (``_GUARD_TEMPLATE``) did.

Both are conservative: True ("leans on the model") whenever they cannot be sure. Honest work
never needs what makes them unsure: attribute access by text, dynamic imports, unpickling,
magics that run code.
"""

from __future__ import annotations

import ast
import builtins
import re
import symtable
import sys
import types
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from IPython.core.inputtransformer2 import TransformerManager

#: Builtins that run text as code or reach objects by a computed name: the model can then be
#: fetched without its name ever appearing in the learner's code.
ESCAPE_NAMES = frozenset({"exec", "eval", "compile", "__import__", "getattr", "setattr", "delattr",
                          "globals", "locals", "vars", "get_ipython", "breakpoint", "__builtins__"})
#: Modules that import, unpickle or execute by name or text, or expose frames, namespaces and
#: the module cache; flagged when imported in any form and when reached as an attribute
#: (libraries re-export them: ``pd.io.common.sys``). Beyond the obvious ones: joblib
#: unpickles; pydoc (locate), pytest (importorskip), unittest (mock targets), logging (config
#: factories), pkg_resources and setuptools (entry points) import by name; timeit, profile,
#: cProfile, pdb, bdb, trace and doctest execute text; multiprocessing and concurrent hand
#: back pickled objects; string (Formatter.get_field) looks attributes up by text.
ESCAPE_MODULES = frozenset({
    "importlib", "sys", "builtins", "runpy", "pkgutil", "inspect", "ctypes", "gc", "operator",
    "types", "code", "codeop", "IPython", "ipykernel", "pickle", "marshal", "dill", "cloudpickle",
    "shelve", "zipimport", "imp", "site", "_imp", "copyreg", "subprocess", "joblib", "pydoc",
    "pytest", "unittest", "logging", "pkg_resources", "setuptools", "timeit", "profile",
    "cProfile", "pdb", "bdb", "trace", "doctest", "multiprocessing", "concurrent", "string"})
#: Functions of otherwise harmless libraries that import, unpickle or evaluate by name.
ESCAPE_FUNCTIONS = frozenset({"import_module", "import_optional_dependency", "read_pickle",
                              "get_type_hints", "locate", "importorskip", "resolve_name",
                              "run_module", "run_path"})
#: Dunders that are plain data; all others (``__globals__``, ``__dict__``...) reach namespaces.
SAFE_DUNDERS = frozenset({"__name__", "__doc__"})
#: pandas ``eval``/``query`` look attributes up in their text (``"@pd.__builtins__"``): allowed
#: with a literal text only, which the check on dunders in texts then reads.
TEXT_EVALUATORS = frozenset({"eval", "query"})
#: Line magics that run no code (``%matplotlib inline``, ``f?``). Every other magic is a
#: ``get_ipython()`` call, an escape, except ``%time``/``%%time``: their text is learner code.
SAFE_LINE_MAGICS = frozenset({"matplotlib", "pinfo", "pinfo2", "who", "whos", "lsmagic"})

_ESCAPE_WORDS = ESCAPE_NAMES | ESCAPE_FUNCTIONS
_BUILTINS = frozenset(dir(builtins)) | {"display"} | SAFE_DUNDERS  # display: IPython's
_DUNDER_TEXT = re.compile(r"__[A-Za-z]\w*?__")
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, *_COMPREHENSIONS)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_IMMUTABLE = (int, float, complex, str, bytes, bool, type(None))
_TABLE_NAMES = {ast.Lambda: "lambda", ast.ListComp: "listcomp", ast.SetComp: "setcomp",
                ast.DictComp: "dictcomp", ast.GeneratorExp: "genexpr"}


def _hidden(name: str) -> bool:
    """A dunder that reaches namespaces or the interpreter."""
    return len(name) > 4 and name[:2] == name[-2:] == "__" and name not in SAFE_DUNDERS


def _under(path: str, packages: Sequence[str]) -> bool:
    return any(path == p or path.startswith(p + ".") for p in packages)


def _base(expr: ast.AST) -> str | None:
    """The variable an attribute/subscript chain starts from; None for a call result."""
    while isinstance(expr, (ast.Attribute, ast.Subscript, ast.Starred)):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else None


def _reach(start, edges) -> set:
    seen, todo = set(start), list(start)
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


# ------------------------------------------------------------------ reading the cells


def _cell_statements(source: str) -> list[ast.stmt]:
    """The top-level statements of one cell that can run, IPython syntax made Python."""
    try:
        source = TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 - then the raw text is parsed, or skipped
        pass
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):  # the cell raised when run: it defined nothing
        return []
    statements = []
    for stmt in tree.body:
        try:  # IPython compiles statement by statement, with top-level await allowed
            compile(ast.Module([stmt], []), "<cel>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        except (SyntaxError, ValueError):
            continue
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and call.func.attr in ("run_line_magic", "run_cell_magic")
                and ast.unparse(call.func.value) == "get_ipython()" and call.args
                and not call.keywords and all(isinstance(a, ast.Constant) for a in call.args)):
            magic, *text = (str(a.value) for a in call.args)
            if magic in SAFE_LINE_MAGICS and call.func.attr == "run_line_magic":
                continue
            if magic == "time":
                statements += _cell_statements("\n".join(text))
                continue
        statements.append(stmt)
    return statements


def _escape(node: ast.AST, library_roots: Collection[str]) -> bool:
    """Whether ``node`` is a way around a textual analysis."""
    if isinstance(node, ast.Name):
        return node.id in _ESCAPE_WORDS or _hidden(node.id)
    if isinstance(node, ast.Attribute):
        # ``super().__init__()`` in a learner's class reaches nothing it did not have
        initialiser = node.attr == "__init__" and ast.unparse(node.value) == "super()"
        return ((_hidden(node.attr) and not initialiser)
                or node.attr in ESCAPE_MODULES | ESCAPE_FUNCTIONS
                # library internals (``pd.compat._optional``) hold importers by name
                or (node.attr.startswith("_") and _base(node) in library_roots))
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        parts = {p for a in node.names for p in a.name.split(".")}
        parts |= set((getattr(node, "module", None) or "").split(".")) - {"__future__"}
        return (bool(getattr(node, "level", 0))  # no package around a notebook: never honest
                or bool(parts & (ESCAPE_MODULES | ESCAPE_FUNCTIONS)) or any(map(_hidden, parts)))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(_hidden(d) for d in _DUNDER_TEXT.findall(node.value) if d != "__main__")
    if isinstance(node, ast.Call):
        text = node.args[0] if node.args else None
        return (any(k.arg == "allow_pickle" for k in node.keywords)
                or (isinstance(node.func, ast.Attribute) and node.func.attr in TEXT_EVALUATORS
                    and not (isinstance(text, ast.Constant) and isinstance(text.value, str))))
    return isinstance(node, ast.MatchClass) and any(map(_hidden, node.kwd_attrs))


@dataclass
class _Statement:
    """What one top-level statement may do to module-level names."""

    node: ast.stmt
    table: symtable.SymbolTable
    binds: set[str] = field(default_factory=set)
    refs: set[str] = field(default_factory=set)
    paths: set[str] = field(default_factory=set)  # imported modules and objects, dotted
    attrs: set[str] = field(default_factory=set)
    star: bool = False
    wild: bool = False  # stores into an object the text cannot name: ``f().x = ...``
    dunder: bool = False  # binds one, in any form: ``import pandas as __builtins__``
    mutates: set[str] = field(default_factory=set)


def _statement(stmt: ast.stmt) -> _Statement:
    text = ast.unparse(stmt)
    # Re-parsed so that line numbers match the symbol table's; an error makes leunt_op True.
    s = _Statement(ast.parse(text).body[0], symtable.symtable(text, "<cel>", "exec"))
    tables = [s.table]
    while tables:
        table = tables.pop()
        tables += table.get_children()
        for sym in table.get_symbols():
            # Methods (``__init__``) are at home in a class; ``__class__`` is super()'s cell.
            s.dunder |= (table.get_type() != "class" and sym.get_name() != "__class__"
                         and _hidden(sym.get_name()))
            if table.get_type() == "module" or sym.is_global():
                if sym.is_referenced():
                    s.refs.add(sym.get_name())
                if sym.is_assigned() or sym.is_imported():
                    s.binds.add(sym.get_name())
    for node in ast.walk(s.node):
        if isinstance(node, ast.Attribute):
            s.attrs.add(node.attr)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            module = getattr(node, "module", None)
            paths = {f"{module}.{a.name}" if module else a.name
                     for a in node.names if a.name != "*"}
            s.paths |= paths | ({module} if module else set())
            s.star |= any(a.name == "*" for a in node.names)
    return s


def _constant(stmt: ast.stmt, name: str) -> bool:
    """Whether ``stmt`` is ``name = <literal number, text or None>``."""
    value = getattr(stmt, "value", None) if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
    value = value.operand if isinstance(value, ast.UnaryOp) else value
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [getattr(stmt, "target", None)]
    return (isinstance(value, ast.Constant) and value.value is not ...
            and all(isinstance(t, ast.Name) and t.id == name for t in targets))


class _Flows:
    """Mutations and aliasing in one statement.

    Keys are module-level names (str) or ``(statement, name)`` for locals: the locals of one
    top-level statement share keys (an over-approximation), those of two never do. An edge
    ``a -> b`` says "a's object may hold b's object": mutating a may mutate b. Not tracked:
    aliasing through what a function returns of its globals.
    """

    def __init__(self, index, bound, setup, modules, exempt):
        self.index, self.bound, self.setup = index, bound, setup
        self.modules, self.exempt = modules, exempt
        self.edges, self.mutated, self.wild = defaultdict(set), set(), False

    def key(self, name, tabs):
        local = False  # several tables (two lambdas on a line): any "global" wins
        for table in tabs:
            try:
                sym = table.lookup(name)
            except KeyError:
                continue
            if table.get_type() == "module" or sym.is_global():
                return name
            local = True
        return (self.index, name) if local else name

    def change(self, key, sources, mutates=True):
        if mutates and key not in self.exempt:
            self.mutated.add(key)
        self.edges[key] |= {s for s in sources if s != key and s not in self.exempt}

    def aliases(self, expr, tabs) -> set:
        """Keys whose objects the value of ``expr`` may be or contain."""
        if isinstance(expr, ast.Name):
            return {self.key(expr.id, tabs)}
        if isinstance(expr, (ast.Attribute, ast.Subscript, ast.Starred, ast.Await)):
            return self.aliases(expr.value, tabs)
        parts = {ast.Tuple: "elts", ast.List: "elts", ast.Set: "elts", ast.BoolOp: "values"}
        if type(expr) in parts:
            parts = getattr(expr, parts[type(expr)])
        elif isinstance(expr, ast.Dict):
            parts = [*expr.keys, *expr.values]
        elif isinstance(expr, ast.IfExp):
            parts = [expr.body, expr.orelse]
        elif isinstance(expr, ast.NamedExpr):
            parts = [expr.target, expr.value]
        elif isinstance(expr, ast.Call):  # a result may be an argument, or part of its object
            parts = [*expr.args, *(k.value for k in expr.keywords)]
            base = _base(expr.func.value) if isinstance(expr.func, ast.Attribute) else None
            if base is not None and self.key(base, tabs) not in self.modules:
                parts.append(expr.func)  # ``d.get(k)`` is part of d; ``pd.Series(x)`` not of pd
        else:
            return set()
        return set().union(*(self.aliases(p, tabs) for p in parts if p is not None))

    def flow(self, target, value, tabs, value_tabs=None):
        sources = set() if value is None else self.aliases(value, value_tabs or tabs)
        for leaf in target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]:
            if isinstance(leaf, (ast.Tuple, ast.List)):
                self.flow(leaf, value, tabs, value_tabs)
            elif (base := _base(leaf)) is None:
                self.wild = True
            else:
                self.change(self.key(base, tabs), sources, mutates=not isinstance(leaf, ast.Name))

    def call(self, node, tabs):
        args = self.aliases(ast.Tuple([*node.args, *(k.value for k in node.keywords)]), tabs)
        if isinstance(node.func, ast.Attribute):
            base = _base(node.func.value)
            if base is not None and (key := self.key(base, tabs)) not in self.modules:
                self.change(key, args)  # a method may change its object: ``d.update(f=...)``
        elif isinstance(node.func, ast.Name):
            key = self.key(node.func.id, tabs)
            if isinstance(key, str) and key not in self.bound and key not in self.setup:
                return  # a builtin: the ones that change arguments are escapes
        for arg in args:  # the callee may change its arguments and connect them
            self.change(arg, args)

    def visit(self, node, tabs):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self.flow(target, node.value, tabs)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            self.flow(node.target, node.value, tabs)
            if isinstance(node, ast.AugAssign):  # ``lijst += [...]`` changes the list itself
                self.flow(ast.Subscript(node.target, ast.Constant(0)), node.value, tabs)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            self.flow(node.target, node.iter, tabs)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self.flow(item.optional_vars, item.context_expr, tabs)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                self.flow(target, None, tabs)
        elif isinstance(node, ast.Call):
            self.call(node, tabs)

    def walk(self, node, tabs):
        if not isinstance(node, _SCOPES):
            self.visit(node, tabs)
            for child in ast.iter_child_nodes(node):
                self.walk(child, tabs)
            return
        # What is evaluated where the scope is defined; then the scope's own symbol table,
        # found by name and line.
        if isinstance(node, _COMPREHENSIONS):
            first = node.generators[0]
            outer = [first.iter]
            inner = [getattr(node, a, None) for a in ("elt", "key", "value")]
            inner += [*first.ifs, *node.generators[1:]]
        elif isinstance(node, ast.ClassDef):
            outer = [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]
            inner = node.body
        else:
            a = node.args
            outer = [*getattr(node, "decorator_list", []), *a.defaults, *a.kw_defaults,
                     getattr(node, "returns", None)]
            every = [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
            outer += [x.annotation for x in every if x]
            inner = node.body if isinstance(node.body, list) else [node.body]
        for part in filter(None, outer):
            self.walk(part, tabs)
        name = getattr(node, "name", None) or _TABLE_NAMES[type(node)]
        scope = [c for t in tabs for c in t.get_children()
                 if c.get_name() == name and c.get_lineno() == node.lineno] or tabs
        if isinstance(node, _COMPREHENSIONS):
            self.flow(node.generators[0].target, node.generators[0].iter, scope, tabs)
        for part in filter(None, inner):
            self.walk(part, scope)


# ------------------------------------------------------------------ values and functions


def _notebook_function(function: types.FunctionType, namespace) -> bool:
    """Defined in a notebook cell (so worth reading), not in a library module."""
    origin = function.__module__
    module = sys.modules.get(origin) if isinstance(origin, str) else None
    return (origin in (None, "__main__") or function.__globals__ is namespace
            or getattr(module, "__dict__", None) is not function.__globals__)


def _contents(cells):
    for cell in cells or ():
        try:
            yield cell.cell_contents
        except ValueError:  # a cell not filled yet
            pass


def _tainted(value, names, packages, namespace, seen) -> bool:
    """Whether ``value`` comes from a forbidden package, or (a notebook function) uses one."""
    if id(value) in seen:
        return False
    seen.add(id(value))
    if isinstance(value, types.ModuleType):
        origin = value.__name__
        if str(origin).split(".")[0] in ESCAPE_MODULES:
            return True
    else:
        try:
            origin = getattr(value, "__module__", "")
        except Exception:  # noqa: BLE001 - an object that will not say
            origin = ""
    if isinstance(origin, str) and _under(origin, packages):
        return True
    if isinstance(value, types.FunctionType) and _notebook_function(value, namespace):
        found, codes = set(), [value.__code__]  # the old guard: names in the code, then values
        while codes:
            code = codes.pop()
            found.update(code.co_names)
            codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        # An import inside the function shows up dotted: ``modules.mkba``.
        if any(names & set(name.split(".")) for name in found):
            return True
        value = [value.__globals__[n] for n in found if n in value.__globals__] + [
            *(value.__defaults__ or ()), *(value.__kwdefaults__ or {}).values(),
            *_contents(value.__closure__)]
    elif isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_tainted(v, names, packages, namespace, seen) for v in value)
    return False


def dynamic_leunt_op(function, *, names: Collection[str], packages: Sequence[str]) -> bool:
    """Whether a real function object leans on a forbidden module: the plain-kernel check.

    Parameters
    ----------
    function : callable
        The learner's function, as the running kernel defined it.
    names, packages : collection of str
        As for ``leunt_op``.

    Returns
    -------
    bool
        True when it uses a forbidden module directly, through a value it names, a default,
        a closure cell, a container or a notebook helper function; and when it is not a
        plain function.
    """
    if not isinstance(function, types.FunctionType):
        return True
    try:
        return _tainted(function, frozenset(names), tuple(packages), function.__globals__, set())
    except Exception:  # noqa: BLE001 - e.g. containers nested too deep
        return True


# ------------------------------------------------------------------ the static check


def leunt_op(function_name: str, learner_sources: Sequence[str], *, names: Collection[str],
             packages: Sequence[str],
             setup_namespace: Mapping[str, object] = {}) -> bool:  # noqa: B006 - only read
    """Whether the learner's function ``function_name`` may rely on a forbidden module.

    Parameters
    ----------
    function_name : str
        The module-level name the learner's cells should bind to their own function.
    learner_sources : sequence of str
        The source of every code cell the learner could edit, in notebook order.
    names : collection of str
        Forbidden names, such as ``{"modules", "mkba"}``: a name, import path or attribute
        with one of them as a dotted component counts.
    packages : sequence of str
        Forbidden packages, such as ``("modules",)``: an import from one counts, and so does a
        setup value that comes from one.
    setup_namespace : mapping
        What the notebook's locked setup cells defined, such as ``{"schulden": <module>}``.

    Returns
    -------
    bool
        False only when the function demonstrably cannot reach a forbidden module; True when
        it may, when the learner did not define it, and when the learner's code anywhere
        uses an escape hatch (``ESCAPE_NAMES``, ``ESCAPE_MODULES``, ``ESCAPE_FUNCTIONS``...).

    Examples
    --------
    >>> eigen = "def cw(b, j, v=0.0225):\\n    return b / (1 + v) ** j"
    >>> leunt_op("cw", [eigen], names={"modules", "mkba"}, packages=("modules",))
    False
    >>> leunt_op("cw", [eigen, "from modules.mkba import present_value as cw"],
    ...          names={"modules", "mkba"}, packages=("modules",))
    True
    """
    try:
        return _leans(function_name, learner_sources, frozenset(names), tuple(packages),
                      setup_namespace)
    except Exception:  # noqa: BLE001 - whatever the analysis cannot handle, it cannot clear
        return True


def _leans(function_name, learner_sources, names, packages, setup) -> bool:
    """``leunt_op`` itself: the statements, the escape hatches, then the dependency closure."""
    statements = [_statement(s) for src in learner_sources for s in _cell_statements(src)]
    bound = set().union(*(s.binds for s in statements))
    if function_name not in bound:
        return True
    binding = {n: [s.node for s in statements if n in s.binds] for n in bound}
    modules = {n for n in bound if all(isinstance(b, ast.Import) for b in binding[n])}
    setup_only = set(setup) - bound
    modules |= {n for n in setup_only if isinstance(setup[n], types.ModuleType)}
    if any(s.dunder for s in statements) or any(
            _escape(n, modules | setup_only) for s in statements for n in ast.walk(s.node)):
        return True
    # Passing these around changes nothing: numbers and texts, and functions whose
    # attributes the learner never reads (``df.apply(contante_waarde)``).
    read = {n.value.id for s in statements for n in ast.walk(s.node)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}
    exempt = {n for n in bound - read
              if all(isinstance(b, _DEFS) and b.name == n for b in binding[n])}
    exempt |= {n for n in bound if all(_constant(b, n) for b in binding[n])}
    exempt |= {n for n in setup_only if isinstance(setup[n], _IMMUTABLE)}
    edges = defaultdict(set)
    for index, s in enumerate(statements):
        flows = _Flows(index, bound, setup, modules, exempt)
        flows.walk(s.node, [s.table])
        s.wild = flows.wild
        s.mutates = {k for k in _reach(flows.mutated, flows.edges) if isinstance(k, str)}
        for key in [k for k in flows.edges if isinstance(k, str)]:
            edges[key] |= {k for k in _reach({key}, flows.edges) if isinstance(k, str)} - {key}

    binders = defaultdict(list)
    for index, s in enumerate(statements):
        for name in s.binds | _reach(s.mutates, edges):
            binders[name].append(index)
    always = [i for i, s in enumerate(statements) if s.star or s.wild]
    known = bound | set(setup) | _BUILTINS
    todo, seen, visited = [function_name], set(), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        # An unknown name is a NameError, or something the kernel bound out of sight: the
        # output history (``Out[3]``, ``_``, ``_3``), a test cell's variables.
        if name not in known or names & {name} or _under(name, packages):
            return True
        # A learner binding does not hide the setup value: it may not have run.
        if name in setup and _tainted(setup[name], names, packages, setup, set()):
            return True
        for index in [*binders.get(name, ()), *always]:
            if index not in visited:
                visited.add(index)
                s = statements[index]
                if s.attrs & names or any(names & set(p.split(".")) or _under(p, packages)
                                          for p in s.paths):
                    return True
                todo.extend(s.refs)
    return False


# ------------------------------------------------------------------ what hidden tests call


@dataclass
class GradingContext:
    """The notebook being graded, as the clean grading process sees it."""

    learner_sources: list[str] = field(default_factory=list)
    setup_namespace: dict = field(default_factory=dict)

    def set_context(self, learner_sources: Sequence[str],
                    setup_namespace: Mapping[str, object]) -> None:
        """Set the learner's editable cells and the setup cells' namespace, once per notebook."""
        self.learner_sources = list(learner_sources)
        # The very dict, not a copy: notebook functions are recognised by their globals.
        self.setup_namespace = (setup_namespace if isinstance(setup_namespace, dict)
                                else dict(setup_namespace))


CONTEXT = GradingContext()
set_context = CONTEXT.set_context


def guard(functie, *, names: Collection[str], packages: Sequence[str]) -> bool:
    """Whether ``functie`` leans on a forbidden module: what hidden tests call.

    Parameters
    ----------
    functie : object
        A proxy from the clean grading process (with a str ``asd_learner_name``), or a real
        function in a plain kernel.
    names, packages : collection of str
        As for ``leunt_op``.

    Returns
    -------
    bool
        ``leunt_op`` on ``CONTEXT`` for a proxy, ``dynamic_leunt_op`` for anything else.
    """
    learner_name = getattr(functie, "asd_learner_name", None)
    if isinstance(learner_name, str):
        return leunt_op(learner_name, CONTEXT.learner_sources, names=names, packages=packages,
                        setup_namespace=CONTEXT.setup_namespace)
    return dynamic_leunt_op(functie, names=names, packages=packages)
