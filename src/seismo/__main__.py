import sys

from seismo.serve.cli import main

sys.exit(main())
