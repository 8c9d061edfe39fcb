import sys

from syndata.cli import main

sys.exit(main())
