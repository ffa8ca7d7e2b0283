"""python -m seismo.train: rebuild the learned event reader (seismo.train.model)."""
import sys

from seismo.train.model import main

sys.exit(main())
