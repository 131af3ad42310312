from kazan_export.entry import main

main()
