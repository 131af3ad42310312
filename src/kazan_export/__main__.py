from kazan_export.cli import main

main()
