from icusync.cli.main import main

raise SystemExit(main())
