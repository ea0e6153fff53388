from icusync.cli import main

raise SystemExit(main())
