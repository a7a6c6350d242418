"""The course's domain models: pure, typed, validated, with Dutch messages; no UI.

Conventions, shared by every module:

- Amounts are in euro, at one price level (see :data:`modules.facts.PRICE_YEAR`).
  A benefit is positive, a cost is negative.
- Years are whole years counted from the base year 0. Year 0 is not discounted; an amount
  in year ``t`` is divided by ``(1 + rate) ** t``.
- A rate is a real discount rate as a decimal per year: 0.0225 means 2.25 % per year.
- Bad input raises ``TypeError`` (wrong type) or ``ValueError`` (wrong value) with a Dutch
  message that names the input and the allowed range, so widgets can show it as is
  (:mod:`modules._validation`).

Shared by every module: :mod:`modules.facts` (dated, cited figures), :mod:`modules.income`
(income rules), :mod:`modules.discounting`, :mod:`modules.cases` and
:mod:`modules.uncertainty`. A course module (``mkba``, ...) imports these, never another
course module.
"""
