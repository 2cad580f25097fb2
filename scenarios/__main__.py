from scenarios.machinery.cli import main

main()
