import sys

from nkdash_desktop.cli import main

sys.exit(main())
