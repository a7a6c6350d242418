# Two commands on a fresh machine (Python 3.11, make, git, npm):
#   make book   set everything up and build the book (learners' edition) into _build/html
#   make test   set everything up and run the whole test suite
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(abspath $(VENV))/bin
# nbgrader runs `alembic` from PATH, so the venv's bin/ comes first for every recipe.
export PATH := $(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
MODULE ?= mkba
JB_FLAGS ?= -W -n --keep-going
# Two editions from the same sources (book/_ext/asd_editions.py). The learners' edition is
# the published one; the trainers' edition adds every module's trainer pages.
# jupyter-book puts --path-output X into X/_build/html; _build/trainers/html links to it.
TRAINERS_OUT := _build/trainers

# Widget JavaScript, vendored so no page asks a CDN. Pinned by version and by checksum.
HTML_MANAGER := @jupyter-widgets/html-manager@1.0.6
HTML_MANAGER_SHA256 := 6c198ceb99ba7e7526990a1de16e8147ad7d3a714e3fb06741183623c04b5f6e
REQUIREJS := requirejs@2.3.7
REQUIREJS_SHA256 := 31f3330c978fb28684622fe71165dc946432cf0210b2ea8a1ca0233e70f2737d
VENDOR := _vendor/jupyter-widgets
VENDOR_STAMP := $(VENDOR)/.done
# axe-core for the browser audit (tests/browser/test_audit.py) only: kept in .cache/axe,
# outside html_static_path, so it never reaches the book. Pinned by version and by checksum.
AXE_CORE := axe-core@4.14.1
AXE_CORE_SHA256 := e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745
AXE := .cache/axe/axe.min.js

.PHONY: help setup vendor book book-trainers serve serve-trainers test exercises module import grade feedback export return forget-cohort bench voila clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
	touch $@

$(VENDOR_STAMP):
	@command -v npm >/dev/null || { echo "npm is needed once to vendor the widget JavaScript (apt-get install -y npm)"; exit 1; }
	rm -rf .cache/npm && mkdir -p .cache/npm $(VENDOR)
	cd .cache/npm && npm pack --silent $(HTML_MANAGER) $(REQUIREJS) >/dev/null
	cd .cache/npm && echo "$(HTML_MANAGER_SHA256)  jupyter-widgets-html-manager-1.0.6.tgz" | sha256sum -c --quiet
	cd .cache/npm && echo "$(REQUIREJS_SHA256)  requirejs-2.3.7.tgz" | sha256sum -c --quiet
	mkdir -p .cache/npm/hm .cache/npm/rj
	tar -xzf .cache/npm/jupyter-widgets-html-manager-1.0.6.tgz -C .cache/npm/hm
	tar -xzf .cache/npm/requirejs-2.3.7.tgz -C .cache/npm/rj
	cp .cache/npm/hm/package/dist/embed-amd.js $(VENDOR)/
	cp .cache/npm/hm/package/dist/*.{woff2,woff,ttf,eot,svg} $(VENDOR)/
	cp .cache/npm/hm/package/LICENSE $(VENDOR)/LICENSE.html-manager
	cp .cache/npm/rj/package/require.js $(VENDOR)/
	touch $@

setup: $(STAMP) $(VENDOR_STAMP) ## Create .venv, install the pinned stack, vendor widget JS

$(AXE):
	@command -v npm >/dev/null || { echo "npm is needed once to vendor axe-core for the tests (apt-get install -y npm)"; exit 1; }
	rm -rf .cache/axe && mkdir -p .cache/axe/pack
	cd .cache/axe/pack && npm pack --silent $(AXE_CORE) >/dev/null
	cd .cache/axe/pack && echo "$(AXE_CORE_SHA256)  axe-core-4.14.1.tgz" | sha256sum -c --quiet
	tar -xzf .cache/axe/pack/axe-core-4.14.1.tgz -C .cache/axe/pack
	cp .cache/axe/pack/package/LICENSE .cache/axe/LICENSE
	cp .cache/axe/pack/package/axe.min.js $@

# The tests need axe-core (the browser audit); the book does not. An extra prerequisite line,
# so the test target's own line stays as it is.
test: $(AXE)

vendor: $(VENDOR_STAMP)

book: setup ## Build the learners' edition (published; no trainer pages) into _build/html
	$(BIN)/jupyter-book build . --toc _toc.yml $(JB_FLAGS)
	@echo
	@echo "Book built. Open _build/html/index.html, or run 'make serve' and visit http://$(HOST):$(PORT)/"

book-trainers: setup ## Build the trainers' edition (with trainer guides) into _build/trainers/html
	$(BIN)/jupyter-book build . --toc _toc_trainers.yml --path-output $(TRAINERS_OUT) $(JB_FLAGS)
	ln -sfn _build/html $(TRAINERS_OUT)/html
	@echo
	@echo "Trainers' edition built: $(TRAINERS_OUT)/html/index.html ('make serve-trainers'). Do not publish it."

serve: ## Serve the learners' edition, _build/html, on 127.0.0.1 (PORT=8000)
	@test -f _build/html/index.html || { echo "No book yet: run 'make book' first"; exit 1; }
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory _build/html

serve-trainers: ## Serve the trainers' edition on 127.0.0.1 (PORT=8000)
	@test -f $(TRAINERS_OUT)/html/index.html || { echo "No trainers' edition yet: run 'make book-trainers' first"; exit 1; }
	@echo "Serving the trainers' edition on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory $(TRAINERS_OUT)/html

# Source notebooks are written by grading/build_<module>_source.py (reviewable in a diff);
# then nbgrader's generate_assignment makes the learners' versions.
exercises: setup ## Regenerate solutions/ notebooks from their builders, then exercises/
	for builder in grading/build_*_source.py; do \
	  $(BIN)/python -m grading.$$(basename $$builder .py); done
	$(BIN)/python -m grading.release

# A course author's first step: a draft module from scaffold/template/ (model, widget, pages,
# dashboard, assignment, tests), added to both tocs, with solutions/ and exercises/ written.
# Every text still to write says TE SCHRIJVEN; tests/test_scaffold.py fails while one is left.
module: setup ## Write a draft module from the template (NAME=schulden)
	@test -n "$(NAME)" || { echo "Geef de naam van de module: make module NAME=schulden"; exit 2; }
	$(BIN)/python -m scaffold $(NAME)

# Trainers: a learning platform's download (Brightspace, Canvas, Moodle: a zip or a folder) or a
# folder of <learner>.ipynb, placed as submitted/<learner>/<module>/<notebook>; report in
# feedback/<module>-import.txt, who is who in imports/<module>/deelnemers.csv (personal data).
import: setup ## Put a platform's download of submissions in submitted/ (MODULE=mkba FROM=download.zip)
	@test -n "$(FROM)" || { echo "Geef de download: make import MODULE=mkba FROM=pad/naar/download.zip"; exit 2; }
	$(BIN)/python -m grading.submissions_import $(MODULE) "$(FROM)"

# Trainers: learners' notebooks go in submitted/<learner>/<module>/ first (make import).
# grading.intake checks every learner's folder first (report: feedback/<module>-inname.txt);
# one learner's failure must not stop the others' grades or feedback.
# generate_assignment registers the assignment in this checkout's gradebook (it rewrites
# exercises/<module> to the same files); grading.parallel then does what nbgrader autograde
# and generate_feedback do, learner by learner in parallel workers (WORKERS=n to choose).
grade: setup ## Autograde every learner's MODULE and write their feedback (MODULE=mkba)
	$(BIN)/python -m grading.sandbox
	nbgrader generate_assignment $(MODULE) --force
	$(BIN)/python -m grading.intake $(MODULE)
	$(BIN)/python -m grading.parallel $(MODULE) $(if $(WORKERS),--workers $(WORKERS)) || echo "Let op: bij ten minste één cursist is het nakijken niet gelukt (zie hierboven); de anderen zijn wel nagekeken en hebben feedback."
	$(BIN)/python -m grading.report $(MODULE) || echo "Let op: het groepsrapport kon niet worden gemaakt (zie hierboven); de feedback is wel klaar."
	@echo "Feedback per learner: feedback/<learner>/$(MODULE)/. Grade written answers in the formgrader, then run 'make feedback'."

feedback: setup ## Regenerate feedback after manual grading (MODULE=mkba)
	nbgrader generate_feedback $(MODULE) --force
	$(BIN)/python -m grading.report $(MODULE) || echo "Let op: het groepsrapport kon niet worden gemaakt (zie hierboven); de feedback is wel klaar."

# The grades as a Dutch CSV (semicolons, decimal commas) with the pass mark of
# grading/cesuur.toml: voldoende, onvoldoende, nog niet compleet or niet ingeleverd.
export: setup ## Export the grades of MODULE as CSV: reports/<module>-cijfers.csv (MODULE=mkba)
	nbgrader export --assignment $(MODULE) --to reports/$(MODULE)-cijfers.csv
	@echo "Cijfers: reports/$(MODULE)-cijfers.csv"

# One zip per learner with their feedback pages: feedback/<module>-terug/, to upload or mail.
return: setup ## Pack each learner's feedback in a zip of their own (MODULE=mkba)
	$(BIN)/python -m grading.return_feedback $(MODULE)

# AVG: delete the group's learner data (submitted/, autograded/, feedback/, imports/, reports/,
# the gradebook's students, submissions, grades and comments). Every assignment unless MODULE
# is given on the command line (its default mkba does not count here); CURSIST="a b" for some
# learners only. Without CONFIRM=ja it only shows what it would delete.
FORGET_MODULE := $(if $(filter command line environment,$(origin MODULE)),$(MODULE))
forget-cohort: setup ## Delete the group's learner data; shows it first (CONFIRM=ja deletes; MODULE=, CURSIST=)
	$(BIN)/python -m grading.forget $(FORGET_MODULE) $(foreach c,$(CURSIST),--cursist $(c)) $(if $(filter ja,$(CONFIRM)),--ja)

test: setup ## Run the whole suite: unit, widgets, notebooks, book build, grading, browser
	$(BIN)/python -m pytest -n auto --dist loadfile --durations=15

bench: setup ## Print the benchmark table (book builds, widget latency, Monte Carlo)
	$(BIN)/python -m bench

# voila.json (read from this folder) picks the "asd" template in book/_voila: Voila's lab
# template without its CDN stylesheets, with named slider handles; it also leaves out the
# JupyterLab extensions a dashboard does not need (they only throw errors there).
voila: setup ## Serve a module's simulation as a Voila dashboard (MODULE=mkba)
	JUPYTER_PATH=$(CURDIR)/book/_voila $(BIN)/voila book/$(MODULE)/dashboard.ipynb \
	  --no-browser --Voila.ip=$(HOST) --port=$(PORT)

clean: ## Remove generated files (keeps .venv)
	rm -rf _build .cache _vendor .pytest_cache .hypothesis
