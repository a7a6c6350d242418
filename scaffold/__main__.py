"""``python -m scaffold <name>``: write a draft course module (``make module NAME=<name>``)."""

import sys

from scaffold.new_module import main

sys.exit(main())
